// A `gkc audit --format json` report (docs/audit-json.md) as evidence. Zero violations prove
// nothing unless the audit completed, read objects, and the constraint matched some of them.
import { isRecord, type ConstraintRef, type EvidenceFinding, type EvidenceProblem } from "./evidence-types.js";

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function describeError(error: unknown): string {
  if (!isRecord(error)) return JSON.stringify(error);
  const source = isRecord(error["source"]) ? `${String(error["source"]["file"])}:${String(error["source"]["line"])}: ` : "";
  return `${source}${String(error["message"])}`;
}

export function fromAuditReport(file: string, report: Record<string, unknown>, target: ConstraintRef): EvidenceFinding {
  const ref = `${target.kind}/${target.name}`;
  const summary = isRecord(report["summary"]) ? report["summary"] : {};
  const problems: EvidenceProblem[] = [];

  const exitCode = summary["exitCode"];
  if (exitCode !== 0 && exitCode !== 1) {
    const shown = exitCode === undefined ? "missing" : JSON.stringify(exitCode);
    problems.push({ rule: "report-complete", detail: `summary.exitCode is ${shown}: the audit did not complete` });
  }
  const objects = summary["objects"];
  if (!isCount(objects) || objects === 0) {
    problems.push({ rule: "objects-read", detail: `summary.objects is ${objects === undefined ? "missing" : JSON.stringify(objects)}: the audit read no object` });
  }
  const errors = report["errors"];
  if (!Array.isArray(errors)) {
    problems.push({ rule: "no-errors", detail: "errors[] is missing: not a complete gkc audit report" });
  } else if (errors.length > 0) {
    problems.push({ rule: "no-errors", detail: `errors[] has ${errors.length} entr${errors.length === 1 ? "y" : "ies"}, the first: ${describeError(errors[0])}` });
  }

  const entry = Array.isArray(report["constraints"])
    ? report["constraints"].find((c): c is Record<string, unknown> => isRecord(c) && c["kind"] === target.kind && c["name"] === target.name)
    : undefined;
  if (!entry) {
    problems.push({ rule: "constraint-evaluated", detail: `gkc audit report that did not evaluate ${ref}` });
  } else if (!isCount(entry["matched"])) {
    problems.push({ rule: "constraint-matched", detail: `constraints[] gives no matched count for ${ref}: the report cannot show it was exercised` });
  } else if (entry["matched"] === 0) {
    problems.push({ rule: "constraint-matched", detail: `${ref} matched 0 of ${isCount(objects) ? objects : "?"} object(s): the audit never exercised it` });
  }

  const violations = (report["violations"] as unknown[]).filter(
    (v) => isRecord(v) && isRecord(v["constraint"]) && v["constraint"]["kind"] === target.kind && v["constraint"]["name"] === target.name,
  ).length;
  const over = isCount(objects) ? ` over ${objects} object(s)` : "";
  const line = `gkc audit${over}: ${violations} violation(s) of ${ref}`;
  if (violations > 0) problems.push({ rule: "no-violations", detail: `the evidence shows violations: ${line}` });
  // Without an evaluation there is no count, only an absence of findings.
  return { source: "gkc-audit", file, violations: entry ? violations : undefined, summary: entry ? line : `gkc audit report that did not evaluate ${ref}`, problems };
}
