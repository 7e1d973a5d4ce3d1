// Surviving mutants of the gatekeeper-library ports (referential group), explained (see test/fault-injection.test.ts).
// Each is a guard that the next step already implies (the step fails, or iterates nothing, for
// every value the guard would have stopped), or that the inventory's shape makes always true.
import type { Listed } from "./listed.js";

/** K8sUniqueServiceSelector's identical(other, review): the synced Service is the one under review. */
const IDENTICAL_SERVICE =
  'other.kind == "Service"; other.apiVersion == "v1"; other.metadata.namespace == input.review.namespace; not is_array(other.metadata.namespace); not is_object(other.metadata.namespace); other.metadata.name == input.review.name; not is_array(other.metadata.name); not is_object(other.metadata.name)';

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
    kind: "K8sUniqueIngressHost",
    operator: "remove-condition",
    before: "is_object(versions)",
    after: "",
    reason:
      "the next step iterates versions by key and value and the one after matches each key with regex.match: a string iterates nothing, an array's keys are numbers, which regex.match refuses (a type error, so undefined), so only an object's members ever go on",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "remove-condition",
    before: "is_object(gkc_inventory_1)",
    after: "",
    reason:
      "gkc_inventory_1 is data.inventory.namespace, which Gatekeeper's sync (and the inventory gkc verify builds) makes an object keyed by namespace, or leaves out: left out, the rule's next step iterates it and finds nothing, so the test holds wherever the rule goes on",
  },
  {
    kind: "K8sUniqueServiceSelector",
    operator: "boolean",
    before: `[true | ${IDENTICAL_SERVICE}] == []`,
    after: `[false | ${IDENTICAL_SERVICE}] == []`,
    reason: "the emptiness test of identical(other, review) (negated-calls.ts): only whether the comprehension holds an element is tested, never what the element is",
  },
];

/** Mutants an input would kill that the fixtures and generators lack: reported weaknesses. */
export const KNOWN_GAPS: readonly Listed[] = [];
