// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// Most survivors are in the helpers of policies/lib/general.ts, compiled into each policy:
//   members(value): [1] value if an array, [2] gkc_values(value) if an object, [3] [] otherwise,
//     else set(); every caller reads it through gkc_arr(members(...)), which maps set() to [].
//   printed(value): [1] string, [2] boolean, [3] number, [4] null, [5] "<array>", [6] "<object>",
//     each later branch repeating the negated guards of the earlier ones. Branches 2 to 4 always
//     succeed for their type (gkc_str is defined for every boolean and number, and
//     isPrintableInteger has an `else`), so the repeated negations are implied.
const MEMBERS_ARRAY = "members' later branches: its first branch already takes every array";
const MEMBERS_DEFAULT =
  "members' third branch becomes unreachable (its second branch takes every object), so a value that is neither array nor object gets the chain's default set() instead of []: every caller reads members through gkc_arr, which turns set() into [] too";
const PRINTED_NUMBER = "printed's later branches: its number branch always succeeds for a number (gkc_str is defined for every number, isPrintableInteger has an `else`), so no number reaches them";
const PRINTED_BOOLEAN = "printed's later branches: its boolean branch always succeeds for a boolean, so no boolean reaches them";
const PRINTED_NULL = "printed's later branches: its null branch always succeeds for null, so null never reaches them";

function shared(kind: string, entries: readonly Omit<Listed, "kind">[]): Listed[] {
  return entries.map((entry) => ({ kind, ...entry }));
}

const membersRemoveNotArray = { operator: "remove-condition", before: "not is_array(value)", after: "", reason: MEMBERS_ARRAY } as const;
const membersDropNotObject = {
  operator: "drop-not",
  before: "not gkc_truthy(gkc_is_object(value))",
  after: "gkc_truthy(gkc_is_object(value))",
  reason: MEMBERS_DEFAULT,
} as const;
const printedRemoveNotNumber = { operator: "remove-condition", before: "not is_number(value)", after: "", reason: PRINTED_NUMBER } as const;

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  ...shared("K8sBlockEndpointEditDefaultRole", [
    membersRemoveNotArray,
    membersDropNotObject,
  ]),
  ...shared("K8sBlockWildcardIngress", [
    membersDropNotObject,
    {
      operator: "remove-condition",
      before: "gkc_truthy(gkc_is_object(value))",
      after: "",
      reason:
        "members' second branch then also takes scalars: a string gives its characters, any other scalar []; the only caller (spec.rules) skips every rule that is not an object, so the characters are dropped",
    },
    {
      operator: "remove-condition",
      before: "is_string(host)",
      after: "",
      reason: "the violation's next condition, isWildcard(host), holds only for \"\" or a string containing \"*\": both strings",
    },
  ]),
  ...shared("K8sDisallowAnonymous", [membersRemoveNotArray, membersDropNotObject, printedRemoveNotNumber]),
  ...shared("K8sDisallowInteractiveTTY", [
    membersRemoveNotArray,
    membersDropNotObject,
    { operator: "remove-condition", before: "not is_boolean(value)", after: "", reason: PRINTED_BOOLEAN },
  ]),
  ...shared("K8sExternalIPs", [membersDropNotObject, { operator: "remove-condition", before: "not value == null", after: "", reason: PRINTED_NULL }]),
  ...shared("K8sHttpsOnly", [printedRemoveNotNumber]),
  ...shared("K8sPSPAutomountServiceAccountTokenPod", [membersRemoveNotArray, membersDropNotObject, printedRemoveNotNumber]),
  ...shared("K8sRequiredAnnotations", [membersRemoveNotArray, membersDropNotObject, printedRemoveNotNumber]),
  {
    kind: "K8sBlockEndpointEditDefaultRole",
    operator: "drop-not",
    line: 19,
    before: "not is_array(value)",
    after: "is_array(value)",
    reason:
      "members' third branch: it then needs an array, which the first branch already takes, so scalars get the chain's default set() instead of [], and every caller reads members through gkc_arr, which turns set() into [] too (the same change at L15, the second branch, is killed)",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
