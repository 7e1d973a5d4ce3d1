// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** A container's name tested defined where a later line reads it by reference. */
const NAME_READ_LATER =
  "a later line of the rule reads container.name as a reference (shown(container.name), or rawName := container.name), which is undefined where the name is and fails the body as the removed test did";
/** is_object(spec) of the reviewed object before a rule that iterates one of its lists. */
const SPEC_OBJECT =
  "the test is is_object(input.review.object.spec), and the rule then iterates input.review.object.spec.<list>, a reference that is undefined unless spec is an object (a string key into an array, string, number, boolean or null), so the rule iterates nothing without it too";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  ...(["K8sPSPPrivilegedContainer", "K8sPSPReadOnlyRootFilesystem", "K8sPSPSeccompV2", "K8sPSPSeccomp"] as const).map(
    (kind): Listed => ({ kind, operator: "remove-condition", before: "container.name != set()", after: "", reason: NAME_READ_LATER }),
  ),
  { kind: "K8sPSPSeccomp", operator: "remove-condition", line: 226, before: "gkc_shared_4", after: "", reason: SPEC_OBJECT },
  { kind: "K8sPSPAllowedUsers", operator: "remove-condition", line: 501, before: "gkc_shared_2", after: "", reason: SPEC_OBJECT },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "is_object(container.securityContext.windowsOptions)",
    after: "",
    reason:
      "the next condition, container.securityContext.windowsOptions.hostProcess == true, reads windowsOptions by a string key: a reference that is undefined unless windowsOptions is an object, so the rule fails without the test too",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
