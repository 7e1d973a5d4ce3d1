import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { field, hasMember, members, printed } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sDisallowAnonymous",
  title: "Disallow Anonymous Access",
  description:
    "Disallows associating ClusterRole and Role resources to the system:anonymous user and system:unauthenticated group.",
  version: "1.0.0",
});

/** Parameters of K8sDisallowAnonymous. */
export interface Parameters {
  /**
   * The list of ClusterRoles and Roles that may be associated with the `system:unauthenticated`
   * group and `system:anonymous` user.
   */
  allowedRoles?: string[];
  /**
   * A boolean indicating whether `system:authenticated` should also be disallowed by this policy.
   * Defaults to false.
   */
  disallowAuthenticated?: boolean;
}

/** True when some subject of the binding is named `name` (any subject kind, as in the library). */
function hasSubjectNamed(subjects: unknown, name: string): boolean {
  return members(subjects).some((subject) => field(subject, "name") === name);
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const roleName = field(object["roleRef"], "name");
  if (typeof roleName === "string" && hasMember(parameters.allowedRoles, roleName)) {
    return;
  }
  // The library's message needs the object's kind and metadata.name; without them it reports nothing.
  const kind = object["kind"];
  const name = field(object.metadata, "name");
  if (kind === undefined || name === undefined) {
    return;
  }
  const setting = parameters.disallowAuthenticated;
  // Like the library's `object.get(..., false)` test: any value but false (or absent) enables it.
  const disallowAuthenticated = setting !== undefined && setting !== false;
  const groups = disallowAuthenticated
    ? ["system:unauthenticated", "system:anonymous", "system:authenticated"]
    : ["system:unauthenticated", "system:anonymous"];
  for (const group of groups) {
    if (hasSubjectNamed(object["subjects"], group)) {
      yield `${group} is not allowed as a subject name in ${printed(kind)} ${printed(name)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "no-anonymous",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["rbac.authorization.k8s.io"], kinds: ["ClusterRoleBinding"] },
        { apiGroups: ["rbac.authorization.k8s.io"], kinds: ["RoleBinding"] },
      ],
    },
    parameters: { allowedRoles: ["cluster-role-1"] },
  }),
];
