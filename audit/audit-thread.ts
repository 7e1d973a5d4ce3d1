// Runs `gkc audit` in a worker thread with a 64 MiB stack. The `yaml` composer, OPA's wasm SDK
// (JSON.stringify of the input) and structuredClone recurse once per nesting level and overflow
// Node's default stack (under 1 MiB) from about 800 levels; gator reads 10,000. 64 MiB reads
// about 40,000 levels of any shape, four times the limit gkc enforces (audit-depth.ts). Only
// text crosses back: a deep object could not be cloned to this thread's stack.
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
}

export type AuditThreadMessage =
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "result"; readonly result: AuditThreadResult }
  | { readonly type: "failure"; readonly message: string };

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
