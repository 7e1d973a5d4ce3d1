// Generators for K8sCICDNoPodDelete: bindings whose roleRef names come from the same small pool
// as the synced Roles and ClusterRoles (so found, missing, other-namespace and wrong-kind
// references are all common), whose subjects come from the same pool as the listed CI/CD
// identities, and roles whose rules are near pod deletion ("Delete", "pod", "pods/eviction",
// apiGroup "core"...), with now and then a null name on a subject and on listed identities alike.
import fc from "fast-check";
import { json, nearMissOf, wrongTyped } from "gkc/arbitraries";
import { binding, role } from "gkc/arbitraries/rbac";
import type { Parameters } from "./cicd-no-pod-delete.js";

const ROLE_NAMES = ["pod-admin", "edit"];
const NAMESPACES = ["ci", "ci", "team-a"];
const SUBJECT_NAMES = ["deployer", "ci-bot"];
const rules = {
  verbs: ["delete", "deletecollection", "*", "Delete", "delete ", "deletecollections", "get", "**"],
  resources: ["pods", "*", "pod", "Pods", "pods/eviction"],
  apiGroups: ["", "*", "core", "apps"],
  names: ROLE_NAMES,
  validWeight: 40,
};

const generatedBinding = binding({
  kind: fc.oneof({ arbitrary: fc.constant("RoleBinding"), weight: 8 }, { arbitrary: fc.constant("ClusterRoleBinding"), weight: 4 }, { arbitrary: wrongTyped(), weight: 1 }),
  roleNames: ROLE_NAMES, namespaces: NAMESPACES, subjectNames: SUBJECT_NAMES, validWeight: 40 });

/**
 * A name that is not a string (null), given now and then to a binding's first subject and to listed
 * identities alike: a subject without a string name is never reported, even when an identity of
 * its kind has the very same name (which the parameters schema would refuse, but the TypeScript
 * decides).
 */
const ODD_NAMES: readonly unknown[] = [null];

function withOddSubjectName(object: unknown, name: unknown): unknown {
  if (name === undefined || typeof object !== "object" || object === null || Array.isArray(object)) return object;
  const subjects = (object as { subjects?: unknown }).subjects;
  if (!Array.isArray(subjects) || subjects.length === 0) return object;
  const [first, ...rest] = subjects as unknown[];
  if (typeof first !== "object" || first === null || Array.isArray(first)) return object;
  return { ...object, subjects: [{ ...first, name }, ...rest] };
}

export const objects: fc.Arbitrary<unknown> = fc
  .tuple(generatedBinding, fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constantFrom(...ODD_NAMES), weight: 1 }))
  .map(([object, name]) => withOddSubjectName(object, name));

const namespacedRole = role({ ...rules, kind: fc.constant("Role"), namespaces: NAMESPACES });
const clusterRole = role({
  ...rules,
  kind: fc.constant("ClusterRole"),
  namespace: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.constantFrom("ci", ""), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 }),
});

/** Rules that do grant pod deletion, mixed into some generated roles so that hits are common. */
const grantingRule = fc.constantFrom(
  { apiGroups: [""], resources: ["pods"], verbs: ["delete"] },
  { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "deletecollection"] },
  { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
  { apiGroups: ["", "apps"], resources: ["*"], verbs: ["list", "delete"] },
  { apiGroups: ["*"], resources: ["pods"], verbs: ["*"], resourceNames: ["web-0"] },
);

/** A role, half the time with a granting rule inserted among its (maybe broken) rules. */
function withGrant(roles: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.tuple(roles, fc.option(grantingRule, { freq: 5 }), fc.boolean()).map(([r, rule, first]) => {
    if (rule == null || typeof r !== "object" || r === null || !Array.isArray((r as { rules?: unknown }).rules)) return r;
    const rules = (r as { rules: unknown[] }).rules;
    return { ...r, rules: first ? [rule, ...rules] : [...rules, rule] };
  });
}

export const inventory: fc.Arbitrary<unknown[]> = fc.array(withGrant(fc.oneof(namespacedRole, clusterRole)), { minLength: 3, maxLength: 10 });

const identity = fc.record(
  {
    kind: fc.constantFrom<"ServiceAccount" | "User" | "Group">("ServiceAccount", "User", "Group"),
    name: fc.oneof(
      { arbitrary: fc.constantFrom(...SUBJECT_NAMES), weight: 8 },
      { arbitrary: nearMissOf(SUBJECT_NAMES), weight: 1 },
      { arbitrary: fc.constantFrom(...ODD_NAMES) as fc.Arbitrary<string>, weight: 3 },
    ),
    namespace: fc.oneof({ arbitrary: fc.constantFrom(...NAMESPACES), weight: 3 }, { arbitrary: fc.constant(""), weight: 1 }),
  },
  { requiredKeys: ["kind", "name"] },
);

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ subjects: fc.array(identity, { minLength: 1, maxLength: 4 }) }));
