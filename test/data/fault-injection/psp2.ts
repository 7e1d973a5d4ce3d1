// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "is_array(value)",
    after: "",
    reason: "the rule already iterated an element of gkc_arr(value), which has none unless value is an array",
  },
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "gkc_shared_12",
    after: "",
    reason:
      "gkc_shared_12 is is_object(input.parameters.runAsGroup); the next condition, not gkc_shared_14, needs runAsGroup.rule defined, which object.get finds in nothing but an object",
  },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "is_object(container.securityContext)",
    after: "",
    reason:
      "the next condition, is_object(container.securityContext.windowsOptions), reads securityContext by a string key: a reference that is undefined unless securityContext is an object, so the rule fails without the test too",
  },
  {
    kind: "K8sPSPSeccompV2",
    operator: "remove-condition",
    before: "gkc_shared_4",
    after: "",
    reason:
      "gkc_shared_4 is is_object(input.review.object.spec), and the rule then iterates input.review.object.spec.<list>, a reference that is undefined unless spec is an object (a string key into an array, string, number, boolean or null), so the rule iterates nothing without it too",
  },
  {
    kind: "K8sPSPPrivilegedContainer",
    operator: "remove-condition",
    before: "gkc_shared_2",
    after: "",
    reason:
      "gkc_shared_2 is is_object(spec) of the reviewed object; every rule then iterates input.review.object.spec.<list>, which has no members unless input.review.object and its spec are objects (a string-keyed reference into anything else is undefined), so the rule body fails as the removed test did",
  },
  {
    kind: "K8sPSPReadOnlyRootFilesystem",
    operator: "remove-condition",
    before: "gkc_shared_2",
    after: "",
    reason:
      "gkc_shared_2 is is_object(spec) of the reviewed object; every rule then iterates input.review.object.spec.<list>, which has no members unless input.review.object and its spec are objects (a string-keyed reference into anything else is undefined), so the rule body fails as the removed test did",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
