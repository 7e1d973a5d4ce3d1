// Generators for K8sBlockEndpointEditDefaultRole: ClusterRoles (and Roles) named
// system:aggregate-to-edit or a near miss, whose rules mix endpoints (and near misses such as
// endpointslices, Endpoints, "*") with edit verbs (create, patch, update) and others; rules,
// resources and verbs are sometimes maps, which the library iterates like lists.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { role } from "gkc/arbitraries/rbac";
import type { Parameters } from "./block-endpoint-edit-default-role.js";

const generated = role({
  names: ["system:aggregate-to-edit", "system:aggregate-to-edit", "system:aggregate-to-edit", "edit"],
  resources: ["endpoints", "endpoints", "endpointslices", "pods", "*", "Endpoints"],
  verbs: ["create", "patch", "update", "get", "list", "*", "delete"],
  validWeight: 40,
});

/** An object's values keyed "k0", "k1", ...: a list given as a map. */
function asMap(list: unknown[]): Record<string, unknown> {
  return Object.fromEntries(list.map((item, index) => [`k${index}`, item]));
}

/** Sometimes turn `rules` (or the first rule's resources and verbs) into maps. */
function withMaps(object: unknown, mode: number): unknown {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return object;
  const rules = (object as { rules?: unknown }).rules;
  if (!Array.isArray(rules)) return object;
  if (mode === 1) return { ...object, rules: asMap(rules) };
  if (mode === 2 && rules.length > 0 && typeof rules[0] === "object" && rules[0] !== null && !Array.isArray(rules[0])) {
    const first = rules[0] as { resources?: unknown; verbs?: unknown };
    const mapped = {
      ...first,
      ...(Array.isArray(first.resources) ? { resources: asMap(first.resources) } : {}),
      ...(Array.isArray(first.verbs) ? { verbs: asMap(first.verbs) } : {}),
    };
    return { ...object, rules: [mapped, ...rules.slice(1)] };
  }
  return object;
}

export const objects: fc.Arbitrary<unknown> = json(
  fc.tuple(generated, fc.oneof({ arbitrary: fc.constant(0), weight: 10 }, { arbitrary: fc.constantFrom(1, 2), weight: 1 })).map(([o, mode]) => withMaps(o, mode)),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});
