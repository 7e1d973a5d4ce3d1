// Surviving mutants of the gatekeeper-library ports (images group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** shown()'s number line: the `number` operator's n + 1 of 999999999999999900000 is the same double, printed the same. */
const SHOWN_NUMBER = 'result := gkc_if(gkc_and(gkc_lt(magnitude, 999999999999999900000), gkc_or(magnitude == 0, gkc_gte(magnitude, 0.000001))), concat("", [gkc_str(value)]), "<number>")';
const SAME_DOUBLE =
  "999999999999999900000 + 1 rounds to the same double (2^-52 relative spacing is about 131072 here), so the mutated Rego is the original text";
const MEMBERS_IN_ARR =
  "members()' last branch (neither array nor object): with the guard negated it never applies and members() falls to its default set(), but every use of members() here is wrapped in gkc_arr(), which maps set() to [] like the branch's own value";
const MEMBERS_IMPLIED = "members()' last branch: the array and object branches before it already take every array and object, so the removed guard is implied";
const shownImplied = (type: string, branch: string): string =>
  `shown()'s ${branch} branch: an earlier branch takes every ${type} value (and is defined for all of them), so the removed guard is implied`;
const EXCEEDS_OWN =
  "exceeds()' guard restating that an earlier branch did not apply: the branch's own conditions (quantity and max_2 each set() or not) already decide the mutated conjunction, making it false as the original is";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sContainerRatios",
    operator: "remove-condition",
    before: String.raw`gkc_truthy(gkc_regex_matches("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$", text))`,
    after: "",
    reason: "ratioOf()'s second branch restates the negation of its first (`not a string or not a number` returned set()), which Rego's else already implies",
  },
  { kind: "K8sAllowedRepos", operator: "drop-not", before: "not is_array(list)", after: "is_array(list)", reason: MEMBERS_IN_ARR },
  { kind: "K8sAllowedRepos", operator: "remove-condition", before: "not is_array(list)", after: "", reason: MEMBERS_IMPLIED },
  { kind: "K8sAllowedRepos", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sAllowedReposv2", operator: "remove-condition", before: "not is_number(value)", after: "", reason: shownImplied("number", "{...}") },
  { kind: "K8sAllowedReposv2", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  {
    kind: "K8sContainerEphemeralStorageLimit",
    operator: "relational",
    before: "not gkc_truthy(gkc_and(quantity == set(), gkc_not(max_2 == set())))",
    after: "not gkc_truthy(gkc_and(quantity == set(), gkc_not(max_2 != set())))",
    reason: `${EXCEEDS_OWN} (third branch: it requires not quantity == set(), so the conjunction's first operand is false)`,
  },
  {
    kind: "K8sContainerEphemeralStorageLimit",
    operator: "connective",
    before: "not gkc_truthy(gkc_and(gkc_not(quantity == set()), gkc_not(max_2 == set())))",
    after: "not gkc_truthy(gkc_and(gkc_not(quantity == set()), gkc_truthy(max_2 == set())))",
    reason: `${EXCEEDS_OWN} (second branch: it requires quantity == set(), so the conjunction's first operand is false)`,
  },
  {
    kind: "K8sContainerRequests",
    operator: "relational",
    before: "not gkc_truthy(gkc_and(quantity == set(), gkc_not(max_2 == set())))",
    after: "not gkc_truthy(gkc_and(quantity != set(), gkc_not(max_2 == set())))",
    reason: `${EXCEEDS_OWN} (third branch: it requires max_2 == set(), so the conjunction's second operand is false)`,
  },
  { kind: "K8sContainerRequests", operator: "remove-condition", before: "not value == null", after: "", reason: shownImplied("null", "{...}") },
  { kind: "K8sDisallowedRepos", operator: "drop-not", before: "not gkc_truthy(gkc_is_object(list))", after: "gkc_truthy(gkc_is_object(list))", reason: MEMBERS_IN_ARR },
  { kind: "K8sDisallowedRepos", operator: "remove-condition", before: "not is_string(value)", after: "", reason: shownImplied("string", "{...}") },
  { kind: "K8sDisallowedRepos", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  {
    kind: "K8sDisallowedTags",
    operator: "string-constant",
    before:
      'some list in gkc_arr([{"key": "containers", "label": "container"}, {"key": "initContainers", "label": "initContainer"}, {"key": "ephemeralContainers", "label": "ephemeralContainer"}])',
    after:
      'some list in gkc_arr([{"key": "containers", "label": "containers"}, {"key": "initContainers", "label": "initContainer"}, {"key": "ephemeralContainers", "label": "ephemeralContainer"}])',
    reason: "the no-tag rule never reads the list's label (its message says `container` for every list, as the library's does), only its key",
  },
  {
    kind: "K8sDisallowedTags",
    operator: "boolean",
    before: "result := false",
    after: "result := true",
    reason:
      "isExemptImage's first branch (image not a string, or exemptions not an array) is never taken: its only caller, isExempt, runs after is_string(image) and passes members(...), always an array",
  },
  { kind: "K8sDisallowedTags", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sImageDigests", operator: "remove-condition", before: "not value == null", after: "", reason: shownImplied("null", "[...]") },
  { kind: "K8sImageDigests", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sRequiredProbes", operator: "remove-condition", before: "not is_boolean(value)", after: "", reason: shownImplied("boolean", "[...]") },
  { kind: "K8sRequiredProbes", operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_DOUBLE },
  { kind: "K8sRequiredResources", operator: "remove-condition", before: "not is_string(value)", after: "", reason: shownImplied("string", "{...}") },
  {
    kind: "K8sRequiredResources",
    operator: "number",
    before: "not gkc_gt(gkc_len(others), 0)",
    after: "not gkc_gt(gkc_len(others), 1)",
    reason:
      "shownSet's {\"cpu\", \"memory\"} branch: its first branch already takes (and is defined for) every non-empty `others`, so this branch only sees empty ones, where both guards hold",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
