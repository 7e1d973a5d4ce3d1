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
    kind: "K8sPSPFSGroup",
    operator: "remove-condition",
    line: 83,
    before: 'input.parameters.rule == "MayRunAs"',
    after: "",
    reason:
      "the MayRunAs alternative for an fsGroup within a range: without the test it also holds for the other rules the schema admits, and there the violation fails anyway (RunAsAny by gkc_shared_2, MustRunAs by gkc_all_1, which holds for an fsGroup within a range)",
  },
  // setting(hostNetwork) with setting's and shown's branches in its place (tail-calls.ts).
  ...(
    [
      ["relational", "gkc_shared_2 > -1000000000000000", "gkc_shared_2 >= -1000000000000000"],
      ["add-not", "is_object(gkc_shared_2)", "not is_object(gkc_shared_2)"],
    ] as const
  ).map(
    ([operator, before, after]): Listed => ({
      kind: "K8sPSPHostNetworkingPorts",
      operator,
      before,
      after,
      reason: "gkc_shared_2 is the hostNetwork parameter, a boolean by the schema or absent: the chain's \"unset\" branch takes it absent and its boolean branch takes true and false, so its number and object branches are never tried",
    }),
  ),
];

/** Mutants an admitted Constraint would kill that the fixtures and generators lack. */
export const KNOWN_GAPS: readonly Listed[] = [];
