// Surviving mutants of the gatekeeper-library ports (images group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** shown()'s number test (gkc_cond_N): the `number` operator's n + 1 of 999999999999999900000 is the same double, printed the same. */
const SHOWN_NUMBER = "magnitude < 999999999999999900000";
const SAME_DOUBLE =
  "999999999999999900000 + 1 rounds to the same double (2^-52 relative spacing is about 131072 here), so the mutated Rego is the original text";
const sameDouble = (kind: string): Listed => ({ kind, operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE });
/** container-ratios: the compare rules' `not gkc_shared_13` (the cpu ratio is defined). */
const RATIO_GUARD_IN_COMPARE =
  "gkc_shared_13 is gkc_shared_12 == set(), so without the guard the rule only gains inputs whose cpu ratio gkc_shared_12 is set(); then gkc_compare_scaled_quantities(limit, set(), request) fails gkc_is_quantity(factor) and takes its else (0), so the rule's last test `... > 0` fails and the rule still yields nothing";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  sameDouble("K8sAllowedRepos"),
  sameDouble("K8sAllowedReposv2"),
  sameDouble("K8sDisallowedRepos"),
  sameDouble("K8sImageDigests"),
  sameDouble("K8sRequiredProbes"),
  {
    kind: "K8sContainerEphemeralStorageLimit",
    operator: "remove-condition",
    before: 'is_string(gkc_input_parameters["ephemeral-storage"])',
    after: "",
    line: 94,
    reason:
      'the next test, gkc_shared_9 := gkc_regex_matches(..., gkc_input_parameters["ephemeral-storage"]), is false unless that value is a string (gkc_regex_matches starts with is_string(value), else false), so is_string is already implied',
  },
  { kind: "K8sContainerRatios", operator: "remove-condition", before: "not gkc_shared_13", after: "", line: 376, reason: RATIO_GUARD_IN_COMPARE },
  { kind: "K8sContainerRatios", operator: "remove-condition", before: "not gkc_shared_13", after: "", line: 1038, reason: RATIO_GUARD_IN_COMPARE },
  {
    kind: "K8sDisallowedRepos",
    operator: "relational",
    before: "value < 0",
    after: "value <= 0",
    reason: "shown()'s magnitude (gkc_cond_N: 0 - value if value < 0, else value): the two differ only for value 0, where 0 - 0 and value are both 0, and the number printed is value, not the magnitude",
  },
  {
    kind: "K8sDisallowedRepos",
    operator: "remove-condition",
    before: "is_string(repo1)",
    after: "",
    reason: "the next test, startswith(image, repo1), is a type error (undefined) for a non-string repo1, so the rule fails for it either way; the message prints the repos through gkc_shared_4, not repo1",
  },
  {
    kind: "K8sDisallowedTags",
    operator: "remove-condition",
    before: "is_string(image)",
    after: "",
    line: 34,
    reason:
      "the disallowed-tag rule (initContainers) ends with endswith(image, ...), undefined on a non-string image; the exemption test before it can only make the rule fail (gkc_cond_1's startswith/equality never holds for a non-string image, and an exemption match negates the rule), so the rule never fires for a non-string image",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
