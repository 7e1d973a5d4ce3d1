// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import { MAGNITUDE_BOUND, MAGNITUDE_SIGN, SHOWN_PRINTABLE } from "./images.js";
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  // shown() of the container's name (the review's kind, a string, is no longer printed through it).
  { kind: "K8sRequiredProbes", operator: "relational", before: "value < 0", after: "value <= 0", reason: MAGNITUDE_SIGN },
  {
    kind: "K8sRequiredProbes",
    operator: "relational",
    before: SHOWN_PRINTABLE,
    after: SHOWN_PRINTABLE.replace("magnitude < 1000000", "magnitude <= 1000000"),
    reason: MAGNITUDE_BOUND,
  },
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
