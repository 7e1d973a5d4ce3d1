import { asArray, constraint, defineTemplate, isObject, matchesWildcard, podSpec, type KubeObject } from "gkc/sdk";
import { describeObject, serviceAccountOf } from "./lib/workloads.js";

export const template = defineTemplate({
  kind: "K8sDedicatedServiceAccount",
  title: "Dedicated Service Account",
  description:
    "Requires Pods and pod controllers to run as a dedicated ServiceAccount rather than the namespace's default one. The ServiceAccount is spec.serviceAccountName; when that is absent or empty Kubernetes falls back to the deprecated spec.serviceAccount, and when both are absent or empty the Pod runs as \"default\". Objects in a namespace matching an exemptNamespaces pattern are skipped.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sDedicatedServiceAccount. */
export interface Parameters {
  /**
   * Namespaces whose workloads may run as the default ServiceAccount. A pattern ending in `*`
   * matches by prefix, one starting with `*` by suffix; any other pattern must equal the
   * namespace exactly.
   */
  exemptNamespaces?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const spec = podSpec(object);
  if (spec == null) {
    return;
  }
  const metadata: unknown = object.metadata;
  const namespace: unknown = isObject(metadata) ? metadata["namespace"] : undefined;
  const exempt =
    typeof namespace === "string" && asArray(parameters.exemptNamespaces).some((pattern) => matchesWildcard(pattern, namespace));
  if (exempt) {
    return;
  }
  if (serviceAccountOf(spec) === "default") {
    yield `${describeObject(object.kind, metadata)} runs as the default ServiceAccount; give it a dedicated one`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "workloads-use-dedicated-service-accounts",
    enforcementAction: "dryrun",
    match: {
      excludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"],
    },
    parameters: {
      exemptNamespaces: [],
    },
  }),
];
