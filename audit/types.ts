// The data model of `gkc audit`, shared by its modules and its reports. The JSON report
// (docs/audit-json.md) is this model serialised: change both together.

/** Where a document came from: a file path as given (or `-` for stdin) and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/** One Kubernetes object of the input, with where it was read. */
export interface AuditObject {
  readonly object: Readonly<Record<string, unknown>>;
  readonly source: SourceLocation;
}

/** A document that is not a Kubernetes object: reported and skipped. */
export interface SkippedDocument {
  readonly source: SourceLocation;
  readonly reason: string;
}

export type ErrorKind = "input" | "constraint" | "template" | "evaluation";

/** A problem that makes the run incomplete (exit 2). */
export interface AuditError {
  readonly kind: ErrorKind;
  readonly message: string;
  /** Where, when the problem is in a file. */
  readonly source?: SourceLocation;
  /** The constraint concerned, when there is one. */
  readonly constraint?: ConstraintRef;
}

export interface ConstraintRef {
  readonly kind: string;
  readonly name: string;
}

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** metadata.namespace, or null when the object has none. */
  readonly namespace: string | null;
  readonly name: string;
}

/** What a violation does at the CI enforcement point. */
export type Action = "deny" | "warn" | "dryrun";

export interface Violation {
  readonly constraint: ConstraintRef;
  readonly action: Action;
  readonly object: ObjectRef;
  readonly source: SourceLocation;
  readonly message: string;
}

export interface AuditSummary {
  /** Input files read (stdin counts as one). */
  readonly files: number;
  /** Kubernetes objects audited (List items counted one by one). */
  readonly objects: number;
  /** Constraints enforced at the CI point (gator.gatekeeper.sh). */
  readonly constraints: number;
  /** Constraints loaded but with no action for the CI point (scoped elsewhere): not evaluated. */
  readonly notEnforced: number;
  /** (object, constraint) pairs that matched and were evaluated. */
  readonly evaluated: number;
  readonly violations: number;
  readonly deny: number;
  readonly warn: number;
  readonly dryrun: number;
  readonly skipped: number;
  readonly errors: number;
  /** The process exit code the run implies: 2 on any error, else 1 on a deny violation, else 0. */
  readonly exitCode: 0 | 1 | 2;
}

export interface AuditReport {
  readonly version: 1;
  readonly summary: AuditSummary;
  readonly violations: readonly Violation[];
  readonly errors: readonly AuditError[];
  readonly skipped: readonly SkippedDocument[];
  /** Constraints evaluated, with the objects each one matched (index into `objects`); for JUnit. */
  readonly constraints: readonly EvaluatedConstraint[];
  readonly objects: readonly AuditObject[];
  /** What the user should know but is no error; said on stderr, in no report format. */
  readonly notes?: readonly string[];
}

export interface EvaluatedConstraint {
  readonly constraint: ConstraintRef;
  readonly action: Action;
  /** Where the constraint is declared (a policy file, or a Constraint YAML file and line). */
  readonly source?: SourceLocation;
  /** Indices into AuditReport.objects of the objects the constraint matched. */
  readonly matched: readonly number[];
}
