// An example policy of your own: Deployments must ask for at least `min` replicas.
// `violations` is ordinary TypeScript; gkc compiles it to Rego and proves the two agree.
import { constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sMinReplicas",
  title: "Minimum Replicas",
  description: "Requires Deployments to ask for at least a minimum number of replicas (a missing spec.replicas counts as 1, as Kubernetes defaults it).",
  version: "1.0.0",
});

export interface Parameters {
  /** The fewest replicas a Deployment may ask for. */
  min: number;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const spec: unknown = object["spec"];
  const replicas: unknown = isObject(spec) ? spec["replicas"] : undefined;
  const count = typeof replicas === "number" ? replicas : 1;
  if (typeof parameters.min === "number" && count < parameters.min) {
    yield `${object.kind ?? "object"} ${object.metadata?.name ?? ""} asks for ${count} replica(s); at least ${parameters.min} are required`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "deployments-min-two-replicas",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] },
    parameters: { min: 2 },
  }),
];
