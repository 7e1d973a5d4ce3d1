// Generators for K8sPodDisruptionBudget: PodDisruptionBudgets and replicated workloads in a small
// set of namespaces, whose selectors draw label pairs from one small pool (so selection, subsets
// and misses are all common), with maxUnavailable, minAvailable and replicas near each other,
// as percentages, missing, null or wrongly typed.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import type { Parameters } from "./pod-disruption-budget.js";

const NAMESPACES = ["default", "team-a"];

/** Missing, null or wrongly typed (numbers stay below 1e21, which the engines print differently). */
const broken = fc.constantFrom<unknown>(undefined, null, true, false, "", "1", [], [1], {}, { a: 1 }, 0.5, -1);

function maybe<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: broken, weight: 1 });
}

const count = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 8 }, { arbitrary: fc.constantFrom("50%", "0%"), weight: 1 });

const labels = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom("app", "tier"), fc.constantFrom<unknown>("web", "db", "Web", 1), { maxKeys: 2 }), weight: 10 },
  { arbitrary: broken, weight: 1 },
);
const selector = maybe(fc.record({ matchLabels: labels }, { requiredKeys: [] }), 12);

const metadata = maybe(fc.record({ name: maybe(fc.constantFrom("web", "db", "p"), 16), namespace: maybe(fc.constantFrom(...NAMESPACES), 16) }), 30);

const pdbSpec = maybe(fc.record({ maxUnavailable: maybe(count), minAvailable: maybe(count), selector }, { requiredKeys: [] }), 16);

const pdb = fc.record({ apiVersion: fc.constant("policy/v1"), kind: fc.constant("PodDisruptionBudget"), metadata, spec: pdbSpec });

const workload = fc.record({
  apiVersion: fc.constant("apps/v1"),
  kind: fc.oneof({ arbitrary: fc.constantFrom("Deployment", "StatefulSet"), weight: 10 }, { arbitrary: fc.constantFrom<unknown>(5, null), weight: 1 }),
  metadata,
  spec: maybe(fc.record({ replicas: maybe(fc.integer({ min: 0, max: 4 }), 10), selector }, { requiredKeys: [] }), 16),
});

export const objects: fc.Arbitrary<unknown> = json(fc.oneof(pdb, workload));

const syncedPdb = fc.record({
  apiVersion: fc.constant("policy/v1"),
  kind: fc.constant("PodDisruptionBudget"),
  metadata: fc.record({ name: fc.constantFrom("p1", "p2", "p3"), namespace: fc.constantFrom(...NAMESPACES) }),
  spec: pdbSpec,
});

export const inventory: fc.Arbitrary<unknown[]> = json(fc.array(syncedPdb, { maxLength: 4 }));

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});
