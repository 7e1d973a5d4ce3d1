import {
  asArray,
  constraint,
  defineTemplate,
  isObject,
  matchesWildcard,
  namespacedObjects,
  type Inventory,
  type KubeObject,
} from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sNamespaceNetworkPolicies",
  title: "Namespace Network Policies",
  description:
    "Requires every Namespace (except exempt ones) to hold, among its NetworkPolicies in Gatekeeper's synced inventory, (a) a default-deny policy: podSelector {} with policyTypes Ingress and Egress, and (b) a policy selecting all pods (podSelector {}) that allows DNS egress: an egress rule with a port of protocol UDP and port 53 (or \"53\"; a port without protocol is TCP and does not count) whose to is absent, empty, or has a peer whose namespaceSelector.matchLabels has kubernetes.io/metadata.name: kube-system; egress rules only count when policyTypes is absent or includes Egress. One policy may satisfy both. Because admission cannot see NetworkPolicies created after their Namespace, enforce this in CI (gator) and report it from audit, never deny at admission.",
  version: "1.0.0",
  syncs: [
    { group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy" },
    { group: "", version: "v1", kind: "Namespace" },
  ],
});

/** Parameters of K8sNamespaceNetworkPolicies. */
export interface Parameters {
  /**
   * Namespaces that need no NetworkPolicies. A pattern ending in `*` matches by prefix, one
   * starting with `*` by suffix; any other pattern must equal the namespace name exactly.
   */
  exemptNamespaces?: string[];
}

const NETWORK_POLICY = "networking.k8s.io/v1";

/** True for a label selector that selects everything: an object with no matchLabels or matchExpressions entries. */
function selectsAll(selector: unknown): boolean {
  if (!isObject(selector)) {
    return false;
  }
  const labels = selector["matchLabels"];
  const expressions = selector["matchExpressions"];
  const noLabels = labels == null || (isObject(labels) && Object.keys(labels).length === 0);
  const noExpressions = expressions == null || (Array.isArray(expressions) && expressions.length === 0);
  return noLabels && noExpressions;
}

/** True when the NetworkPolicy spec selects all pods and lists both Ingress and Egress in policyTypes. */
function isDefaultDeny(spec: unknown): boolean {
  if (!isObject(spec)) {
    return false;
  }
  const types = asArray(spec["policyTypes"]);
  return selectsAll(spec["podSelector"]) && types.includes("Ingress") && types.includes("Egress");
}

/** True for a NetworkPolicyPort of protocol UDP and port 53 (number or string). */
function isDnsPort(port: unknown): boolean {
  if (!isObject(port)) {
    return false;
  }
  const number = port["port"];
  return port["protocol"] === "UDP" && (number === 53 || number === "53");
}

/** True for a peer whose namespaceSelector matches the label kubernetes.io/metadata.name=kube-system. */
function selectsKubeSystem(peer: unknown): boolean {
  if (!isObject(peer)) {
    return false;
  }
  const selector = peer["namespaceSelector"];
  if (!isObject(selector)) {
    return false;
  }
  const labels = selector["matchLabels"];
  return isObject(labels) && labels["kubernetes.io/metadata.name"] === "kube-system";
}

/** True for an egress rule allowing UDP 53 to kube-system (or to every destination). */
function isDnsRule(rule: unknown): boolean {
  if (!isObject(rule)) {
    return false;
  }
  const to = rule["to"];
  const toDns = to == null || (Array.isArray(to) && (to.length === 0 || to.some((peer) => selectsKubeSystem(peer))));
  return toDns && asArray(rule["ports"]).some((port) => isDnsPort(port));
}

/** True when the NetworkPolicy spec lets every pod of the namespace resolve names through kube-system. */
function allowsDns(spec: unknown): boolean {
  if (!isObject(spec)) {
    return false;
  }
  const types = spec["policyTypes"];
  const egressEnforced = types == null || asArray(types).includes("Egress");
  return egressEnforced && selectsAll(spec["podSelector"]) && asArray(spec["egress"]).some((rule) => isDnsRule(rule));
}

export function* violations(object: KubeObject, parameters: Parameters, inventory: Inventory): Generator<string> {
  const name: unknown = object.metadata?.name;
  if (typeof name !== "string") {
    return;
  }
  if (asArray(parameters.exemptNamespaces).some((pattern) => matchesWildcard(pattern, name))) {
    return;
  }
  const policies = namespacedObjects(inventory, name, NETWORK_POLICY, "NetworkPolicy");
  if (!policies.some((policy) => isDefaultDeny(policy["spec"]))) {
    yield `namespace "${name}" has no default-deny NetworkPolicy (podSelector {} with policyTypes Ingress and Egress)`;
  }
  if (!policies.some((policy) => allowsDns(policy["spec"]))) {
    yield `namespace "${name}" has no NetworkPolicy allowing DNS egress (UDP port 53 to kube-system) for all its pods`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "namespaces-must-have-network-policies",
    enforcementAction: "scoped",
    scopedEnforcementActions: [
      { action: "deny", enforcementPoints: [{ name: "gator.gatekeeper.sh" }] },
      { action: "warn", enforcementPoints: [{ name: "audit.gatekeeper.sh" }] },
    ],
    match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] },
    parameters: {
      exemptNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"],
    },
  }),
];
