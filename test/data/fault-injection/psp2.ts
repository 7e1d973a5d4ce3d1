// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "gkc_shared_28 == true",
    after: "",
    reason:
      "the test is is_object(input.parameters.fsGroup), and the next line reads input.parameters.fsGroup.rule by reference, which is undefined unless fsGroup is an object (a string key into an array, string, number, boolean or null), so the rule fails there without it too",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
