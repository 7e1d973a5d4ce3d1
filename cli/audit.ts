// `gkc audit [paths...]`: review manifests against the project's constraints (or Gatekeeper-native
// Constraint YAML) with the compiled templates, as Gatekeeper's gator enforcement point would.
//
// Exit status (the "Exit status" help of cli/main.ts, and summary.exitCode of docs/audit-json.md):
//   0  no deny-level violation (warn and dry-run violations are reported only);
//   1  a deny-level violation, and no error;
//   2  a usage or input error, which wins over 1: no input path; no Kubernetes object read
//      (unless --allow-empty); --constraints with no constraint; a malformed, binary, non-regular,
//      too deeply nested or oversized (--max-input-bytes) input; an invalid constraint; a missing
//      template; an evaluation error.
// The gate fails closed: anything that leaves the audit incomplete is 2, never 0.
import pc from "picocolors";
import type { AuditFormat } from "../audit/audit-format.js";
import { DEFAULT_MAX_INPUT_BYTES, readStreamBytes, STDIN } from "../audit/audit-read.js";
import { auditInBestThread } from "../audit/audit-thread.js";
import type { ProjectLayout } from "../compiler/project.js";

export { AUDIT_FORMATS, formatReport, type AuditFormat } from "../audit/audit-format.js";

export interface AuditCommandOptions {
  readonly constraints?: readonly string[];
  readonly format: AuditFormat;
  /** The bundle directory as the user named it, for messages. */
  readonly outLabel?: string;
  readonly progress: boolean;
  readonly color: boolean;
  /** Pass (exit 0) when the input holds no object, instead of failing closed. */
  readonly allowEmpty?: boolean;
  /** The limit on the input bytes read in total, stdin included (--max-input-bytes; default 256 MiB). */
  readonly maxInputBytes?: number;
  /** Evaluation threads (--threads); default: by the number of objects and cores. */
  readonly threads?: number;
}

/** How long a run goes before it shows a progress bar (only when stderr is a TTY). */
const PROGRESS_AFTER_MS = 1000;

async function progressReporter(enabled: boolean): Promise<{ onProgress?: (done: number, total: number) => void; stop: () => void }> {
  if (!enabled || !process.stderr.isTTY) return { stop: () => undefined };
  const { default: cliProgress } = await import("cli-progress");
  const start = Date.now();
  let bar: import("cli-progress").SingleBar | undefined;
  return {
    onProgress: (done, total) => {
      if (!bar && done < total && Date.now() - start > PROGRESS_AFTER_MS) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, clearOnComplete: true, hideCursor: true, format: "gkc audit [{bar}] {percentage}% | {value}/{total} objects | ETA {eta}s" },
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
  const color = options.color && options.format === "text" && (process.stdout.isTTY === true || Boolean(process.env["FORCE_COLOR"])) && pc.isColorSupported;
  // The audit thread has no stdin: read it here, counted, and stop past the limit (readInputs reports it).
  const stdin = paths.includes(STDIN) ? await readStreamBytes(process.stdin, options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES) : undefined;
  const progress = await progressReporter(options.progress);
  let result;
  try {
    result = await auditInBestThread(
      {
        audit: {
          paths,
          project,
          ...(options.outLabel ? { outLabel: options.outLabel } : {}),
          ...(options.constraints?.length ? { constraints: options.constraints } : {}),
          ...(options.allowEmpty ? { allowEmpty: true } : {}),
          ...(options.maxInputBytes !== undefined ? { maxInputBytes: options.maxInputBytes } : {}),
          ...(options.threads !== undefined ? { threads: options.threads } : {}),
        },
        ...(stdin ? { stdin } : {}),
        format: options.format,
        color,
        progress: progress.onProgress !== undefined,
      },
      progress.onProgress,
    );
  } finally {
    progress.stop();
  }
  for (const note of result.notes) console.error(`gkc audit: note: ${note}`);
  process.stdout.write(result.output);
  if (options.format !== "text") {
    // The document on stdout carries the errors too; say them where a person looks.
    for (const error of result.errors) console.error(`gkc audit: ${error}`);
  }
  return result.exitCode;
}
