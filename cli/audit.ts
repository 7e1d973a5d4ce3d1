// `gkc audit [paths...]`: review manifests against the project's constraints (or Gatekeeper-native
// Constraint YAML) with the compiled templates, as Gatekeeper's gator enforcement point would.
// Exit status: 1 iff a deny-level violation; 2 on a usage or input error; else 0.
import { CommanderError, Option, type Command } from "commander";
import cliProgress from "cli-progress";
import pc from "picocolors";
import { runAudit } from "../audit/audit.js";
import { formatJson } from "../audit/report/json.js";
import { formatJunit } from "../audit/report/junit.js";
import { formatSarif } from "../audit/report/sarif.js";
import { formatError, formatText } from "../audit/report/text.js";
import type { AuditReport } from "../audit/types.js";

export const AUDIT_FORMATS = ["text", "json", "junit", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface AuditCommandOptions {
  readonly constraints?: readonly string[];
  readonly format: AuditFormat;
  readonly out: string;
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

export async function runAuditCommand(paths: readonly string[], options: AuditCommandOptions): Promise<number> {
  if (!paths.length) {
    console.error("gkc audit: no input: give manifest files, directories, or - for stdin (e.g. `helm template . | gkc audit -`)");
    return 2;
  }
  const progress = progressReporter(options.progress);
  let report: AuditReport;
  try {
    report = await runAudit({
      paths,
      out: options.out,
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

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("audit Kubernetes manifests against the constraints with the compiled templates (OPA wasm), as Gatekeeper's gator would; exit 1 on a deny violation, 2 on an input error")
    .argument("[paths...]", "manifest files or directories (.yaml, .yml, .json, recursively); - reads stdin")
    .option("--constraints <path>", "Gatekeeper Constraint YAML file or directory, repeatable; when given, only these constraints are enforced (default: the project's own, from policies/)", (value: string, previous: string[] = []) => [...previous, value])
    .addOption(new Option("--format <format>", "output format").choices([...AUDIT_FORMATS]).default("text"))
    .option("--out <dir>", "bundle directory with the compiled templates", "out")
    .option("--no-progress", "never show a progress bar")
    .option("--no-color", "no colours in text output")
    .exitOverride((error: CommanderError) => {
      // Usage errors exit 2, like every other input error of gkc audit; --help exits 0.
      process.exit(error.exitCode === 0 ? 0 : 2);
    })
    .action(async (paths: string[], options: AuditCommandOptions) => {
      process.exitCode = await runAuditCommand(paths, options);
    });
}
