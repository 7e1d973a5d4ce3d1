// The audit thread's entry point (see audit-thread.ts): runs the audit, formats the report and
// posts it back as text.
import { parentPort, workerData } from "node:worker_threads";
import { auditAndFormat, type AuditThreadMessage, type AuditThreadRequest } from "./audit-thread.js";

const request = workerData as AuditThreadRequest;
const post = (message: AuditThreadMessage): void => parentPort!.postMessage(message);

try {
  const result = await auditAndFormat(request, request.progress ? (done, total) => post({ type: "progress", done, total }) : undefined);
  post({ type: "result", result });
} catch (error) {
  post({ type: "failure", message: error instanceof Error ? error.message : String(error) });
}
