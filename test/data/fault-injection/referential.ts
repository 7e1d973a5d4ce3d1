// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Each is a guard that the next step already implies (the step fails, or iterates nothing, for
// every value the guard would have stopped), or that the inventory's shape makes always true.
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sUniqueIngressHost",
    operator: "remove-condition",
    before: "is_object(gkc_inventory_1)",
    after: "",
    reason:
      "gkc_inventory_1 is data.inventory.namespace (set() where missing), and is_object of it: Gatekeeper builds the inventory (and the verifier builds it as Gatekeeper does, inventoryOf) as an object of namespaces, so the test always holds",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "is_object(gkc_inventory_1)",
    after: "",
    reason:
      "gkc_inventory_1 is data.inventory.namespace (set() where missing), and is_object of it: Gatekeeper builds the inventory (and the verifier builds it as Gatekeeper does, inventoryOf) as an object of namespaces, so the test always holds",
  },
  {
    kind: "K8sNamespaceNetworkPolicies",
    operator: "remove-condition",
    before: "is_object(policy_21.spec.podSelector)",
    after: "",
    reason:
      "the next step reads policy_21.spec.podSelector with object.get, which is undefined for anything but an object, so the body fails without the test too",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "not gkc_some_3(other, pairs)",
    after: "",
    reason:
      "sameSelector without `every pair of this Service's is the other's`: the equal counts and the other direction imply it unless one selector flattens two keys to the same `key:value` text (keys `a:b` with value `c` and `a` with value `b:c`), which no generated selector does",
  },
];
