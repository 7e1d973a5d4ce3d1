// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/**
 * The integer-check line of lib/psp-containers.ts's `shown`: the number operator's n + 1 of
 * 999999999999999900000 is the same double, printed the same, so the "mutant" is the unmutated Rego.
 */
const SHOWN_NUMBER =
  'result := gkc_if(gkc_and(gkc_and(gkc_remainder(value, 1) == 0, gkc_lte(value, 999999999999999900000)), gkc_gte(value, gkc_negate(999999999999999900000))), concat("", [gkc_str(value)]), "<number>")';
const SAME_REGO = "999999999999999900000 + 1 is 999999999999999900000 in floating point: the mutated Rego is the shipped Rego, character for character";
/** Every use of `members` (lib/psp-containers.ts) goes through gkc_arr, and gkc_arr(set()) is []. */
const MEMBERS_DEFAULT = "members' last branch returns [], and the chain's default set() iterates (through gkc_arr, as every use does) like []";

function numberEquivalent(kind: string): Listed {
  return { kind, operator: "number", before: SHOWN_NUMBER, after: SHOWN_NUMBER, reason: SAME_REGO };
}

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  numberEquivalent("K8sPSPAllowedUsers"),
  numberEquivalent("K8sPSPHostProcess"),
  numberEquivalent("K8sPSPPrivilegedContainer"),
  numberEquivalent("K8sPSPProcMount"),
  numberEquivalent("K8sPSPReadOnlyRootFilesystem"),
  numberEquivalent("K8sPSPSELinuxV2"),
  numberEquivalent("K8sPSPVolumeTypes"),
  {
    kind: "K8sPSPHostProcess",
    operator: "add-not",
    before: "gkc_truthy(gkc_is_object(container))",
    after: "not gkc_truthy(gkc_is_object(container))",
    reason:
      "containerName's no-name branch: its first branch already takes every non-object, so the negated branch never applies; a nameless object then falls through the named branch to the default set(), the branch's own value",
  },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "not is_string(value)",
    after: "",
    reason: "shown's number branch: its first branch already takes every string",
  },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "gkc_truthy(gkc_is_object(list))",
    after: "",
    reason:
      "members' object branch then also takes non-array non-objects: gkc_values gives [] for them but one-character strings for a non-empty string, and those members are not objects, so containerName is set() and the container rule skips them",
  },
  {
    kind: "K8sPSPProcMount",
    operator: "drop-not",
    before: "not is_array(list)",
    after: "is_array(list)",
    reason: `members' last branch: its first branch already takes every array, so the mutated branch never applies and its inputs get the default; ${MEMBERS_DEFAULT}`,
  },
  {
    kind: "K8sPSPProcMount",
    operator: "remove-condition",
    before: "not gkc_truthy(gkc_is_object(list))",
    after: "",
    reason: "members' last branch: the branch before it already takes every object",
  },
  {
    kind: "K8sPSPProcMount",
    operator: "remove-condition",
    before: "gkc_truthy(gkc_is_object(container))",
    after: "",
    reason: "containerName's no-name branch: its first branch already takes every non-object",
  },
  {
    kind: "K8sPSPReadOnlyRootFilesystem",
    operator: "drop-not",
    before: "not gkc_truthy(gkc_is_object(list))",
    after: "gkc_truthy(gkc_is_object(list))",
    reason: `members' last branch: the branch before it already takes every object, so the mutated branch never applies and its inputs get the default; ${MEMBERS_DEFAULT}`,
  },
  {
    kind: "K8sPSPSeccomp",
    operator: "remove-condition",
    before: "not is_array(value)",
    after: "",
    reason: "shown's <object> branch: the branch before it already takes every array",
  },
  {
    kind: "K8sPSPSeccompV2",
    operator: "remove-condition",
    before: "gkc_truthy(gkc_is_object(container))",
    after: "",
    reason: "containerName's no-name branch: its first branch already takes every non-object",
  },
  {
    kind: "K8sPSPSELinuxV2",
    operator: "remove-condition",
    before: "not is_string(value)",
    after: "",
    reason: "shown's number branch: its first branch already takes every string",
  },
  {
    kind: "K8sPSPSELinuxV2",
    operator: "remove-condition",
    before: "not gkc_truthy(gkc_is_object(list))",
    after: "",
    reason: "members' last branch: the branch before it already takes every object",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
