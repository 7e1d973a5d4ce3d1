import {
  asArray,
  clusterObjects,
  constraint,
  defineTemplate,
  isObject,
  namespacedObjects,
  type Inventory,
  type KubeObject,
} from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sCICDNoPodDelete",
  title: "CI/CD Identities Must Not Delete Pods",
  description:
    "Refuses RoleBindings and ClusterRoleBindings that bind a listed CI/CD identity to a role granting delete, deletecollection or \"*\" on pods (resources pods or \"*\", apiGroups \"\" or \"*\"). The bound Role or ClusterRole is read from Gatekeeper's synced inventory (Role and ClusterRole must be synced); a binding whose role is not in the inventory is not reported, so CI must ship roles together with their bindings. A ServiceAccount subject without a namespace takes the namespace of a RoleBinding; a listed ServiceAccount without a namespace matches that name in every namespace.",
  version: "1.0.0",
  syncs: [
    { group: "rbac.authorization.k8s.io", version: "v1", kind: "Role" },
    { group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole" },
  ],
});

/** Parameters of K8sCICDNoPodDelete. */
export interface Parameters {
  /** The CI/CD identities that must not be able to delete pods. */
  subjects: {
    /** The subject kind, as in a binding's `subjects`. */
    kind: "ServiceAccount" | "User" | "Group";
    /** The subject name, compared exactly. */
    name: string;
    /**
     * For a ServiceAccount, its namespace. When absent, the ServiceAccount name matches in
     * every namespace. Ignored for Users and Groups.
     */
    namespace?: string;
  }[];
}

const RBAC = "rbac.authorization.k8s.io/v1";

/** True when one PolicyRule grants delete (or deletecollection, or any verb) on core-group pods. */
function grantsPodDelete(rule: unknown): boolean {
  if (!isObject(rule)) {
    return false;
  }
  const verbs = asArray(rule["verbs"]);
  const resources = asArray(rule["resources"]);
  const apiGroups = asArray(rule["apiGroups"]);
  return (
    (verbs.includes("delete") || verbs.includes("deletecollection") || verbs.includes("*")) &&
    (resources.includes("pods") || resources.includes("*")) &&
    (apiGroups.includes("") || apiGroups.includes("*"))
  );
}

/** The Role or ClusterRole the binding refers to, from the inventory; undefined when not synced. */
function boundRole(object: KubeObject, roleKind: unknown, roleName: unknown, inventory: Inventory): KubeObject | undefined {
  if (typeof roleName !== "string") {
    return undefined;
  }
  if (roleKind === "ClusterRole") {
    return clusterObjects(inventory, RBAC, "ClusterRole").find((r) => r.metadata?.name === roleName);
  }
  if (roleKind === "Role" && object.kind === "RoleBinding") {
    const namespace: unknown = object.metadata?.namespace;
    if (typeof namespace !== "string") {
      return undefined;
    }
    return namespacedObjects(inventory, namespace, RBAC, "Role").find((r) => r.metadata?.name === roleName);
  }
  return undefined;
}

/** The namespace of a ServiceAccount subject: its own, or for a RoleBinding the binding's. */
function subjectNamespace(subject: Record<string, unknown>, object: KubeObject): unknown {
  const own = subject["namespace"];
  if (typeof own === "string" && own !== "") {
    return own;
  }
  if (object.kind === "RoleBinding") {
    return object.metadata?.namespace;
  }
  return undefined;
}

/** `Kind "name"` (with `namespace/` for ServiceAccounts) of a listed identity, for messages. */
function identityLabel(kind: string, name: string, namespace: unknown): string {
  if (kind === "ServiceAccount" && typeof namespace === "string") {
    return `ServiceAccount "${namespace}/${name}"`;
  }
  return `${kind} "${name}"`;
}

export function* violations(object: KubeObject, parameters: Parameters, inventory: Inventory): Generator<string> {
  const roleRef: unknown = object["roleRef"];
  if (!isObject(roleRef)) {
    return;
  }
  const roleKind = roleRef["kind"];
  const roleName = roleRef["name"];
  const role = boundRole(object, roleKind, roleName, inventory);
  if (role == null || !asArray(role["rules"]).some((rule) => grantsPodDelete(rule))) {
    return;
  }
  const bindingKind = typeof object.kind === "string" ? object.kind : "binding";
  const bindingName = typeof object.metadata?.name === "string" ? object.metadata.name : "<unnamed>";
  const roleText = `${roleKind === "ClusterRole" ? "ClusterRole" : "Role"} "${typeof roleName === "string" ? roleName : ""}"`;
  for (const subject of asArray(object["subjects"])) {
    if (!isObject(subject)) {
      continue;
    }
    const kind = subject["kind"];
    const name = subject["name"];
    if (typeof kind !== "string" || typeof name !== "string") {
      continue;
    }
    const namespace = subjectNamespace(subject, object);
    const listed = asArray(parameters.subjects).some(
      (identity) =>
        identity.kind === kind &&
        identity.name === name &&
        (kind !== "ServiceAccount" || identity.namespace == null || identity.namespace === namespace),
    );
    if (listed) {
      yield `${bindingKind} "${bindingName}" binds CI/CD identity ${identityLabel(kind, name, namespace)} to ${roleText}, which can delete pods`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "cicd-identities-cannot-delete-pods",
    enforcementAction: "dryrun",
    match: {
      kinds: [{ apiGroups: ["rbac.authorization.k8s.io"], kinds: ["RoleBinding", "ClusterRoleBinding"] }],
    },
    parameters: {
      subjects: [
        { kind: "ServiceAccount", name: "deployer", namespace: "ci" },
        { kind: "Group", name: "ci:pipelines" },
      ],
    },
  }),
];
