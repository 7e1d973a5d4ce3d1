// Surviving mutants of the gatekeeper-library ports (psp1 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// The shared helpers of policies/lib/psp-host.ts, compiled into each policy:
//   elements(value): [1] value if an array, [2] gkc_values(value) if an object, [3] [] otherwise.
//   shown(value): [1] string, [2] number, [3] boolean or null, [4] "[...]" for arrays,
//     [5] "{...}" for objects, [6] "undefined". Every JSON value is taken by branches 1 to 5
//     (the number branch is defined for every number), so only undefined (set()) reaches [6].
const SHOWN_UNDEFINED_ONLY = "shown's last branch (\"undefined\"): every JSON value is taken by an earlier branch, so only undefined (set()) reaches it";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  // K8sPSPCapabilities
  {
    kind: "K8sPSPCapabilities",
    operator: "remove-condition",
    // The same edit at shown's "[...]" branch would print objects as "[...]": keyed by line.
    line: 83,
    before: "is_array(value)",
    after: "",
    reason:
      "elements' first branch then returns every value as it is; every use of elements iterates it with `some … in` (never through gkc_arr), and that gives an object's values in the order gkc_values (itself `[item | some item in value]`) gives them, and nothing for a string, number, boolean, null or undefined (set()), as [] does",
  },
  // K8sPSPHostFilesystem
  {
    kind: "K8sPSPHostFilesystem",
    operator: "string-constant",
    before: 'last := gkc_coalesce(gkc_get(others, gkc_subtract(gkc_len(others), 1)), "")',
    after: 'last := gkc_coalesce(gkc_get(others, gkc_subtract(gkc_len(others), 1)), "/")',
    reason:
      "trimSlashes' second branch: its first branch takes every string whose non-slash characters `others` are none, so here `others` is a non-empty array of one-character strings and others[len - 1] is one of them, never null or undefined: the coalesce default is never used",
  },
  // K8sPSPHostNamespace
  {
    kind: "K8sPSPHostNamespace",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "{...}"',
    reason: `${SHOWN_UNDEFINED_ONLY}, and shown's only argument, metadata.name, is checked defined (gkc_shared_5) before the message prints it`,
  },
  // K8sPSPHostNetworkingPorts
  {
    kind: "K8sPSPHostNetworkingPorts",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "unset"',
    reason: `${SHOWN_UNDEFINED_ONLY}: the pod name it prints is checked defined (gkc_shared_5) before the message, and setting(value) passes undefined to shown only in gkc_select(value == set(), "unset", shown(value)), which then takes "unset" (shown's result, a string either way, is dropped)`,
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
