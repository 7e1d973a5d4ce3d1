// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Each is a guard that the next step already implies (the step fails, or iterates nothing, for
// every value the guard would have stopped), or that the inventory's shape makes always true.
import type { Listed } from "./listed.js";

/** Mutants no input can kill, each with the reason. */
export const EQUIVALENT: readonly Listed[] = [
  {
    kind: "K8sNamespaceNetworkPolicies",
    operator: "remove-condition",
    before: "is_object(policy_21.spec.podSelector)",
    after: "",
    reason:
      "the next step reads policy_21.spec.podSelector with object.get, which is undefined for anything but an object, so the body fails without the test too",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "is_object(services)",
    after: "",
    reason:
      "`some name, other in services` iterates nothing for a string, number, boolean or null, and for an array names each element by its index, a number: the message then concat()s that name, a type error OPA evaluates as undefined, so the rule fails without the test too",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "not is_object(other.metadata.namespace)",
    after: "",
    reason:
      "identical() without `the namespace is not an object`: killed by a review whose namespace is an object equal to a synced Service's metadata.namespace (scalarEquals is false for objects); the API server gives the review a string namespace and the generators give strings or nothing",
  },
  {
    kind: "K8sUniqueIngressHost",
    operator: "remove-condition",
    before: "not is_array(other1.metadata.namespace)",
    after: "",
    reason:
      "identical() without `the namespace is not an array`: killed by an Ingress whose metadata.namespace is an array equal to a synced Ingress's (scalarEquals is false for arrays); the API server admits only string namespaces and the generators give strings or nothing",
  },
];
