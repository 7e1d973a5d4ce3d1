import { asArray, constraint, defineTemplate, isObject, matchesWildcard, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sClusterRoleBindingSubjects",
  title: "ClusterRoleBinding Subjects",
  description:
    "Reports ClusterRoleBinding subjects that are not in the allow-list: cluster-wide grants should be rare, prefer namespaced RoleBindings. A subject is written <Kind>:<namespace>:<name> for ServiceAccounts and <Kind>:<name> otherwise (e.g. ServiceAccount:kube-system:coredns, Group:system:masters, User:admin@example.com) and compared with each allowedSubjects pattern: a pattern ending in * matches by prefix, one starting with * by suffix, any other must be equal.",
  version: "1.0.0",
});

/** Parameters of K8sClusterRoleBindingSubjects. */
export interface Parameters {
  /**
   * Subjects that may be bound cluster-wide, as `<Kind>:<namespace>:<name>` for ServiceAccounts
   * and `<Kind>:<name>` for Users and Groups, e.g. `Group:system:masters`,
   * `ServiceAccount:kube-system:*`, `User:admin@example.com`. A pattern ending in `*` matches by
   * prefix, one starting with `*` by suffix; any other pattern must equal the subject exactly.
   */
  allowedSubjects: string[];
}

/** The value when it is a string, otherwise "" (a missing kind, name or namespace). */
function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** `<Kind>:<namespace>:<name>` for a ServiceAccount, `<Kind>:<name>` otherwise. */
function subjectKey(subject: Record<string, unknown>): string {
  const kind = text(subject["kind"]);
  const name = text(subject["name"]);
  if (kind === "ServiceAccount") {
    return `${kind}:${text(subject["namespace"])}:${name}`;
  }
  return `${kind}:${name}`;
}

/** ` to ClusterRole "<name>"` when the roleRef names a role, nothing otherwise. */
function roleSuffix(roleRef: unknown): string {
  // An if statement, not a conditional expression: gkc's Rego evaluates both arms of `?:`, so the
  // unused arm would format a non-string roleRef.name (e.g. 1e21, which crashed OPA wasm).
  if (isObject(roleRef) && typeof roleRef["name"] === "string") {
    return ` to ClusterRole "${roleRef["name"]}"`;
  }
  return "";
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const allowed = asArray(parameters.allowedSubjects);
  const name: unknown = object.metadata?.name;
  const binding = typeof name === "string" ? name : "<unnamed>";
  const role = roleSuffix(object["roleRef"]);
  for (const subject of asArray(object["subjects"])) {
    if (!isObject(subject)) {
      continue;
    }
    const key = subjectKey(subject);
    if (!allowed.some((pattern) => matchesWildcard(pattern, key))) {
      yield `ClusterRoleBinding "${binding}" binds subject "${key}"${role} cluster-wide, which is not in allowedSubjects; prefer namespaced RoleBindings`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "cluster-role-binding-subjects",
    enforcementAction: "warn",
    match: {
      kinds: [{ apiGroups: ["rbac.authorization.k8s.io"], kinds: ["ClusterRoleBinding"] }],
    },
    parameters: {
      allowedSubjects: ["Group:system:*", "User:system:*", "ServiceAccount:kube-system:*"],
    },
  }),
];
