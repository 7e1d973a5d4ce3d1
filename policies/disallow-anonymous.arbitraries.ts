// Generators for K8sDisallowAnonymous: bindings whose subjects are named system:anonymous,
// system:unauthenticated, system:authenticated, near misses of them or other identities (of any
// subject kind), whose roleRef names come from the same pool as allowedRoles, with kind or
// metadata.name sometimes missing (the library then reports nothing), and subjects sometimes a map.
import fc from "fast-check";
import { json, nearMissOf, wrongTyped } from "gkc/arbitraries";
import { binding } from "gkc/arbitraries/rbac";
import type { Parameters } from "./disallow-anonymous.js";

const GROUPS = ["system:anonymous", "system:unauthenticated", "system:authenticated"];
const ROLE_NAMES = ["cluster-role-1", "view", "edit"];

const generated = binding({
  kind: fc.oneof(
    { arbitrary: fc.constantFrom("RoleBinding", "ClusterRoleBinding"), weight: 12 },
    { arbitrary: fc.constant(undefined), weight: 1 },
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

export const objects: fc.Arbitrary<unknown> = json(
  fc.tuple(generated, fc.integer({ min: 0, max: 9 })).map(([o, n]) => subjectsAsMap(o, n === 0)),
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      allowedRoles: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...ROLE_NAMES), weight: 4 }, { arbitrary: nearMissOf(ROLE_NAMES), weight: 1 }), { maxLength: 2 }),
      disallowAuthenticated: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
);
