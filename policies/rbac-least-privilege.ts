import { asArray, constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sRBACLeastPrivilege",
  title: "RBAC Least Privilege",
  description:
    "Requires Roles and ClusterRoles to grant least privilege: no rule may use the wildcard \"*\" in verbs or resources, the privilege-escalation verbs escalate, bind and impersonate are refused unless allow-listed, and a ClusterRole may grant access to core-group secrets (apiGroups \"\" or \"*\") only for named secrets (resourceNames). Wildcards in apiGroups alone are not reported. Each violation names the role and the zero-based rule index.",
  version: "1.0.0",
});

/** Parameters of K8sRBACLeastPrivilege. */
export interface Parameters {
  /**
   * Privilege-escalation verbs that rules may use. By default none is allowed: `escalate`
   * (edit roles beyond one's own permissions), `bind` (bind roles one does not hold) and
   * `impersonate` (act as another user, group or service account) are all reported.
   */
  allowedEscalationVerbs?: ("escalate" | "bind" | "impersonate")[];
}

/** The verbs that let a subject gain permissions it does not hold. */
const ESCALATION_VERBS = ["bind", "escalate", "impersonate"];

/** `Kind "name"` of the role, for messages. */
function roleLabel(object: KubeObject): string {
  const kind: unknown = object.kind;
  const name: unknown = object.metadata?.name;
  const kindText = typeof kind === "string" ? kind : "Role";
  const nameText = typeof name === "string" ? name : "<unnamed>";
  return `${kindText} "${nameText}"`;
}

/** True when the rule grants at least one verb on core-group secrets, not restricted to named secrets. */
function grantsAllSecrets(rule: Record<string, unknown>): boolean {
  const apiGroups = asArray(rule["apiGroups"]);
  const coreGroup = apiGroups.includes("") || apiGroups.includes("*");
  const anyVerb = asArray(rule["verbs"]).some((verb) => typeof verb === "string" && verb !== "");
  return coreGroup && anyVerb && asArray(rule["resources"]).includes("secrets") && asArray(rule["resourceNames"]).length === 0;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const allowed = asArray(parameters.allowedEscalationVerbs);
  const role = roleLabel(object);
  const isClusterRole = object.kind === "ClusterRole";
  for (const [index, rule] of Object.entries(asArray(object["rules"]))) {
    if (!isObject(rule)) {
      continue;
    }
    const verbs = asArray(rule["verbs"]);
    if (verbs.includes("*")) {
      yield `${role} rule ${index}: verbs must not contain "*"`;
    }
    if (asArray(rule["resources"]).includes("*")) {
      yield `${role} rule ${index}: resources must not contain "*"`;
    }
    for (const verb of ESCALATION_VERBS) {
      if (verbs.includes(verb) && !allowed.some((a) => a === verb)) {
        yield `${role} rule ${index}: verbs must not contain "${verb}" (privilege escalation) unless listed in allowedEscalationVerbs`;
      }
    }
    if (isClusterRole && grantsAllSecrets(rule)) {
      yield `${role} rule ${index}: grants access to all secrets cluster-wide; restrict the rule with resourceNames or use a namespaced Role`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "rbac-least-privilege",
    enforcementAction: "dryrun",
    match: {
      kinds: [{ apiGroups: ["rbac.authorization.k8s.io"], kinds: ["Role", "ClusterRole"] }],
      excludedNamespaces: ["kube-system"],
      // The built-in roles (cluster-admin, system:*) carry this label and are managed by Kubernetes.
      labelSelector: { matchExpressions: [{ key: "kubernetes.io/bootstrapping", operator: "DoesNotExist" }] },
    },
    parameters: {
      allowedEscalationVerbs: [],
    },
  }),
];
