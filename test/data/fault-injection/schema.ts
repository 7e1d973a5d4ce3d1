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

const EXCEEDS_STRING_MAXIMUM =
  "exceeds' third branch is `typeof maximum === \"number\" && maximum < 0`; the maximum is a quantity parameter, a string by the schema, so is_number(maximum) is false and gkc_lt of a string and 0 is false (JavaScript's `<` is never asked, the test before it fails): both sides of the comparison are [false, false], which neither the original nor the mutant matches";

/** Mutants no Constraint Gatekeeper admits can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sAllowedRepos",
    operator: "add-not",
    line: 38,
    before: "is_string(repos)",
    after: "not is_string(repos)",
    reason:
      "allowed(image, repos) gets the repos parameter, an array (or undefined) by the schema, never a string: the original's string branch is never taken, and the mutant's, taken for an array, fails on startswith(image, repos) (a type error, so undefined), so the else chain goes on to the next branch as before",
  },

  {
    kind: "K8sContainerRequests",
    operator: "boolean",
    line: 362,
    before: "result := [is_number(maximum), gkc_lt(maximum, 0)] == [true, true]",
    after: "result := [is_number(maximum), gkc_lt(maximum, 0)] == [false, true]",
    reason: EXCEEDS_STRING_MAXIMUM,
  },
  {
    kind: "K8sContainerEphemeralStorageLimit",
    operator: "boolean",
    line: 268,
    before: "result := [is_number(maximum), gkc_lt(maximum, 0)] == [true, true]",
    after: "result := [is_number(maximum), gkc_lt(maximum, 0)] == [true, false]",
    reason: EXCEEDS_STRING_MAXIMUM,
  },
  { kind: "K8sDisallowAnonymous", operator: "add-not", line: 51, before: "input.review.object.kind != set()", after: "not input.review.object.kind != set()", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "K8sDisallowAnonymous", operator: "relational", line: 52, before: "input.review.object.metadata.name != set()", after: "input.review.object.metadata.name == set()", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "K8sDisallowAnonymous", operator: "drop-not", line: 54, before: "not input.parameters.disallowAuthenticated == false", after: "input.parameters.disallowAuthenticated == false", reason: DISALLOW_ANONYMOUS_TWIN },
  { kind: "VerifyDeprecatedAPI", operator: "relational", before: "value == true", after: "value != true", reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "add-not", before: "value == null", after: "not value == null", reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "value == false", after: "", reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "string-constant", before: 'result := "false"', after: 'result := "kinds"', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "boolean", before: 'result := {true: "[]", false: "[...]"}[count(value) == 0]', after: 'result := {false: "[]", false: "[...]"}[count(value) == 0]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "number", before: 'result := {true: "[]", false: "[...]"}[count(value) == 0]', after: 'result := {true: "[]", false: "[...]"}[count(value) == 1]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "relational", before: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [true, true]]', after: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) != 0] == [true, true]]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "string-constant", before: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [true, true]]', after: 'result := {true: "None", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [true, true]]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "boolean", before: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [true, true]]', after: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [false, true]]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
  { kind: "VerifyDeprecatedAPI", operator: "number", before: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 0] == [true, true]]', after: 'result := {true: "{}", false: "{...}"}[[is_object(value), count(gkc_keys(value)) == 1] == [true, true]]', reason: REGO_TEXT_OF_SCHEMA_VALUES },
];

/** Mutants an admitted Constraint would kill that the fixtures and generators lack. */
export const KNOWN_GAPS: readonly Listed[] = [];
