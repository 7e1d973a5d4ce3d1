import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { field, hasMember, members } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sBlockEndpointEditDefaultRole",
  title: "Block Endpoint Edit Default Role",
  description:
    "Many Kubernetes installations by default have a system:aggregate-to-edit ClusterRole which does not properly restrict access to editing Endpoints. This ConstraintTemplate forbids the system:aggregate-to-edit ClusterRole from granting permission to create/patch/update Endpoints. ClusterRole/system:aggregate-to-edit should not allow Endpoint edit permissions due to CVE-2021-25740, Endpoint & EndpointSlice permissions allow cross-Namespace forwarding, https://github.com/kubernetes/kubernetes/issues/103675",
  version: "1.0.0",
});

/** K8sBlockEndpointEditDefaultRole takes no parameters. */
export interface Parameters {}

/** The library's `endpointRule`: a rule on `endpoints` with a create, patch or update verb. */
function editsEndpoints(rule: unknown): boolean {
  const verbs = field(rule, "verbs");
  return hasMember(field(rule, "resources"), "endpoints") && (hasMember(verbs, "create") || hasMember(verbs, "patch") || hasMember(verbs, "update"));
}

export function* violations(object: KubeObject, _parameters: Parameters): Generator<string> {
  // Only the name is checked (any kind the constraint matches), and apiGroups are ignored, as in the library.
  if (object.metadata?.name === "system:aggregate-to-edit" && members(object["rules"]).some((rule) => editsEndpoints(rule))) {
    yield "ClusterRole system:aggregate-to-edit should not allow endpoint edit permissions. For k8s version < 1.22, the Cluster Role should be annotated with rbac.authorization.kubernetes.io/autoupdate=false to prevent autoreconciliation back to default permissions for this role.";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "block-endpoint-edit-default-role",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["rbac.authorization.k8s.io"], kinds: ["ClusterRole"] }] },
    parameters: {},
  }),
];
