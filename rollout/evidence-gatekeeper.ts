// A constraint's status after Gatekeeper's audit as evidence: a clean count is worth something
// only from a recent audit that ran without errors.
import { isRecord, type ConstraintRef, type EvidenceFinding, type EvidenceProblem } from "./evidence-types.js";

/** Clock skew between the cluster and this machine that is tolerated. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function freshness(value: unknown, judged: { now: Date; maxAgeHours: number }): EvidenceProblem | undefined {
  const text = value instanceof Date ? value.toISOString() : value;
  if (text === undefined || text === null) return { rule: "audit-fresh", detail: "there is no status.auditTimestamp: when the audit ran is unknown" };
  // Date.parse accepts far more than RFC 3339 ("1999", "last tuesday" on some engines).
  const time = typeof text === "string" && RFC3339.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) return { rule: "audit-fresh", detail: `status.auditTimestamp '${String(text)}' is not an RFC 3339 time` };
  const age = judged.now.getTime() - time;
  if (age < -FUTURE_TOLERANCE_MS) return { rule: "audit-fresh", detail: `status.auditTimestamp ${String(text)} is in the future (${Math.round(-age / 60_000)} minutes ahead of ${judged.now.toISOString()})` };
  if (age > judged.maxAgeHours * 3_600_000) {
    return { rule: "audit-fresh", detail: `status.auditTimestamp ${String(text)} is ${Math.floor(age / 3_600_000)} hours old, more than --max-evidence-age ${judged.maxAgeHours}` };
  }
  return undefined;
}

function auditErrors(status: Record<string, unknown>): EvidenceProblem | undefined {
  const byPod = Array.isArray(status["byPod"]) ? status["byPod"] : [];
  for (const [index, pod] of byPod.entries()) {
    if (!isRecord(pod) || !Array.isArray(pod["errors"]) || pod["errors"].length === 0) continue;
    const first = pod["errors"][0];
    const message = isRecord(first) ? `${String(first["code"] ?? "error")}: ${String(first["message"] ?? "")}` : JSON.stringify(first);
    const id = typeof pod["id"] === "string" ? ` (${pod["id"]})` : "";
    return { rule: "no-audit-errors", detail: `status.byPod[${index}]${id} reports ${pod["errors"].length} audit error(s), the first: ${message}` };
  }
  return undefined;
}

export function fromConstraintStatus(file: string, constraint: Record<string, unknown>, target: ConstraintRef, judged: { now: Date; maxAgeHours: number }): EvidenceFinding {
  const metadata = isRecord(constraint["metadata"]) ? constraint["metadata"] : {};
  const kind = String(constraint["kind"]);
  const name = String(metadata["name"]);
  if (kind !== target.kind || name !== target.name) {
    const summary = `Gatekeeper audit of ${kind}/${name}, not ${target.kind}/${target.name}`;
    return { source: "gatekeeper-audit", file, violations: undefined, summary, problems: [{ rule: "same-constraint", detail: summary }] };
  }
  const status = isRecord(constraint["status"]) ? constraint["status"] : {};
  const total = status["totalViolations"];
  const at = typeof status["auditTimestamp"] === "string" ? ` at ${status["auditTimestamp"]}` : "";
  const problems: EvidenceProblem[] = [];
  const counted = typeof total === "number" && Number.isInteger(total) && total >= 0;
  if (total === undefined) problems.push({ rule: "violation-count", detail: `Gatekeeper audit of ${kind}/${name} has no status.totalViolations (has audit run?)` });
  else if (!counted) problems.push({ rule: "violation-count", detail: `status.totalViolations is ${JSON.stringify(total)}, not a count of violations` });
  const errors = auditErrors(status);
  if (errors) problems.push(errors);
  const stale = freshness(status["auditTimestamp"], judged);
  if (stale) problems.push(stale);
  const summary = counted ? `Gatekeeper audit${at}: ${total} violation(s) of ${kind}/${name}` : `Gatekeeper audit${at} of ${kind}/${name} without a violation count`;
  if (counted && total > 0) problems.push({ rule: "no-violations", detail: `the evidence shows violations: ${summary}` });
  return { source: "gatekeeper-audit", file, violations: counted ? total : undefined, summary, problems };
}
