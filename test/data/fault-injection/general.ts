// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Why a branch for a review kind that is not a string is never taken. */
const REVIEW_KIND_STRING =
  "every review's kind.kind is a string: the API server sends the object's group, version and kind, and the verifier derives them from the object (\"\" for a kind that is not a string)";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sContainerEphemeralStorageLimit",
    operator: "relational",
    line: 106,
    before: "max_2 == set()",
    after: "max_2 != set()",
    reason: "the branch gives false, as the last branch does: where both quantities parse, an earlier branch compares them, so this branch's test decides nothing",
  },
  {
    kind: "K8sRequiredLabels",
    operator: "string-constant",
    line: 8,
    before: 'not regex_2 == ""',
    after: 'not regex_2 == "allowedRegex"',
    reason: 'the rule reports an allowedRegex that is not a valid regular expression; the mutant lets the empty one through, and "" is a valid regular expression (the next line fails), while "allowedRegex" itself, now excluded, is valid too',
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "remove-condition",
    line: 24,
    before: "is_number(input.review.object.spec.maxReplicas)",
    after: "",
    reason: "the rule then requires gkc_shared_7 == false, where gkc_shared_7 compares with maxReplicas - minReplicas, an arithmetic error (so undefined) for a maxReplicas that is not a number: the rule fails as the type test did",
  },

  ...([
    ["remove-condition", 40, "is_number(input.review.kind.kind)", ""],
  ] as const).map(
    ([operator, line, before, after]): Listed => ({
      kind: "K8sRequiredProbes",
      operator,
      line,
      before,
      after,
      reason: `${REVIEW_KIND_STRING}: the message prints input.review.kind.kind, a string in every review, which the chain's first branch (is_string) prints; its later branches are never tried`,
    }),
  ),
  {
    kind: "K8sBlockWildcardIngress",
    operator: "remove-condition",
    line: 8,
    before: "is_object(rule)",
    after: "",
    reason:
      "the next step binds host to object.get(rule, [\"host\"], \"\"), and object.get of a rule that is not an object (an array, a string, a number) is a type error, which OPA evaluates as undefined (builtin errors are not strict in Gatekeeper or the wasm SDK): the binding fails as the test did",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
