// Surviving mutants that only parameters the schema refuses could kill (see test/fault-injection.test.ts).
// Gatekeeper admits no Constraint whose parameters fail its template's schema, so the Rego never
// sees such parameters and relies on their types (README, Semantics, rule 20); the verifier and
// this test compare only Constraints Gatekeeper admits. A mutant of code that only such
// parameters reach, or that differs from the original only for them, means what the original
// means for every admitted Constraint.
import type { Listed } from "./listed.js";

const DISALLOW_ANONYMOUS_TWIN =
  "the rule at lines 49-58 (roleRef name not a string, disallowAuthenticated set and not false, a system:unauthenticated subject) has a twin for a roleRef name no allowed role equals (`not gkc_some_1`, the same other conditions and message); allowedRoles are strings by the schema, so no role equals a name that is not a string and the twin fires wherever this rule does";

const REGO_TEXT_OF_SCHEMA_VALUES =
  "regoText prints k8sVersion (a number by the schema) and targetAPI (a string); the version's rule needs it defined and the target's is skipped when undefined, so the branches for booleans, null, arrays and objects (and the number test after the string test) are reached only by parameters the schema refuses";

/** Mutants no Constraint Gatekeeper admits can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  { kind: "K8sDisallowAnonymous", operator: "add-not", line: 51, before: "input.review.object.kind != set()", after: "not input.review.object.kind != set()", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "K8sDisallowAnonymous", operator: "relational", line: 52, before: "input.review.object.metadata.name != set()", after: "input.review.object.metadata.name == set()", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "K8sDisallowAnonymous", operator: "drop-not", line: 54, before: "not input.parameters.disallowAuthenticated == false", after: "input.parameters.disallowAuthenticated == false", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "is_number(value)", after: "", reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "string-constant", before: 'result := "{...}"', after: 'result := "None"', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "is_string(input.review.object.kind)", after: "", reason: "the rule later requires input.review.object.kind in kvs.kinds, whose elements are strings by the schema, so a kind that is not a string fails it either way" },
];

/** Mutants an admitted Constraint would kill that the fixtures and generators lack. */
export const KNOWN_GAPS: readonly Listed[] = [];
