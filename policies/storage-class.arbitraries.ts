// Generators for K8sStorageClass: PersistentVolumeClaims and StatefulSets whose storage class
// names come from the same small pool as the synced StorageClasses and the allow-list (so found,
// missing, allowed and refused classes are all common), with missing, null, false and wrongly
// typed names, broken claim templates, and an inventory that is sometimes empty (not synced).
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import type { Parameters } from "./storage-class.js";

const CLASSES = ["fast", "slow", "standard"];

/** Missing, null or wrongly typed (numbers stay below 1e21, which the engines print differently). */
const broken = fc.constantFrom<unknown>(undefined, null, true, false, "", 0, [], ["fast"], {}, { a: 1 });

function maybe<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: broken, weight: 1 });
}

const className = maybe(fc.constantFrom(...CLASSES, "gold"), 6);
const claimSpec = maybe(fc.record({ storageClassName: className }), 12);

const pvc = fc.record({
  apiVersion: fc.oneof({ arbitrary: fc.constant("v1"), weight: 10 }, { arbitrary: fc.constant("v2"), weight: 1 }),
  kind: fc.constant("PersistentVolumeClaim"),
  metadata: fc.constant({ name: "claim" }),
  spec: claimSpec,
});

const claimTemplates = fc.oneof(
  { arbitrary: fc.array(maybe(fc.record({ metadata: fc.constant({ name: "data" }), spec: claimSpec }), 12), { maxLength: 3 }), weight: 10 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), fc.record({ spec: claimSpec }), { maxKeys: 2 }), weight: 1 },
  { arbitrary: broken, weight: 1 },
);

const statefulSet = fc.record({
  apiVersion: fc.oneof({ arbitrary: fc.constant("apps/v1"), weight: 10 }, { arbitrary: fc.constant("apps/v1beta1"), weight: 1 }),
  kind: fc.constant("StatefulSet"),
  metadata: fc.constant({ name: "set" }),
  spec: maybe(fc.record({ volumeClaimTemplates: claimTemplates }), 12),
});

export const objects: fc.Arbitrary<unknown> = json(fc.oneof({ arbitrary: pvc, weight: 5 }, { arbitrary: statefulSet, weight: 5 }, { arbitrary: fc.constant({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }), weight: 1 }));

const storageClass = fc.constantFrom(...CLASSES).map((name) => ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner: "x" }));

export const inventory: fc.Arbitrary<unknown[]> = fc.oneof({ arbitrary: fc.array(storageClass, { minLength: 1, maxLength: 3 }), weight: 6 }, { arbitrary: fc.constant<unknown[]>([]), weight: 1 });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      includeStorageClassesInMessage: fc.boolean(),
      allowedStorageClasses: fc.array(fc.constantFrom(...CLASSES, "*", "gold"), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
