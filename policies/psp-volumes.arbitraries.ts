// Generators for K8sPSPVolumeTypes: Pods whose volumes carry one or more source fields from a
// small pool (some allowed, some not), set to objects, null or false; parameters allow subsets of
// the pool, sometimes `*`, sometimes nothing.
import fc from "fast-check";
import { admissionRequest, json, maybe, wrongTyped } from "gkc/arbitraries";
import { pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-volumes.js";

const TYPES: readonly string[] = ["configMap", "emptyDir", "secret", "hostPath", "nfs", "projected", "csi"];

const source = fc.oneof({ arbitrary: fc.constant({}), weight: 6 }, { arbitrary: fc.constantFrom<unknown>(null, false, true, "x", { path: "/tmp" }), weight: 2 });
const volume = fc.oneof(
  { arbitrary: fc.tuple(maybe(fc.constantFrom("data", "cache"), 8), fc.dictionary(fc.constantFrom(...TYPES), source, { minKeys: 1, maxKeys: 2 })).map(([name, sources]) => ({ name, ...sources })), weight: 10 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const volumes = fc.oneof(
  { arbitrary: fc.array(volume, { minLength: 1, maxLength: 3 }), weight: 8 },
  { arbitrary: maybe(fc.constant([]), 1), weight: 2 },
  // Rego's `volumes[_]` also iterates an object's values.
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), volume, { maxKeys: 2 }), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = pspPod({ securityContext: fc.constant({}), spec: { volumes } });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      volumes: fc.option(
        fc.oneof(
          { arbitrary: fc.subarray([...TYPES], { maxLength: 3 }), weight: 6 },
          { arbitrary: fc.constant<string[]>(["*"]), weight: 1 },
          { arbitrary: fc.constantFrom<string[]>(["configMap", "*"], ["Secret", "emptydir"]), weight: 1 },
        ),
        { freq: 8, nil: undefined },
      ),
    },
    { requiredKeys: ["volumes"] },
  ),
);

export const requests = admissionRequest(objects);
