// Surviving mutants of the gatekeeper-library ports (psp1 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// The shared helpers of policies/lib/psp-host.ts compile to `else` chains whose later branches
// repeat the negations of the earlier ones; mutating such an implied guard changes nothing.
const ELEMENTS_NOT_ARRAY = "elements' later branches: its first branch already takes every array";
const ELEMENTS_EMPTY =
  "elements' branch for non-arrays, non-objects: the mutant falls to the default set() instead of [], and every caller iterates the result through gkc_arr (set() and [] alike give no elements)";
const SHOWN_IMPLIED = (guard: string) => `shown's later branches: its earlier branch already takes every ${guard}`;
const SHOWN_UNDEFINED =
  "shown's last branch (\"undefined\"): only undefined (set()) reaches it, since every JSON value is taken by an earlier branch; the mutant yields set() instead, and every message prints shown's result through gkc_str, which prints set() as \"undefined\" too";
const SHOWN_OBJECT = "shown's \"{...}\" branch: every JSON value that reaches it is an object (strings, numbers, booleans, null and arrays are taken earlier); only undefined is not, and no caller passes undefined to shown there";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  // K8sPSPAllowPrivilegeEscalationContainer
  { kind: "K8sPSPAllowPrivilegeEscalationContainer", operator: "remove-condition", before: "not is_array(value)", after: "", reason: ELEMENTS_NOT_ARRAY },
  { kind: "K8sPSPAllowPrivilegeEscalationContainer", operator: "remove-condition", before: "not is_boolean(value)", after: "", reason: SHOWN_IMPLIED("boolean") },
  // K8sPSPAppArmor
  { kind: "K8sPSPAppArmor", operator: "drop-not", before: "not is_string(value)", after: "is_string(value)", reason: SHOWN_UNDEFINED },
  { kind: "K8sPSPAppArmor", operator: "remove-condition", before: "gkc_truthy(gkc_is_object(value))", after: "", reason: SHOWN_OBJECT },
  {
    kind: "K8sPSPAppArmor",
    operator: "connective",
    before: 'not gkc_truthy(gkc_and(type == "Localhost", is_string(localhostProfile)))',
    after: 'not gkc_truthy(gkc_or(type == "Localhost", is_string(localhostProfile)))',
    reason: "canonical's last branch: its value, set(), is also the chain's default (`else := set()`), and no later branch can take its inputs: its guards cannot change the result",
  },
  // K8sPSPCapabilities
  { kind: "K8sPSPCapabilities", operator: "drop-not", before: "not is_string(value)", after: "is_string(value)", reason: SHOWN_UNDEFINED },
  { kind: "K8sPSPCapabilities", operator: "remove-condition", before: "not is_array(value)", after: "", reason: ELEMENTS_NOT_ARRAY },
  { kind: "K8sPSPCapabilities", operator: "remove-condition", before: "not is_number(value)", after: "", reason: SHOWN_IMPLIED("number") },
  // K8sPSPFlexVolumes
  {
    kind: "K8sPSPFlexVolumes",
    operator: "drop-not",
    before: "not gkc_truthy(gkc_is_object(value))",
    after: "gkc_truthy(gkc_is_object(value))",
    reason: "field's second branch: its value, set(), is also the chain's default (`else := set()`), and objects are taken by its first branch",
  },
  { kind: "K8sPSPFlexVolumes", operator: "drop-not", before: "not is_string(value)", after: "is_string(value)", reason: SHOWN_UNDEFINED },
  { kind: "K8sPSPFlexVolumes", operator: "remove-condition", before: "not gkc_truthy(gkc_is_object(value))", after: "", reason: "elements' last branch: every object is taken by its second branch (and every array by its first)" },
  { kind: "K8sPSPFlexVolumes", operator: "remove-condition", before: "not is_array(value)", after: "", reason: SHOWN_IMPLIED("array") },
  // K8sPSPForbiddenSysctls
  { kind: "K8sPSPForbiddenSysctls", operator: "remove-condition", before: "not is_array(value)", after: "", reason: ELEMENTS_NOT_ARRAY },
  { kind: "K8sPSPForbiddenSysctls", operator: "remove-condition", before: "not value == null", after: "", reason: SHOWN_IMPLIED("null") },
  // K8sPSPFSGroup
  { kind: "K8sPSPFSGroup", operator: "remove-condition", before: "not is_array(value)", after: "", reason: ELEMENTS_NOT_ARRAY },
  { kind: "K8sPSPFSGroup", operator: "remove-condition", before: "not value == null", after: "", reason: SHOWN_IMPLIED("null") },
  // K8sPSPHostFilesystem
  {
    kind: "K8sPSPHostFilesystem",
    operator: "relational",
    before: 'not prefix == "/"',
    after: 'not prefix != "/"',
    reason: 'pathMatches\' branch for path "/": the prefix "/" is taken by the branch before, so the mutant never fires and falls to the default set() instead of false; its only use, gkc_and(pathMatches(..), ..) in a truthiness test, treats set() like false',
  },
  {
    kind: "K8sPSPHostFilesystem",
    operator: "add-not",
    before: "is_string(prefix)",
    after: "not is_string(prefix)",
    reason: 'pathMatches\' branch for path "/": non-string prefixes are taken by its first branch, so the mutant never fires and falls to the default set() instead of false; its only use, gkc_and(pathMatches(..), ..) in a truthiness test, treats set() like false',
  },
  { kind: "K8sPSPHostFilesystem", operator: "remove-condition", before: "is_string(prefix)", after: "", reason: "pathMatches' prefix \"/\" branch: its first branch already takes every non-string prefix or path" },
  { kind: "K8sPSPHostFilesystem", operator: "drop-not", before: "not value == null", after: "value == null", reason: SHOWN_UNDEFINED },
  { kind: "K8sPSPHostFilesystem", operator: "remove-condition", before: "not is_string(value)", after: "", reason: SHOWN_IMPLIED("string") },
  {
    kind: "K8sPSPHostFilesystem",
    operator: "string-constant",
    before: 'result := ""',
    after: 'result := "/"',
    reason:
      'trimSlashes of an empty or all-slash string ("" becomes "/"), used only by pathMatches, which compares trimmed path and prefix with === and startsWith(prefix + "/"): the trimmed form of any other string is neither "" nor "/" and never starts with "/", so with "" or "/" alike an all-slash side equals only another all-slash side and is a segment prefix of nothing else',
  },
  // K8sPSPHostNamespace
  { kind: "K8sPSPHostNamespace", operator: "drop-not", before: "not is_string(value)", after: "is_string(value)", reason: SHOWN_UNDEFINED },
  { kind: "K8sPSPHostNamespace", operator: "remove-condition", before: "gkc_truthy(gkc_is_object(value))", after: "", reason: SHOWN_OBJECT },
  // K8sPSPHostNetworkingPorts
  { kind: "K8sPSPHostNetworkingPorts", operator: "remove-condition", before: "not is_boolean(value)", after: "", reason: SHOWN_IMPLIED("boolean") },
  // K8sPSPHostProbesLifecycle
  { kind: "K8sPSPHostProbesLifecycle", operator: "remove-condition", before: "not is_array(value)", after: "", reason: ELEMENTS_NOT_ARRAY },
  { kind: "K8sPSPHostProbesLifecycle", operator: "remove-condition", before: "not is_boolean(value)", after: "", reason: SHOWN_IMPLIED("boolean") },
  // The same edit at shown's "{...}" branch is generated too and is killed (an object-valued name): keyed by line.
  { kind: "K8sPSPAllowPrivilegeEscalationContainer", operator: "drop-not", line: 37, before: "not is_array(value)", after: "is_array(value)", reason: `elements' third branch: ${ELEMENTS_EMPTY}` },
  { kind: "K8sPSPFSGroup", operator: "drop-not", line: 45, before: "not is_array(value)", after: "is_array(value)", reason: `elements' third branch: ${ELEMENTS_EMPTY}` },
];

/**
 * Mutants an input would kill that the fixtures and generators lack: reported weaknesses.
 *
 * The two entries below are not weaknesses but a limit of the listing: entries are keyed by
 * operator and text, not by line, and the same text is mutated at two sites of these policies.
 * The elements site (its third branch) survives and is equivalent (ELEMENTS_EMPTY); the shown site
 * (its "{...}" branch) is killed (an object name prints "undefined" instead of "{...}"). Listed in
 * EQUIVALENT, the killed one fails the test; here it only documents the surviving one.
 */
/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
