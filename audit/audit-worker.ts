// The audit thread's entry point (see audit-thread.ts): runs the audit, formats the report and
// posts it back as text.
import { parentPort, workerData } from "node:worker_threads";
import { formatReport } from "./audit-format.js";
import type { AuditThreadMessage, AuditThreadRequest } from "./audit-thread.js";
import { runAudit } from "./audit.js";
import { formatError } from "./report/text.js";

const request = workerData as AuditThreadRequest;
const post = (message: AuditThreadMessage): void => parentPort!.postMessage(message);
const stdin = request.stdin;

try {
  const report = await runAudit({
    ...request.audit,
    ...(stdin ? { readStdin: async () => stdin } : {}),
    ...(request.progress ? { onProgress: (done: number, total: number) => post({ type: "progress", done, total }) } : {}),
  });
  post({ type: "result", result: { output: formatReport(report, request.format, request.color), errors: report.errors.map(formatError), exitCode: report.summary.exitCode } });
} catch (error) {
  post({ type: "failure", message: error instanceof Error ? error.message : String(error) });
}
