// Generators for K8sDisallowAnonymous: bindings whose subjects are named system:anonymous,
// system:unauthenticated, system:authenticated, near misses of them or other identities (of any
// subject kind), whose roleRef names come from the same pool as allowedRoles, with kind or
// metadata.name sometimes missing (the library then reports nothing), subjects sometimes a map, and
// roleRef names sometimes not strings (null, 5, ["view"]), which allowedRoles then sometimes lists.
import fc from "fast-check";
import { json, nearMissOf, wrongTyped } from "gkc/arbitraries";
import { binding } from "gkc/arbitraries/rbac";
import type { Parameters } from "./disallow-anonymous.js";

const GROUPS = ["system:anonymous", "system:unauthenticated", "system:authenticated"];
const ROLE_NAMES = ["cluster-role-1", "view", "edit"];

const generated = binding({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom("RoleBinding", "ClusterRoleBinding"), weight: 12 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: wrongTyped(), weight: 1 },
  ),
  roleNames: ROLE_NAMES,
  subjectNames: [...GROUPS, ...GROUPS, "alice", "system:masters"],
  validWeight: 24,
});

/** Sometimes give `subjects` as a map, which the library iterates like a list. */
function subjectsAsMap(object: unknown, asMap: boolean): unknown {
  if (!asMap || typeof object !== "object" || object === null || Array.isArray(object)) return object;
  const subjects = (object as { subjects?: unknown }).subjects;
  if (!Array.isArray(subjects)) return object;
  return { ...object, subjects: Object.fromEntries(subjects.map((s, i) => [`s${i}`, s])) };
}

/**
 * Sometimes give roleRef a name that is not a string, drawn from the same pool as the non-string
 * allowedRoles: such a name never exempts (the TypeScript wants a string), even when listed.
 */
function oddRoleName(object: unknown, name: unknown): unknown {
  if (name === NO_ODD_NAME || typeof object !== "object" || object === null || Array.isArray(object)) return object;
  const roleRef = (object as { roleRef?: unknown }).roleRef;
  if (typeof roleRef !== "object" || roleRef === null || Array.isArray(roleRef)) return object;
  return { ...object, roleRef: { ...roleRef, name } };
}

const NO_ODD_NAME = Symbol("no odd name");
const ODD_ROLE_NAMES = [null, 5, ["view"]];

export const objects: fc.Arbitrary<unknown> = json(
  fc
    .tuple(generated, fc.integer({ min: 0, max: 9 }), fc.oneof({ arbitrary: fc.constant(NO_ODD_NAME), weight: 2 }, { arbitrary: fc.constantFrom(...ODD_ROLE_NAMES), weight: 1 }))
    .map(([o, n, name]) => oddRoleName(subjectsAsMap(o, n === 0), name)),
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      allowedRoles: fc.array(
        fc.oneof(
          { arbitrary: fc.constantFrom(...ROLE_NAMES), weight: 4 },
          { arbitrary: nearMissOf(ROLE_NAMES), weight: 1 },
          { arbitrary: fc.constantFrom(...ODD_ROLE_NAMES), weight: 2 },
        ),
        { maxLength: 3 },
      ) as fc.Arbitrary<string[]>,
      // true more often than false: most rules need it (and a non-string roleRef name) to fire.
      disallowAuthenticated: fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, { arbitrary: fc.constant(false), weight: 1 }),
    },
    { requiredKeys: [] },
  ),
);
