// Generators for K8sRequiredResources: containers whose limits/requests set cpu and memory or
// not (values of any kind, false among them), parameters listing either or both.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./container-resources.js";
import { containerMembers, IMAGE_POOL, PREFIX_POOL } from "./allowed-repos.arbitraries.js";

/** A resource value: usually a quantity, sometimes false, null or junk. */
const value = fc.oneof({ arbitrary: fc.constantFrom<unknown>("100m", "1Gi", 1), weight: 6 }, { arbitrary: fc.constantFrom<unknown>(false, null, ""), weight: 2 });
const resourceList = maybe(fc.record({ cpu: value, memory: value, "ephemeral-storage": value }, { requiredKeys: [] }), 8);

/** A container with maybe-broken resources, shared by the resource policies. */
export function resourceContainer(list: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      arbitrary: fc.record(
        {
          name: maybe(fc.constantFrom("app", "sidecar"), 12),
          image: maybe(fromPool(IMAGE_POOL), 12),
          resources: maybe(fc.record({ limits: list, requests: list }, { requiredKeys: [] }), 10),
        },
        { requiredKeys: [] },
      ),
      weight: 12,
    },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/** A Pod (sometimes a Deployment) with containers and init containers of `item`. */
export function resourcePod(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const spec = fc.record({ containers: containerMembers(item), initContainers: containerMembers(item), ephemeralContainers: containerMembers(item) });
  return json(
    fc.oneof(
      { arbitrary: fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("Pod"), metadata: fc.constant({ name: "p" }), spec: maybe(spec, 20) }), weight: 10 },
      { arbitrary: fc.record({ apiVersion: fc.constant("apps/v1"), kind: fc.constant("Deployment"), metadata: fc.constant({ name: "d" }), spec: fc.record({ template: fc.record({ spec }) }) }), weight: 1 },
    ),
  );
}

/** exemptImages: entries from the image and prefix pools, sometimes broken. */
export const exemptImages = maybe(
  fc.array(fc.oneof({ arbitrary: fromPool(PREFIX_POOL), weight: 3 }, { arbitrary: fromPool(IMAGE_POOL), weight: 3 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 2 }),
  6,
);

export const objects: fc.Arbitrary<unknown> = resourcePod(resourceContainer(resourceList));

const required = maybe(
  fc.array(fc.oneof({ arbitrary: fc.constantFrom("cpu", "memory"), weight: 8 }, { arbitrary: fc.constantFrom<unknown>("CPU", "storage", 0, null), weight: 1 }), { maxLength: 3 }),
  10,
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ limits: required, requests: required, exemptImages }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
