// Surviving mutants that only parameters the schema refuses could kill (see test/fault-injection.test.ts).
// Gatekeeper admits no Constraint whose parameters fail its template's schema, so the Rego never
// sees such parameters and relies on their types (README, Semantics, rule 20); the verifier and
// this test compare only Constraints Gatekeeper admits. A mutant of code that only such
// parameters reach, or that differs from the original only for them, means what the original
// means for every admitted Constraint.
import type { Listed } from "./listed.js";

/** Mutants no Constraint Gatekeeper admits can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "is_string(input.review.object.apiVersion)", after: "", reason: "the rule later requires kvs.deprecatedAPI == input.review.object.apiVersion, a string by the schema, so an apiVersion that is not a string fails it either way" },
  { kind: "VerifyDeprecatedAPI", operator: "remove-condition", before: "input.parameters.k8sVersion != set()", after: "", reason: "k8sVersion is a number by the schema, so the message prints it with gkc_num_str, which is undefined for an absent version: the rule fails there either way" },
  {
    kind: "K8sPSPHostNetworkingPorts",
    operator: "remove-condition",
    line: 31,
    before: "is_number(input.parameters.max)",
    after: "",
    reason: "max is a number by the schema or absent; absent, the reference input.parameters.max is undefined, so the sortsAbove call that passes it fails as the type test did",
  },
  {
    kind: "K8sReplicaLimits",
    operator: "remove-condition",
    line: 13,
    before: "is_array(ranges)",
    after: "",
    reason: "withinSomeRange is called only with gkc_shared_1, the parameters' ranges read with the default set(): an array by the schema, or set() where absent, which `some range1 in ranges` iterates as nothing, so the body fails as the type test did",
  },
];

/** Mutants an admitted Constraint would kill that the fixtures and generators lack. */
export const KNOWN_GAPS: readonly Listed[] = [];
