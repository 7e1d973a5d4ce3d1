// Generators for K8sHorizontalPodAutoscaler: autoscalers (and a few other kinds) whose
// minReplicas/maxReplicas land in, at the edge of, or outside small ranges (or are missing,
// null or wrongly typed), whose scaleTargetRef names the Deployments and StatefulSets of the
// inventory or near misses of them (other namespace, apiVersion, kind or name), and
// schema-valid parameters.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import type { Parameters } from "./horizontal-pod-autoscaler.js";

const NAMESPACES = ["default", "team-a"];
const TARGETS = ["web", "db"];

/** Missing, null or wrongly typed (numbers stay below 1e21, which the engines print differently). */
const broken = fc.constantFrom<unknown>(undefined, null, true, false, "", "3", [], [1], {}, { a: 1 }, 0.5, -1);

function maybe<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: broken, weight: 1 });
}

const replicas = maybe(fc.integer({ min: 0, max: 9 }), 10);

const scaleTargetRef = fc.record({
  apiVersion: maybe(fc.constantFrom("apps/v1", "apps/v1", "apps/v1beta1")),
  kind: maybe(fc.constantFrom("Deployment", "StatefulSet", "ReplicaSet")),
  name: maybe(fc.constantFrom(...TARGETS, "gone")),
});

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("autoscaling/v2"),
    kind: fc.oneof({ arbitrary: fc.constant("HorizontalPodAutoscaler"), weight: 10 }, { arbitrary: fc.constantFrom<unknown>("Deployment", 3), weight: 1 }),
    metadata: maybe(fc.record({ name: maybe(fc.constantFrom("hpa", "web-hpa"), 12), namespace: maybe(fc.constantFrom(...NAMESPACES), 12) }), 20),
    spec: maybe(fc.record({ minReplicas: replicas, maxReplicas: replicas, scaleTargetRef: maybe(scaleTargetRef, 10) }), 20),
  }),
);

const workload = fc.record({
  apiVersion: fc.constant("apps/v1"),
  kind: fc.constantFrom("Deployment", "StatefulSet"),
  metadata: fc.record({ name: fc.constantFrom(...TARGETS), namespace: fc.constantFrom(...NAMESPACES) }),
  spec: fc.constant({ replicas: 1 }),
});

export const inventory: fc.Arbitrary<unknown[]> = json(fc.array(workload, { maxLength: 4 }));

const bound = fc.integer({ min: 0, max: 9 });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      enforceScaleTargetRef: fc.boolean(),
      minimumReplicaSpread: fc.integer({ min: -1, max: 4 }),
      ranges: fc.array(fc.record({ min_replicas: bound, max_replicas: bound }, { requiredKeys: [] }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
