// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Most are in the helpers of policies/lib/referential.ts (typeRank, regoLess, scalarEquals), compiled into
// each policy's Rego as `else` chains: a guard that an earlier branch already implies, or a branch that the
// policy's callers never reach.
import type { Listed } from "./listed.js";

/** typeRank's object branch: 5 is the top rank, and ranks are only compared with each other (equality, `<`), so 6 orders alike. */
const TOP_RANK =
  "typeRank's last branch (objects): 5 is the highest rank and ranks are only compared with one another (`not rankA == rankB`, then `rankA < rankB`, in regoLess), so 6 keeps every comparison's outcome";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "NoUpdateServiceAccount",
    operator: "remove-condition",
    before: "is_string(a)",
    after: "",
    reason:
      "scalarEquals' string branch then takes every non-null `a` with `a == b`: for a number or a boolean that is what the number and boolean branches give; jsonEquals (its only caller) takes arrays and objects itself, so the one other `a` is undefined (set(), an old serviceAccountName that is missing), where set() == b may differ from false, but gkc_shared_7 (jsonEquals) is only read by the last violation rule, which first requires both names defined (not gkc_shared_2, not gkc_shared_5)",
  },
  { kind: "K8sReplicaLimits", operator: "number", before: "result := 5", after: "result := 6", reason: TOP_RANK },
  {
    kind: "K8sReplicaLimits",
    operator: "relational",
    before: "result := [a == false, b == true] == [true, true]",
    after: "result := [a == false, b != true] == [true, true]",
    reason:
      "regoLess's last branch (same rank, not two numbers or strings): the mutant differs only for a == b == false (true instead of false); regoLess's only caller, withinSomeRange, tests [regoLess(min, replicas), scalarEquals(min, replicas)] != [false, false] and [regoLess(replicas, max), scalarEquals(max, replicas)] != [false, false], and scalarEquals(false, false) is true, so both outcomes are unchanged",
  },
  {
    kind: "K8sUniqueIngressHost",
    operator: "boolean",
    before: "result := false",
    after: "result := true",
    reason:
      "scalarEquals' last branch (a neither null, string, number nor boolean) is never reached: jsonEquals takes arrays and objects itself and is called with rule1.host defined (an undefined argument makes the call undefined), and the identity test calls scalarEquals on metadata.namespace and metadata.name of an Ingress in data.inventory.namespace, which Gatekeeper's sync (and inventoryOf) files only under those (non-empty) strings, so `a` is always a string there",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "add-not",
    before: "is_number(a)",
    after: "not is_number(a)",
    reason:
      "scalarEquals is only called by the identity test, on metadata.namespace and metadata.name of a Service in data.inventory.namespace, which Gatekeeper's sync (and inventoryOf) files only under those (non-empty) strings, so `a` is always a string and the string branch answers before the number branch",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "boolean",
    before: "result := false",
    after: "result := true",
    reason:
      "scalarEquals' last branch is never reached: its only caller passes metadata.namespace and metadata.name of a Service in data.inventory.namespace, which Gatekeeper's sync (and inventoryOf) files only under those (non-empty) strings, so `a` is always a string and the string branch answers",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "gkc_shared_1",
    after: "",
    reason:
      "gkc_shared_1 is is_object(data.inventory.namespace): the inventory's namespace part is always an object (inventoryOf's dictionary, Gatekeeper's synced data) when it is defined, and when it is undefined the next line's `some namespace, versions in data.inventory.namespace` iterates nothing",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
