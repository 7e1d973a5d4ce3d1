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
  // K8sPSPForbiddenSysctls
  {
    kind: "K8sPSPForbiddenSysctls",
    operator: "remove-condition",
    before: "is_string(name)",
    after: "",
    reason:
      "the wildcard rule's message concatenates `name` itself (not shown(name)), and concat of a non-string is a type error, so undefined: without the guard a non-string name still yields no message from that rule",
  },
  // K8sPSPFSGroup: its second violation rule (lines 18-32: not RunAsAny, not MustRunAs, a securityContext and an
  // fsGroup held, no range containing it) has every condition of the fourth (lines 47-62) plus `not gkc_shared_5`,
  // and the same message: a mutant that only makes the second rule fire less often changes nothing.
  {
    kind: "K8sPSPFSGroup",
    operator: "relational",
    before: "input.review.object.metadata.name != set()",
    after: "input.review.object.metadata.name == set()",
    line: 23,
    reason:
      "no JSON value equals set() and an undefined name makes the comparison undefined, so the second violation rule never fires; every violation it gave, the fourth rule (a subset of its conditions, the same message) still gives",
  },
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
    before: "input.review.object.spec.securityContext.fsGroup != set()",
    after: "input.review.object.spec.securityContext.fsGroup == set()",
    line: 58,
    reason:
      "a defined fsGroup never equals set(), so the fourth violation rule (lines 47-62: not RunAsAny, no range containing the fsGroup, a securityContext and an fsGroup held) never fires; every violation it gave another rule gives with the same message: the third (not RunAsAny, no range, not MayRunAs) where the rule is not MayRunAs, the second (the fourth's conditions and not MustRunAs) where it is",
  },
  // K8sPSPHostNamespace
  {
    kind: "K8sPSPHostNamespace",
    operator: "string-constant",
    before: 'result := "undefined"',
    after: 'result := "{...}"',
    reason: `${SHOWN_UNDEFINED_ONLY}, and shown's only argument, metadata.name, is checked defined (input.review.object.metadata.name != set()) by both violation rules before the message prints it`,
  },
  // K8sPSPHostNetworkingPorts
  {
    kind: "K8sPSPHostNetworkingPorts",
    operator: "remove-condition",
    before: "port1.hostPort != set()",
    after: "",
    reason:
      "the next line, sortsBelow(port1.hostPort, input.parameters.min), is undefined whenever port1.hostPort is undefined (a function call with an undefined argument is undefined), so the guard is implied",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
