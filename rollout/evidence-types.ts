// What evidence is judged by: the rules, and what reading a file yields.

export interface ConstraintRef {
  readonly kind: string;
  readonly name: string;
}

/** The rules, by name; a refusal names the ones broken. */
export const EVIDENCE_RULES = {
  "report-complete": "gkc audit: summary.exitCode is 0 or 1 (2 means the audit did not complete)",
  "objects-read": "gkc audit: summary.objects is at least 1",
  "no-errors": "gkc audit: errors[] is present and empty",
  "constraint-evaluated": "gkc audit: the constraint is listed in constraints[]",
  "constraint-matched": "gkc audit: the constraint matched at least 1 object (constraints[].matched)",
  "same-constraint": "Gatekeeper: the status is of this constraint's kind and name",
  "violation-count": "Gatekeeper: status.totalViolations is an integer ≥ 0",
  "no-audit-errors": "Gatekeeper: no status.byPod[].errors",
  "audit-fresh": "Gatekeeper: status.auditTimestamp is RFC 3339, at most --max-evidence-age hours old and at most 5 minutes ahead",
  "no-violations": "both: 0 violations of the constraint",
} as const;

export type EvidenceRule = keyof typeof EVIDENCE_RULES;

export interface EvidenceProblem {
  readonly rule: EvidenceRule;
  readonly detail: string;
}

/** What the evidence says about one constraint. */
export interface EvidenceFinding {
  readonly source: "gkc-audit" | "gatekeeper-audit";
  readonly file: string;
  /** Violations of the constraint the evidence records; undefined when it has no usable count. */
  readonly violations: number | undefined;
  /** One line for logs and refusals. */
  readonly summary: string;
  /** Broken rules; the evidence counts only when this is empty. */
  readonly problems: readonly EvidenceProblem[];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
