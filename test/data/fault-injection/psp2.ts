// Surviving mutants of the gatekeeper-library ports (psp2 group), explained (see test/fault-injection.test.ts).
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
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
    kind: "K8sPSPSeccomp",
    operator: "string-constant",
    line: 908,
    before: 'contains(allowed, "/")',
    after: 'contains(allowed, "<array>")',
    reason: "shownTranslations' first branch is redundant: a profile with a \"/\" is none of RuntimeDefault, Localhost and Unconfined, so the later branches give \"\" for it too",
  },
  {
    kind: "K8sPSPAppArmor",
    operator: "relational",
    line: 31,
    before: "input.review.object.metadata.name != set()",
    after: "input.review.object.metadata.name == set()",
    reason: "the rule for an init container without a profile (lines 29-38) never fires; the rule for a profile no allowed one equals (`not gkc_some_1(profile)`, the same other conditions and message) fires for it too, as no allowed profile equals set()",
  },
  {
    kind: "K8sPSPHostProcess",
    operator: "remove-condition",
    before: "is_object(container.securityContext.windowsOptions)",
    after: "",
    reason:
      "the next condition, container.securityContext.windowsOptions.hostProcess == true, is undefined unless windowsOptions is an object: a reference by a string key into an array, string, number, boolean or null is undefined in Rego (and JSON gives no sets)",
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
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "not name == set()",
    after: "",
    reason:
      "every rule's message is concat(\"\", [\"Container \", name, ...]): with name set() concat meets a non-string, a builtin type error, so msg is undefined and the rule yields nothing, as when the removed test failed; the TypeScript skips unnamed containers too",
  },
  {
    kind: "K8sPSPAllowedUsers",
    operator: "remove-condition",
    before: "gkc_shared_26",
    after: "",
    reason:
      "gkc_shared_26 is is_object(fsGroup parameter); every rule testing it next tests `not gkc_shared_28` (its rule is not set()) or gkc_shared_32 (its rule is \"MustRunAs\"), and gkc_get of \"rule\" is set() for any non-object, so either fails as the removed test did",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
