// `gkc audit [paths...]`: review manifests against the project's constraints (or Gatekeeper-native
// Constraint YAML) with the compiled templates, as Gatekeeper's gator enforcement point would.
// Exit status: 1 iff a deny-level violation; 2 on a usage or input error; else 0.
import cliProgress from "cli-progress";
import pc from "picocolors";
import { runAudit } from "../audit/audit.js";
import { formatJson } from "../audit/report/json.js";
import { formatJunit } from "../audit/report/junit.js";
import { formatSarif } from "../audit/report/sarif.js";
import { formatError, formatText } from "../audit/report/text.js";
import type { AuditReport } from "../audit/types.js";
import type { ProjectLayout } from "../compiler/project.js";

export const AUDIT_FORMATS = ["text", "json", "junit", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditCommandOptions {
  readonly constraints?: readonly string[];
  readonly format: AuditFormat;
  /** The bundle directory as the user named it, for messages. */
  readonly outLabel?: string;
  readonly progress: boolean;
  readonly color: boolean;
}

/** How long a run goes before it shows a progress bar (only when stderr is a TTY). */
const PROGRESS_AFTER_MS = 1000;

export function formatReport(report: AuditReport, format: AuditFormat, color: boolean): string {
  switch (format) {
    case "json":
      return formatJson(report);
    case "junit":
      return formatJunit(report);
    case "sarif":
      return formatSarif(report);
    case "text":
      return formatText(report, color);
  }
}

function progressReporter(enabled: boolean): { onProgress?: (done: number, total: number) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { stop: () => undefined };
  const start = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    onProgress: (done, total) => {
      if (!bar && done < total && Date.now() - start > PROGRESS_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, clearOnComplete: true, hideCursor: true, format: "gkc audit [{bar}] {percentage}% | {value}/{total} object × template steps | ETA {eta}s" },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar?.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export async function runAuditCommand(paths: readonly string[], options: AuditCommandOptions, project: ProjectLayout): Promise<number> {
  if (!paths.length) {
    console.error("gkc audit: no input: give manifest files, directories, or - for stdin (e.g. `helm template . | gkc audit -`)");
    return 2;
  }
  const progress = progressReporter(options.progress);
  let report: AuditReport;
  try {
    report = await runAudit({
      paths,
      project,
      ...(options.outLabel ? { outLabel: options.outLabel } : {}),
      ...(options.constraints?.length ? { constraints: options.constraints } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } finally {
    progress.stop();
  }
  const color = options.color && options.format === "text" && (process.stdout.isTTY === true || Boolean(process.env["FORCE_COLOR"])) && pc.isColorSupported;
  process.stdout.write(formatReport(report, options.format, color));
  if (options.format !== "text") {
    // The document on stdout carries the errors too; say them where a person looks.
    for (const error of report.errors) console.error(`gkc audit: ${formatError(error)}`);
  }
  return report.summary.exitCode;
}
