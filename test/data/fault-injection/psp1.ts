// Surviving mutants of the gatekeeper-library ports (psp1 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// The shared helpers of policies/lib/psp-host.ts, compiled into each policy:
//   elements(value): [1] value if an array, [2] gkc_values(value) if an object, [3] [] otherwise.

/** shown()'s last type test, before its "undefined" branch, where every caller passes JSON. */
const SHOWN_JSON =
  "shown's last test before its \"undefined\" branch: every call passes a value bound by a reference (`name := container.name`) or filtered of set() (`not host in {set(), \"\"}`), defined and so JSON, and a JSON value that is no string, number, boolean, null or array is an object, so the branch gives \"{...}\" either way";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  ...([
    ["K8sPSPAllowPrivilegeEscalationContainer", 34],
    ["K8sPSPHostProbesLifecycle", 49],
  ] as const).map(([kind, line]): Listed => ({ kind, operator: "remove-condition", line, before: "is_object(value)", after: "", reason: SHOWN_JSON })),
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    line: 76,
    before: "not value == set()",
    after: "",
    reason: "the rule iterates gkc_arr(value) before this line, which is [] unless value is an array, so wherever the rule reaches it value is an array, never undefined",
  },
  {
    kind: "K8sPSPFSGroup",
    operator: "remove-condition",
    line: 66,
    before: "is_number(input.review.object.spec.securityContext.fsGroup)",
    after: "",
    reason:
      "the next tests compare the fsGroup with a range's bounds, both numbers (is_number before them), and Rego orders values of different types by type (null, booleans, numbers, strings, arrays, objects): an fsGroup that is not a number is below both bounds or above both, so min <= fsGroup or fsGroup <= max fails as the type test did",
  },
  // K8sPSPHostFilesystem
  {
    kind: "K8sPSPHostFilesystem",
    operator: "remove-condition",
    line: 67,
    before: "[is_string(left), is_number(left), is_boolean(left)] != [false, false, false]",
    after: "",
    reason:
      "sameScalar's second definition: gkc_strict_equal is false for an array or an object, as the type test was; it differs only for set() on both sides (a mount and a volume without names), and the one call passes the volume's name where the rule's disjunction already holds for a volume without one",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
