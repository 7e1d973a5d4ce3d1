// An explained surviving mutant: which one (kind, operator, the Rego line before and after) and why.
import type { Operator } from "../../support/mutants.js";

export interface Listed {
  readonly kind: string;
  readonly operator: Operator;
  readonly before: string;
  readonly after: string;
  readonly reason: string;
  /** The line, when the same edit of the same text is made at several sites that differ in meaning. */
  readonly line?: number;
}
