// Surviving mutants of the gatekeeper-library ports (psp1 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

// The shared helpers of policies/lib/psp-host.ts, compiled into each policy:
//   elements(value): [1] value if an array, [2] gkc_values(value) if an object, [3] [] otherwise.

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sPSPFSGroup",
    operator: "boolean",
    before: "input.review.object.spec.securityContext == false",
    after: "input.review.object.spec.securityContext == true",
    reason:
      "a securityContext that is not an object (false, or true) has no fsGroup, so the MayRunAs alternative for an fsGroup that is undefined (gkc_shared_4) holds wherever either version of this one does",
  },
  // K8sPSPHostFilesystem
  {
    kind: "K8sPSPHostFilesystem",
    operator: "remove-condition",
    line: 80,
    before: "[is_string(left), is_number(left), is_boolean(left)] != [false, false, false]",
    after: "",
    reason:
      "sameScalar's second definition without its type test: left is a mount's name read as a reference (defined), not null there, and gkc_strict_equal, the next test, is false of an array or an object, the only other values",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
