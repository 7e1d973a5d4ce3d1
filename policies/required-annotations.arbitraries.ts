// Generators for K8sRequiredAnnotations: objects whose annotations are drawn from the same key
// pool as the required annotations (with near misses and inherited property names such as
// "constructor"), with values that do or do not match the regexes, false, null, numbers, and
// annotations that are missing, null or lists; required entries with and without a key or
// allowedRegex, and invalid regexes.
import fc from "fast-check";
import { anyWorkload, fromPool, json, maybe, objectName, plainObject, regexPattern, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./required-annotations.js";

const KEYS = ["a8r.io/owner", "a8r.io/runbook", "owner", "team"];
const VALUES = ["alice", "Alice", "dev-team-alfa@contoso.com", "https://wiki.example.com/runbook", "", "x", "123", "team-a", "a b"];

const key = fc.oneof({ arbitrary: fromPool(KEYS, 1), weight: 12 }, { arbitrary: fc.constantFrom("constructor", "toString", "0"), weight: 1 });
const value = fc.oneof(
  { arbitrary: fc.constantFrom(...VALUES), weight: 10 },
  { arbitrary: fc.constantFrom(false, null, 3, true), weight: 2 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const annotations = fc.oneof(
  { arbitrary: fc.dictionary(key, value, { maxKeys: 4 }), weight: 12 },
  { arbitrary: fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const annotated = json(
  fc.record(
    {
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Service", "Namespace"),
      metadata: maybe(fc.record({ name: maybe(objectName()), annotations }, { requiredKeys: [] }), 20),
    },
    { requiredKeys: ["apiVersion", "kind"] },
  ),
);

export const objects: fc.Arbitrary<unknown> = fc.oneof({ arbitrary: annotated, weight: 10 }, { arbitrary: plainObject(), weight: 1 }, { arbitrary: anyWorkload(), weight: 1 });

const requirement = fc.record(
  {
    key: fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 8 }, { arbitrary: key, weight: 1 }),
    allowedRegex: fc.oneof(
      { arbitrary: fc.constantFrom("^[a-z]+$", "@", "^https://", ".", "^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,6}|[a-z]{1,39})$"), weight: 3 },
      { arbitrary: regexPattern(), weight: 2 },
      // Invalid, and ones Go's RE2 reads differently (gkc's CEL raises an error on those: README, CEL, rule 23).
      { arbitrary: fc.constantFrom("(", "(?=x)", "(?<n>a)", "\\pL", "a{1,1234567890}"), weight: 1 },
    ),
  },
  { requiredKeys: [] },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      message: fc.constantFrom("All services must have owner and runbook annotations.", ""),
      annotations: fc.array(requirement, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
