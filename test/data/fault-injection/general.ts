// Surviving mutants of the gatekeeper-library ports (general group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// Most survivors are in the helpers of policies/lib/general.ts, compiled into each policy:
//   members(value): [1] value if is_array, [2] gkc_values(value) if is_object, [3] [] otherwise,
//     else set(). Its result is only iterated (`some x in members(...)`) and the iteration
//     filtered or counted, never printed or compared as a whole.
const MEMBERS_ITERATED =
  "members' first branch then returns any value as it is: its result is only iterated (`some … in`) and the members filtered or counted, and iterating an object directly gives its values, as gkc_values does, while a scalar or set() gives nothing, as [] does";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sBlockEndpointEditDefaultRole",
    operator: "remove-condition",
    line: 12,
    before: "is_array(value)",
    after: "",
    reason: MEMBERS_ITERATED,
  },
  {
    kind: "K8sBlockEndpointEditDefaultRole",
    operator: "remove-condition",
    line: 15,
    before: "is_object(value)",
    after: "",
    reason:
      "members' second branch then also takes scalars: gkc_values gives a non-empty string's one-character strings and [] for any other scalar (as the third branch); the members of rules are only read for fields (gkc_get of a string by a string key is set(), so such a rule edits nothing) and the others only compared with \"endpoints\", \"create\", \"patch\" and \"update\", which no single character equals",
  },
  {
    kind: "K8sBlockWildcardIngress",
    operator: "remove-condition",
    line: 16,
    before: "is_array(value)",
    after: "",
    reason: MEMBERS_ITERATED,
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
