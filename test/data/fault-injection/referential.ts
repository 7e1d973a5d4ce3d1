// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Most are in the helpers of policies/lib/referential.ts (typeRank, regoLess, scalarEquals), compiled into
// each policy's Rego as `else` chains: a guard that an earlier branch already implies, or a branch that the
// policy's callers never reach.
import type { Listed } from "./listed.js";

/** typeRank's object branch: 5 is the top rank, and ranks are only compared with each other (equality, `<`), so 6 orders alike. */
const TOP_RANK =
  "typeRank's last branch (objects): 5 is the highest rank and ranks are only compared with one another (`rankA == rankB`, gkc_lt(rankA, rankB) in regoLess), so 6 keeps every comparison's outcome";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "relational",
    before: "result := [a == false, b == true] == [true, true]",
    after: "result := [a == false, b != true] == [true, true]",
    reason:
      "regoLess's last branch (same rank, not two numbers or strings): the mutant differs only for a == b == false (true instead of false); the range checks use regoLess(x, y) || scalarEquals(x, y), true for two `false`s either way, and the spread check's regoLess(spread, actual) only counts when min and max are numbers, so `actual` is a number",
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "remove-condition",
    before: "not gkc_shared_8",
    after: "",
    line: 21,
    reason:
      "the spread rule's `is_number(input.review.object.spec.minReplicas)` three lines below already requires minReplicas to be defined, which is what `not gkc_shared_8` (minReplicas == set()) tests",
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    operator: "remove-condition",
    before: "is_string(b)",
    after: "",
    reason: "regoLess's string branch is only reached when the ranks of `a` and `b` are equal, so a string `a` means a string `b`",
  },
  { kind: "K8sHorizontalPodAutoscaler", operator: "number", before: "result := 5", after: "result := 6", reason: TOP_RANK },
  { kind: "K8sReplicaLimits", operator: "number", before: "result := 5", after: "result := 6", reason: TOP_RANK },
  {
    kind: "K8sUniqueIngressHost",
    operator: "remove-condition",
    before: "is_object(versions)",
    after: "",
    reason:
      "gkc_entries of a value that is not an object gives index keys (\"0\", \"1\", …) or nothing, and the next test requires the key to match ^(extensions|networking.k8s.io)/.+$, which no index does",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "boolean",
    before: "[is_string(a), is_number(a), is_boolean(a)] != [false, false, false]",
    after: "[is_string(a), is_number(a), is_boolean(a)] != [false, true, false]",
    reason:
      "scalarEquals is only called by identical, on metadata.namespace and metadata.name of an object in data.inventory.namespace, which Gatekeeper's sync (and inventoryOf) files only under those strings, so `a` is always a string, for which [true, false, false] differs from both constants",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
