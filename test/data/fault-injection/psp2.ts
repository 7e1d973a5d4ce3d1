// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "gkc_shared_1 != set()",
    after: "",
    reason:
      "the test is that the pod's name (objectName, gkc_shared_1) is defined, and the message concat()s gkc_shared_1 itself, which concat refuses where it is set() (undefined for a non-string element: builtin errors are not strict in Gatekeeper or the wasm SDK), so the rule fails without a name either way",
  },
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "is_object(input.parameters.fsGroup)",
    after: "",
    reason:
      "the test is is_object(input.parameters.fsGroup), and the next line reads input.parameters.fsGroup.rule by reference, which is undefined unless fsGroup is an object (a string key into an array, string, number, boolean or null), so the rule fails there without it too",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
