// Generators for K8sPSPFlexVolumes: Pods whose volumes use flexVolume drivers from the same small
// pool as the allow list (and near misses), plus other volume types and wrongly typed volumes.
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-flexvolume-drivers.js";

const DRIVERS = ["example/lvm", "example/cifs", "Example/LVM", "example/lvm ", ""];
const driver = maybe(fc.constantFrom<unknown>(...DRIVERS), 8);

const volume = fc.oneof(
  { arbitrary: fc.record({ name: maybe(fc.constantFrom("a", "b"), 8), flexVolume: maybe(fc.record({ driver }, { requiredKeys: [] }), 8) }, { requiredKeys: [] }), weight: 6 },
  { arbitrary: fc.record({ name: fc.constant("e"), emptyDir: fc.constant({}) }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const volumes = fc.oneof(
  { arbitrary: fc.array(volume, { maxLength: 3 }), weight: 8 },
  { arbitrary: fc.dictionary(fc.constantFrom("x", "y"), volume, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constantFrom("Pod", "Pod", "Deployment"),
    metadata: maybe(fc.record({ name: maybe(fc.constantFrom("web", "db"), 12) }), 24),
    spec: maybe(fc.record({ volumes, containers: fc.constant([{ name: "app", image: "nginx" }]) }), 24),
  }),
);

const allowList = fc.array(fc.record({ driver: fc.constantFrom("example/lvm", "example/cifs", "other") }, { requiredKeys: [] }), { maxLength: 3 });

/** Mostly with an allow list: without one the library reports nothing. */
export const parameters: fc.Arbitrary<Parameters> = json(
  fc.oneof({ arbitrary: fc.constant({}), weight: 1 }, { arbitrary: fc.record({ allowedFlexVolumes: allowList }), weight: 5 }),
);

export const requests = requestsFor(objects);
