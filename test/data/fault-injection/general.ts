// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Why a branch for a review kind that is not a string is never taken. */
const REVIEW_KIND_STRING =
  "every review's kind.kind is a string: the API server sends the object's group, version and kind, and the verifier derives them from the object (\"\" for a kind that is not a string)";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "relational",
    line: 91,
    before: 'object.get(input, ["review", "object", "kind"], set()) == null',
    after: 'object.get(input, ["review", "object", "kind"], set()) != null',
    reason: `${REVIEW_KIND_STRING}: the rules need input.review.kind.kind to be HorizontalPodAutoscaler, so the object's kind, printed here, is that string and its first branch prints it`,
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "add-not",
    line: 93,
    before: "is_array(input.review.object.kind)",
    after: "not is_array(input.review.object.kind)",
    reason: `${REVIEW_KIND_STRING}: the rules need input.review.kind.kind to be HorizontalPodAutoscaler, so the object's kind, printed here, is that string and its first branch prints it`,
  },
  ...([
    ["remove-condition", 42, "is_number(input.review.kind.kind)", ""],
    ["string-constant", 47, 'object.get(input, ["review", "kind", "kind"], set()) == null', 'object.get(input, ["{...}", "kind", "kind"], set()) == null'],
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
    kind: "K8sDisallowAnonymous",
    operator: "remove-condition",
    line: 19,
    before: "not input.parameters.disallowAuthenticated",
    after: "",
    reason:
      "the system:anonymous rule for a disallowAuthenticated that is unset or false: without the test it also holds where disallowAuthenticated is set, and there the rule after it (system:anonymous among the three names) gives the same message",
  },
  {
    kind: "K8sBlockWildcardIngress",
    operator: "remove-condition",
    line: 8,
    before: "is_object(rule)",
    after: "",
    reason:
      "the next step binds host to object.get(rule, [\"host\"], \"\"), and object.get of a rule that is not an object (an array, a string, a number) is a type error, which OPA evaluates as undefined (builtin errors are not strict in Gatekeeper or the wasm SDK): the binding fails as the test did",
  },
  {
    kind: "K8sContainerRatios",
    operator: "remove-condition",
    line: 224,
    before: "not request_2 == set()",
    after: "",
    reason:
      "the memory ratio rule: gkc_compare_scaled_quantities gives 0 where its third argument is not a quantity (set() fails both definitions' type tests), so the next line, a comparison with > 0, fails as the test did",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
