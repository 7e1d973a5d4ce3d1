// Generators for K8sRBACLeastPrivilege: Roles and ClusterRoles whose rules draw verbs, resources
// and apiGroups from pools holding the wildcard, the escalation verbs, secrets and their near
// misses ("Secrets", "secret", "**", "Bind"...), with and without resourceNames.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { role } from "gkc/arbitraries/rbac";
import type { Parameters } from "./rbac-least-privilege.js";

export const objects: fc.Arbitrary<unknown> = role({
  verbs: ["get", "list", "*", "**", "escalate", "bind", "impersonate", "Bind", "bind ", "escalates", "create", "delete"],
  resources: ["secrets", "secrets", "Secrets", "secret", "secrets/status", "*", "**", "pods", "configmaps", "roles"],
  apiGroups: ["", "", "*", "core", "apps", "**"],
});

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      allowedEscalationVerbs: fc.uniqueArray(fc.constantFrom<"escalate" | "bind" | "impersonate">("escalate", "bind", "impersonate"), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
