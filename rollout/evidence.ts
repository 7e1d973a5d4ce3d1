// Evidence for a promotion: a `gkc audit --format json` report, or Gatekeeper's own audit
// results (`kubectl get <kind> <name> -o yaml`, or `kubectl get constraints -o yaml`).
import { readFileSync } from "node:fs";
import { parse } from "yaml";

export interface ConstraintRef {
  readonly kind: string;
  readonly name: string;
}

/** What the evidence says about one constraint. */
export interface EvidenceFinding {
  readonly source: "gkc-audit" | "gatekeeper-audit";
  readonly file: string;
  /** Violations of the constraint the evidence records; undefined when it has no data on it. */
  readonly violations: number | undefined;
  /** One line for logs and refusals. */
  readonly summary: string;
}

export class EvidenceError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseDocument(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new EvidenceError(`${file}: cannot read evidence: ${(error as Error).message}`);
  }
  try {
    return parse(text);
  } catch (error) {
    throw new EvidenceError(`${file}: evidence is neither JSON nor YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** Reads `file` and reports what it says about `target`. */
export function readEvidence(file: string, target: ConstraintRef): EvidenceFinding {
  const document = parseDocument(file);
  if (!isRecord(document)) throw new EvidenceError(`${file}: evidence must be a gkc audit JSON report or Gatekeeper constraint YAML`);
  if (Array.isArray(document["violations"]) && "summary" in document) return fromAuditReport(file, document, target);
  if (document["kind"] === "List" || Array.isArray(document["items"])) {
    const items = Array.isArray(document["items"]) ? document["items"] : [];
    const match = items.find((item) => isRecord(item) && item["kind"] === target.kind && isRecord(item["metadata"]) && item["metadata"]["name"] === target.name);
    if (!match) {
      return { source: "gatekeeper-audit", file, violations: undefined, summary: `Gatekeeper audit list without ${target.kind}/${target.name}` };
    }
    return fromConstraintStatus(file, match as Record<string, unknown>, target);
  }
  if (typeof document["kind"] === "string" && isRecord(document["metadata"])) return fromConstraintStatus(file, document, target);
  throw new EvidenceError(`${file}: evidence must be a gkc audit JSON report or Gatekeeper constraint YAML`);
}

function fromConstraintStatus(file: string, constraint: Record<string, unknown>, target: ConstraintRef): EvidenceFinding {
  const metadata = constraint["metadata"] as Record<string, unknown>;
  const kind = String(constraint["kind"]);
  const name = String(metadata["name"]);
  if (kind !== target.kind || name !== target.name) {
    return { source: "gatekeeper-audit", file, violations: undefined, summary: `Gatekeeper audit of ${kind}/${name}, not ${target.kind}/${target.name}` };
  }
  const status = isRecord(constraint["status"]) ? constraint["status"] : {};
  const total = status["totalViolations"];
  const auditTimestamp = typeof status["auditTimestamp"] === "string" ? ` at ${status["auditTimestamp"]}` : "";
  if (typeof total !== "number") {
    return { source: "gatekeeper-audit", file, violations: undefined, summary: `Gatekeeper audit of ${kind}/${name} has no status.totalViolations (has audit run?)` };
  }
  return { source: "gatekeeper-audit", file, violations: total, summary: `Gatekeeper audit${auditTimestamp}: ${total} violation(s) of ${kind}/${name}` };
}

function fromAuditReport(file: string, report: Record<string, unknown>, target: ConstraintRef): EvidenceFinding {
  const violations = (report["violations"] as unknown[]).filter(
    (v) => isRecord(v) && isRecord(v["constraint"]) && v["constraint"]["kind"] === target.kind && v["constraint"]["name"] === target.name,
  ).length;
  // A report says nothing about a constraint it did not evaluate: zero violations there is no evidence.
  const evaluated = Array.isArray(report["constraints"])
    ? report["constraints"].some((c) => isRecord(c) && c["kind"] === target.kind && c["name"] === target.name)
    : violations > 0;
  if (!evaluated) {
    return { source: "gkc-audit", file, violations: undefined, summary: `gkc audit report that did not evaluate ${target.kind}/${target.name}` };
  }
  const summary = isRecord(report["summary"]) && typeof report["summary"]["objects"] === "number" ? ` over ${report["summary"]["objects"]} object(s)` : "";
  return { source: "gkc-audit", file, violations, summary: `gkc audit${summary}: ${violations} violation(s) of ${target.kind}/${target.name}` };
}
