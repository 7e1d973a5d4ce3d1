// Generators for K8sUniqueServiceSelector: Services whose names, namespaces and selectors come
// from the same small pools as the synced Services (so equal, subset, superset and empty
// selectors, and the Service itself, are all common), with selectors and values missing, null
// or wrongly typed, and synced Services of another apiVersion.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import type { Parameters } from "./unique-service-selector.js";

const NAMESPACES = ["default", "team-a"];
const NAMES = ["web", "api"];

/** Missing, null or wrongly typed (numbers stay below 1e21, which the engines print differently). */
const broken = fc.constantFrom<unknown>(undefined, null, true, "", 0, [], ["app"], {}, { app: 1 });

function maybe<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: broken, weight: 1 });
}

const selector = maybe(fc.dictionary(fc.constantFrom("app", "tier"), maybe(fc.constantFrom("web", "db"), 12), { maxKeys: 2 }), 10);

function service(apiVersions: fc.Arbitrary<string>, metadata: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.record({ apiVersion: apiVersions, kind: fc.constant("Service"), metadata, spec: maybe(fc.record({ selector }), 16) });
}

export const objects: fc.Arbitrary<unknown> = json(
  service(
    fc.constantFrom("v1", "v1", "v1", "serving.knative.dev/v1"),
    maybe(fc.record({ name: maybe(fc.constantFrom(...NAMES), 16), namespace: maybe(fc.constantFrom(...NAMESPACES), 16) }), 24),
  ),
);

export const inventory: fc.Arbitrary<unknown[]> = json(
  fc.array(service(fc.constantFrom("v1", "v1", "serving.knative.dev/v1"), fc.record({ name: fc.constantFrom(...NAMES), namespace: fc.constantFrom(...NAMESPACES) })), {
    maxLength: 4,
  }),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});
