// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** is_object(spec) of the reviewed object before a rule that iterates one of its lists. */
const SPEC_OBJECT =
  "the test is is_object(input.review.object.spec), and the rule then iterates input.review.object.spec.<list> (or spec[list_key], a list's name), a reference that is undefined unless spec is an object (a string key into an array, string, number, boolean or null), so the rule iterates nothing without it too";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  { kind: "K8sPSPAllowedUsers", operator: "remove-condition", before: "gkc_shared_2 == true", after: "", reason: SPEC_OBJECT },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
