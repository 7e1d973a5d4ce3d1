import { asArray, constraint, defineTemplate, matchesWildcard, podSpec, type KubeObject } from "gkc/sdk";
import { describeObject, serviceAccountOf } from "./lib/workloads.js";

export const template = defineTemplate({
  kind: "K8sAutomountServiceAccountToken",
  title: "Automount Service Account Token",
  description:
    "Requires Pods and pod controllers to set spec.automountServiceAccountToken: false in the pod spec, so that no Kubernetes API token is mounted, unless the pod's ServiceAccount is listed in allowedServiceAccounts (accounts that need the API). The ServiceAccount is spec.serviceAccountName, else the deprecated spec.serviceAccount, else \"default\". A ServiceAccount's own automountServiceAccountToken setting is not consulted: the pod spec must opt out explicitly.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sAutomountServiceAccountToken. */
export interface Parameters {
  /**
   * ServiceAccounts whose pods may mount an API token (e.g. controllers that call the
   * Kubernetes API). A pattern ending in `*` matches by prefix, one starting with `*` by
   * suffix; any other pattern must equal the ServiceAccount name exactly.
   */
  allowedServiceAccounts?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const spec = podSpec(object);
  if (spec == null) {
    return;
  }
  const account = serviceAccountOf(spec);
  if (asArray(parameters.allowedServiceAccounts).some((pattern) => matchesWildcard(pattern, account))) {
    return;
  }
  const automount: unknown = spec.automountServiceAccountToken;
  if (automount === false) {
    return;
  }
  const subject = describeObject(object.kind, object.metadata);
  if (automount === true) {
    yield `${subject} sets automountServiceAccountToken: true, but its ServiceAccount "${account}" is not allowed to mount an API token`;
  } else {
    yield `${subject} must set automountServiceAccountToken: false; its ServiceAccount "${account}" is not allowed to mount an API token`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "pods-do-not-automount-api-tokens",
    enforcementAction: "dryrun",
    match: {
      excludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"],
    },
    parameters: {
      allowedServiceAccounts: [],
    },
  }),
];
