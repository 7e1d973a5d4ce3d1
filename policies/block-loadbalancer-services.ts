import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sBlockLoadBalancer",
  title: "Block Services with type LoadBalancer",
  description:
    "Disallows all Services with type LoadBalancer. https://kubernetes.io/docs/concepts/services-networking/service/#loadbalancer",
  version: "1.0.0",
});

/** K8sBlockLoadBalancer takes no parameters. */
export interface Parameters {}

export function* violations(object: KubeObject, _parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // The library judges the request's kind (input.review.kind), not the object's own `kind` field.
  if (review.kind?.kind === "Service" && field(object["spec"], "type") === "LoadBalancer") {
    yield "User is not allowed to create service of type LoadBalancer";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "block-load-balancer",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }] },
    parameters: {},
  }),
];
