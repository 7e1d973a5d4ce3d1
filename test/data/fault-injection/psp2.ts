// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "gkc_shared_28",
    after: "",
    reason: "gkc_shared_28 is is_object(fsGroup); the rule goes on to need fsGroup.rule defined (not gkc_shared_30), read by object.get from an object holding fsGroup, which is defined only when fsGroup is an object",
  },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "is_object(container.securityContext.windowsOptions)",
    after: "",
    reason:
      "the next condition, container.securityContext.windowsOptions.hostProcess == true, is undefined unless windowsOptions is an object: a reference by a string key into an array, string, number, boolean or null is undefined in Rego (and JSON gives no sets)",
  },
  ...["K8sPSPSeccompV2", "K8sPSPSeccomp"].map(
    (kind): Listed => ({
      kind,
      operator: "remove-condition",
      before: "gkc_shared_4",
      after: "",
      reason:
        "gkc_shared_4 is is_object(input.review.object.spec), and the rule then iterates input.review.object.spec.<list>, a reference that is undefined unless spec is an object (a string key into an array, string, number, boolean or null), so the rule iterates nothing without it too",
    }),
  ),
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
