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
  // K8sPSPHostNamespace
  {
    kind: "K8sPSPHostNamespace",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "{...}"',
    reason: `${SHOWN_UNDEFINED_ONLY}, and shown's only argument, metadata.name, is checked defined (input.review.object.metadata.name != set()) by both violation rules before the message prints it`,
  },
  // K8sPSPHostFilesystem
  {
    kind: "K8sPSPHostFilesystem",
    operator: "remove-condition",
    line: 32,
    before: "is_array(value)",
    after: "",
    reason:
      "elements' array branch taking every value: its results are only iterated (`some containers in [gkc_shared_7, …]`, then `some container1 in containers`), and iterating an object gives its values, as gkc_values of it does, while a string or number iterates nothing, as [] does",
  },
  {
    kind: "K8sPSPHostFilesystem",
    operator: "remove-condition",
    line: 90,
    before: "[is_string(left), is_number(left), is_boolean(left)] != [false, false, false]",
    after: "",
    reason:
      "sameScalar's second definition without its type test: left is a mount's name read as a reference (defined), not null there, and gkc_strict_equal, the next test, is false of an array or an object, the only other values",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
