// Surviving mutants of the core gkc policies, explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/**
 * serviceAccountOf(spec)'s first branch (a spec that is not an object gives "default"): the only
 * caller passes gkc_shared_1 = gkc_pod_spec(object), which is an object or set(), and for set()
 * every violation rule already fails on `not gkc_shared_2` (the pod spec is nullish), so the value
 * of that branch is never used.
 */
const SERVICE_ACCOUNT_OF_NON_OBJECT =
  "serviceAccountOf's first branch (spec not an object) only sees set(), since gkc_pod_spec gives an object or set(), and for set() every violation rule fails on `not gkc_shared_2` (spec nullish): the branch's value is never used";

/**
 * Systematic mutants no input can kill: the mutated Rego means what the original means. Each must
 * be generated and must survive (a killed one was wrongly listed).
 */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sApprovedRegistries",
    operator: "remove-condition",
    line: 18,
    before: "is_string(image)",
    after: "",
    reason:
      "the invalid-reference rule: without the test a non-string image reaches gkc_parse_image (set() for a non-string, so gkc_nullish holds), but the message concat()s the image itself, and concat is undefined for a non-string element, so the rule still fails",
  },
  {
    kind: "K8sAutomountServiceAccountToken",
    operator: "remove-condition",
    line: 8,
    before: "not gkc_shared_9",
    after: "",
    reason:
      "the automount-true rule: its next condition gkc_shared_10 (automountServiceAccountToken == true) already excludes gkc_shared_9 (== false), and both are always defined (gkc_get gives set() for a missing field)",
  },
  {
    kind: "K8sAutomountServiceAccountToken",
    operator: "string-constant",
    before: 'result := "default"',
    after: 'result := "object"',
    reason: SERVICE_ACCOUNT_OF_NON_OBJECT,
  },
  {
    kind: "K8sClusterRoleBindingSubjects",
    operator: "remove-condition",
    before: "is_object(roleRef)",
    after: "",
    reason:
      "roleSuffix's first branch: its next condition is_string(roleRef.name) needs roleRef.name, which is undefined for anything but an object (an array, a scalar or set() has no `name` key)",
  },
  {
    kind: "K8sDedicatedServiceAccount",
    operator: "string-constant",
    before: 'result := "default"',
    after: 'result := "object"',
    reason: SERVICE_ACCOUNT_OF_NON_OBJECT,
  },
  {
    kind: "K8sNamespacePodSecurityLabels",
    operator: "number",
    line: 75,
    before: "result := 2",
    after: "result := 3",
    reason:
      "rank of \"restricted\" 3 instead of 2 keeps the ranks' order (-1 < 0 < 1 < 3): every use compares a rank with 0, with another rank or with minimumRank (at most 2, which 2 and 3 both reach), and levelName maps every rank but 0 and 1 to \"restricted\"",
  },
  {
    kind: "K8sRBACLeastPrivilege",
    operator: "remove-condition",
    line: 24,
    before: "is_object(rule)",
    after: "",
    reason:
      "the `bind` rule: its next statement, verbs := gkc_arr(object.get(rule, \"verbs\", set())), is undefined for a rule that is not an object (object.get takes objects only), so the rule fails without the guard too",
  },
  {
    kind: "K8sRequiredLabels",
    operator: "remove-condition",
    line: 21,
    before: 'not regex_2 == ""',
    after: "",
    reason:
      "the regex-mismatch rule: for regex \"\" the rule then needs the value not to match the empty pattern, but the empty pattern is valid and matches every string, so the rule fails without the test too",
  },
  {
    kind: "K8sRequiredLabels",
    operator: "string-constant",
    line: 8,
    before: 'regex_2 := gkc_coalesce(gkc_get(required, "allowedRegex"), "")',
    after: 'regex_2 := gkc_coalesce(gkc_get(required, "allowedRegex"), "allowedRegex")',
    reason:
      "the invalid-regex rule: the default is taken only when allowedRegex is null or missing, and then the rule fails either way: \"\" on `not regex_2 == \"\"`, \"allowedRegex\" on `not gkc_is_valid_regex(regex_2)` (it is a valid pattern)",
  },
];

/**
 * Systematic mutants some input kills, but the fixtures and RUNS generated inputs may not contain
 * one (a gap in the policy's fixtures or arbitraries, reported rather than hidden). They may survive
 * or be killed (it depends on the seed); they count against the kill rate.
 */
export const KNOWN_GAPS: readonly Listed[] = [
  {
    kind: "K8sCICDNoPodDelete",
    operator: "remove-condition",
    line: 14,
    before: "is_string(name)",
    after: "",
    reason:
      "killed by a bound subject and a listed identity with the same non-string name (e.g. both { kind: User, name: 7 }); the parameters schema requires a string name, so gator refuses that Constraint and such a fixture would be left out of the gator suite (it needs an EXCLUDED entry in test/gator.test.ts); the generator gives identities string names only",
  },
];
