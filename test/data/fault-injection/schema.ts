// Surviving mutants that only parameters the schema refuses could kill (see test/fault-injection.test.ts).
// Gatekeeper admits no Constraint whose parameters fail its template's schema, so the Rego never
// sees such parameters and relies on their types (README, Semantics, rule 20); the verifier and
// this test compare only Constraints Gatekeeper admits. A mutant of code that only such
// parameters reach, or that differs from the original only for them, means what the original
// means for every admitted Constraint.
import type { Listed } from "./listed.js";

/** Mutants no Constraint Gatekeeper admits can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "is_string(input.review.object.kind)", after: "", reason: "the rule later requires input.review.object.kind in kvs.kinds, strings by the schema, so a kind that is not a string fails it either way" },
  {
    kind: "K8sDisallowAnonymous",
    operator: "remove-condition",
    line: 84,
    before: "is_string(input.review.object.roleRef.name)",
    after: "",
    reason: "gkc_all_1 then requires roleRef.name == member1 for a member of allowedRoles, strings by the schema, so a name that is not a string fails it either way",
  },
  {
    kind: "K8sRequiredResources",
    operator: "number",
    line: 56,
    before: "count(others) > 0",
    after: "count(others) > 1",
    reason: "shownSet's missing resources are among the parameters' limits or requests, cpu or memory by the schema's enum, so `others` (those that are neither) is empty and both tests are false",
  },
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "is_string(input.review.object.apiVersion)", after: "", reason: "the rule later requires kvs.deprecatedAPI == input.review.object.apiVersion, a string by the schema, so an apiVersion that is not a string fails it either way" },
];

/** Mutants an admitted Constraint would kill that the fixtures and generators lack. */
export const KNOWN_GAPS: readonly Listed[] = [];
