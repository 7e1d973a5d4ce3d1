// Generators for K8sReplicaLimits: objects whose spec.replicas lands in, at the edge of, or
// outside small ranges (or is missing, null or wrongly typed), and schema-valid ranges.
import fc from "fast-check";
import { json, maybe, metadata } from "gkc/arbitraries";
import type { Parameters } from "./replica-limits.js";

/** Numbers from 1e21 up print differently in the two engines (README, Semantics 6): not generated where printed. */
function printable(arb: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return arb.filter((v) => !(typeof v === "number" && Math.abs(v) >= 1e21));
}

const replicas = fc.oneof(
  { arbitrary: fc.integer({ min: -1, max: 12 }), weight: 8 },
  { arbitrary: fc.constantFrom<unknown>("3", null, true, [3], { n: 3 }, 2.5), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constantFrom("apps/v1", "v1"),
    kind: fc.oneof({ arbitrary: fc.constantFrom("Deployment", "ReplicaSet", "StatefulSet"), weight: 8 }, { arbitrary: fc.constantFrom<unknown>(5, null), weight: 1 }),
    metadata: maybe(metadata({ name: printable(maybe(fc.constantFrom("web", "api", "db"))) }), 20),
    spec: maybe(fc.record({ replicas: maybe(replicas, 12) }, { requiredKeys: [] }), 12),
  }),
);

const bound = fc.integer({ min: 0, max: 10 });
const range = fc.record({ min_replicas: bound, max_replicas: bound }, { requiredKeys: [] });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ ranges: fc.array(range, { maxLength: 3 }) }, { requiredKeys: [] }),
);
