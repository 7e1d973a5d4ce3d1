import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sBlockNodePort",
  title: "Block NodePort",
  description:
    "Disallows all Services with type NodePort. https://kubernetes.io/docs/concepts/services-networking/service/#nodeport",
  version: "1.0.0",
});

/** K8sBlockNodePort takes no parameters. */
export interface Parameters {}

export function* violations(object: KubeObject, _parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // The library judges the request's kind (input.review.kind), not the object's own `kind` field.
  if (review.kind?.kind === "Service" && field(object["spec"], "type") === "NodePort") {
    yield "User is not allowed to create service of type NodePort";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "block-node-port",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }] },
    parameters: {},
  }),
];
