// Evidence for a promotion: a `gkc audit --format json` report, or Gatekeeper's own audit
// results (`kubectl get <kind> <name> -o yaml`, or `kubectl get constraints -o yaml`).
// Evidence counts only when it shows the constraint was exercised and passed: every rule a
// document breaks is reported by name, so a refusal says exactly what is missing.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fromAuditReport } from "./evidence-report.js";
import { fromConstraintStatus } from "./evidence-gatekeeper.js";
import { isRecord, type ConstraintRef, type EvidenceFinding } from "./evidence-types.js";

export { EVIDENCE_RULES, type ConstraintRef, type EvidenceFinding, type EvidenceProblem, type EvidenceRule } from "./evidence-types.js";

export interface EvidenceOptions {
  /** The time the evidence is judged at (default: now). */
  readonly now?: Date;
  /** Gatekeeper audits older than this are refused (default 24). */
  readonly maxAgeHours?: number;
}

export const DEFAULT_MAX_EVIDENCE_AGE_HOURS = 24;

/** An evidence file that cannot be read or is not evidence at all: an input error. */
export class EvidenceError extends Error {}

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
export function readEvidence(file: string, target: ConstraintRef, options: EvidenceOptions = {}): EvidenceFinding {
  const judged = { now: options.now ?? new Date(), maxAgeHours: options.maxAgeHours ?? DEFAULT_MAX_EVIDENCE_AGE_HOURS };
  const document = parseDocument(file);
  if (!isRecord(document)) throw new EvidenceError(`${file}: evidence must be a gkc audit JSON report or Gatekeeper constraint YAML`);
  if (Array.isArray(document["violations"]) && "summary" in document) return fromAuditReport(file, document, target);
  if (document["kind"] === "List" || Array.isArray(document["items"])) {
    const items = Array.isArray(document["items"]) ? document["items"] : [];
    const match = items.find((item) => isRecord(item) && item["kind"] === target.kind && isRecord(item["metadata"]) && item["metadata"]["name"] === target.name);
    if (!isRecord(match)) {
      const summary = `Gatekeeper audit list without ${target.kind}/${target.name}`;
      return { source: "gatekeeper-audit", file, violations: undefined, summary, problems: [{ rule: "same-constraint", detail: summary }] };
    }
    return fromConstraintStatus(file, match, target, judged);
  }
  if (typeof document["kind"] === "string" && isRecord(document["metadata"])) return fromConstraintStatus(file, document, target, judged);
  throw new EvidenceError(`${file}: evidence must be a gkc audit JSON report or Gatekeeper constraint YAML`);
}
