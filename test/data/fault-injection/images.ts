// Surviving mutants of the gatekeeper-library ports (images group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** shown()'s number line: the `number` operator's n + 1 of 999999999999999900000 is the same double, printed the same. */
const SHOWN_NUMBER =
  'result := gkc_select([gkc_lt(magnitude, 999999999999999900000), [magnitude == 0, gkc_gte(magnitude, 0.000001)] != [false, false]] == [true, true], concat("", [gkc_str(value)]), "<number>")';
const SAME_DOUBLE =
  "999999999999999900000 + 1 rounds to the same double (2^-52 relative spacing is about 131072 here), so the mutated Rego is the original text";
/** exceeds()' second branch: `value > 0` made `value >= 0`. */
const EXCEEDS_UNPARSED_NUMBER = {
  operator: "connective",
  before: "result := gkc_select(is_number(value), gkc_gt(value, 0), true)",
  after: "result := gkc_select(is_number(value), gkc_gte(value, 0), true)",
  reason:
    "exceeds()' second branch is only reached when gkc_parse_quantity(value) is set(), which for a number means a magnitude of 10^18 or more (every smaller JSON number, 0 included, parses), so value is never 0 there and > 0 and >= 0 agree",
} as const;

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  { kind: "K8sAllowedRepos", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sAllowedReposv2", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sContainerEphemeralStorageLimit", ...EXCEEDS_UNPARSED_NUMBER },
  {
    kind: "K8sContainerRatios",
    operator: "boolean",
    before: "[resources == set(), resources == false, limits == set(), limits == false] != [false, false, false, false]",
    after: "[resources == set(), resources == true, limits == set(), limits == false] != [false, false, false, false]",
    reason:
      "the two tests differ only for a boolean `resources`, and then limits := gkc_get(resources, \"limits\") is set(), so `limits == set()` makes the disjunction true in both",
  },
  { kind: "K8sContainerRequests", ...EXCEEDS_UNPARSED_NUMBER },
  {
    kind: "K8sDisallowedTags",
    operator: "remove-condition",
    before: "is_string(image)",
    after: "",
    line: 32,
    reason:
      "the disallowed-tag rule's last test, count([... endswith(image, ...)]) > 0, already fails for a non-string image: endswith is undefined on a non-string operand, so the comprehension is empty",
  },
  { kind: "K8sImageDigests", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sRequiredProbes", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
