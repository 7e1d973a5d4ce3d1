// Where `gkc audit` runs. The `yaml` composer, OPA's wasm SDK (JSON.stringify of the input) and
// structuredClone recurse once per nesting level and overflow Node's default stack (under 1 MiB)
// from about 800 levels; gator reads 10,000. A worker thread with a 64 MiB stack reads about
// 40,000 levels of any shape, four times the limit gkc enforces (audit-depth.ts); only text
// crosses back, as a deep object could not be cloned to the command's stack. Starting that
// thread and loading the audit's modules a second time costs about as much as auditing a
// hundred manifests, so the audit first runs in the command's own thread, where it refuses any
// document nested more than SMALL_STACK_LEVELS deep or using an alias (NeedsLargerStack), and
// is re-run in the big-stack thread when it does, or when that run reports any error or throws.
import { Worker } from "node:worker_threads";
import type { AuditFormat } from "./audit-format.js";
import type { AuditOptions } from "./audit.js";
import type { ProjectLayout } from "../compiler/project.js";

const STACK_MB = 64;

export interface AuditThreadRequest {
  readonly audit: Omit<AuditOptions, "project" | "readStdin" | "onProgress"> & { readonly project: ProjectLayout };
  /** Stdin, read by the caller (a worker has no stdin of its own). */
  readonly stdin?: Uint8Array;
  readonly format: AuditFormat;
  readonly color: boolean;
  readonly progress: boolean;
}

export interface AuditThreadResult {
  /** The formatted report. */
  readonly output: string;
  /** Each error of the report on one line (file:line: message). */
  readonly errors: readonly string[];
  readonly exitCode: 0 | 1 | 2;
  /** Notes for stderr (AuditReport.notes). */
  readonly notes: readonly string[];
}

export type AuditThreadMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "result"; readonly result: AuditThreadResult }
  | { readonly type: "failure"; readonly message: string };

/** How deep a document may nest for the audit to run on the command's own (default) stack. */
const SMALL_STACK_LEVELS = 100;

/** Runs the audit in the calling thread and formats its report. */
export async function auditAndFormat(request: AuditThreadRequest, onProgress?: (done: number, total: number) => void, stackLevels?: number): Promise<AuditThreadResult> {
  const [{ runAudit }, { formatReport }, { formatError }] = await Promise.all([import("./audit.js"), import("./audit-format.js"), import("./report/text.js")]);
  const stdin = request.stdin;
  const report = await runAudit({
    ...request.audit,
    ...(stdin ? { readStdin: async () => stdin } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(stackLevels !== undefined ? { stackLevels } : {}),
  });
  return { output: await formatReport(report, request.format, request.color), errors: report.errors.map(formatError), exitCode: report.summary.exitCode, notes: report.notes ?? [] };
}

/**
 * The audit in this thread when it completes without an error; otherwise (an error reported or
 * thrown, e.g. by a document too deep for this thread's stack) in the big-stack thread.
 */
export async function auditInBestThread(request: AuditThreadRequest, onProgress?: (done: number, total: number) => void): Promise<AuditThreadResult> {
  try {
    // The thread may take the stdin buffer (transferred): give this run a copy.
    const here = await auditAndFormat(request.stdin ? { ...request, stdin: request.stdin.slice() } : request, onProgress, SMALL_STACK_LEVELS);
    if (!here.errors.length) return here;
  } catch {
    // Re-run where the stack is large enough; that run reports the error if it is real.
  }
  return runAuditThread(request, onProgress);
}

/** The audit in its thread; rejects with the thread's error (a missing project, say). */
export function runAuditThread(request: AuditThreadRequest, onProgress?: (done: number, total: number) => void): Promise<AuditThreadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./audit-worker.js", import.meta.url), {
      workerData: request,
      // Stdin (up to --max-input-bytes) moves to the thread instead of being copied.
      transferList: request.stdin ? [request.stdin.buffer as ArrayBuffer] : [],
      resourceLimits: { stackSizeMb: STACK_MB },
    });
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on("message", (message: AuditThreadMessage) => {
      if (message.type === "progress") onProgress?.(message.done, message.total);
      else if (message.type === "result") settle(() => resolve(message.result));
      else settle(() => reject(new Error(message.message)));
    });
    worker.on("error", (error: Error) => settle(() => reject(error)));
    worker.on("exit", (code) => settle(() => reject(new Error(`the audit thread stopped (exit code ${code}) before its report`))));
  });
}
