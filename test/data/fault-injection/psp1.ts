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
  // K8sPSPFSGroup: its second violation rule (lines 17-30: not RunAsAny, not MustRunAs, a securityContext and an
  // fsGroup held, no range containing it) has every condition of the fourth (lines 45-58) plus `not gkc_shared_4`,
  // and the same message: a mutant that only makes the second rule fire less often changes nothing.
  {
    kind: "K8sPSPFSGroup",
    operator: "add-not",
    before: "input.review.object.spec.securityContext.fsGroup != set()",
    after: "not input.review.object.spec.securityContext.fsGroup != set()",
    reason:
      "OPA hoists the ref argument of a call out of a `not` (`x != y` is the call neq; open-policy-agent/opa#1877), so with fsGroup undefined the body fails before the `not`, and with it defined `!= set()` holds and the `not` fails: the second violation rule never fires; every violation it gave, the fourth rule (a subset of its conditions, the same message) still gives",
  },
  {
    kind: "K8sPSPFSGroup",
    operator: "relational",
    line: 24,
    before: "input.review.object.spec.securityContext != set()",
    after: "input.review.object.spec.securityContext == set()",
    reason: "a defined securityContext never equals set(), so the second violation rule never fires; every violation it gave, the fourth rule (a subset of its conditions, the same message) still gives",
  },
  {
    kind: "K8sPSPFSGroup",
    operator: "remove-condition",
    line: 23,
    before: "not gkc_shared_4",
    after: "",
    reason: "without `not gkc_shared_4` (the rule is not MustRunAs) the second violation rule has exactly the fourth rule's conditions and message, so it fires where that one does",
  },
  {
    kind: "K8sPSPFSGroup",
    operator: "boolean",
    line: 53,
    before: "not input.review.object.spec.securityContext == false",
    after: "not input.review.object.spec.securityContext == true",
    reason: "the two differ only for a securityContext of true or false, and for either the next condition reads securityContext.fsGroup, undefined in a boolean, so the rule fails both ways",
  },
  // K8sPSPHostNamespace
  {
    kind: "K8sPSPHostNamespace",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "{...}"',
    reason: `${SHOWN_UNDEFINED_ONLY}, and shown's only argument, metadata.name, is checked defined (input.review.object.metadata.name != set()) by both violation rules before the message prints it`,
  },
  // K8sPSPAppArmor
  {
    kind: "K8sPSPAppArmor",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "v"',
    reason: `${SHOWN_UNDEFINED_ONLY}, and shown's arguments are never undefined: the pod's name is checked defined (input.review.object.metadata.name != set()) by every violation rule, a container's name is a reference (name := container.name) that fails the body where it is undefined, and effectiveProfile is given that name`,
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
