// Generators for K8sUniqueIngressHost: Ingresses whose names, namespaces and hosts come from the
// same small pools as the synced Ingresses (so conflicts, the Ingress itself and near misses are
// all common), with rules and hosts missing, null or wrongly typed, and synced Ingresses of the
// three Ingress apiVersions and of another group.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import type { Parameters } from "./unique-ingress-host.js";

const HOSTS = ["a.example.com", "b.example.com", "A.example.com"];
const NAMESPACES = ["default", "team-a"];
const NAMES = ["web", "api"];

/** Missing, null or wrongly typed (numbers stay below 1e21, which the engines print differently). */
const broken = fc.constantFrom<unknown>(undefined, null, true, "", 0, [], ["a.example.com"], {}, { host: "a.example.com" });

function maybe<T>(arb: fc.Arbitrary<T>, weight = 8): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: broken, weight: 1 });
}

const rules = maybe(fc.array(maybe(fc.record({ host: maybe(fc.constantFrom(...HOSTS), 10) }), 12), { maxLength: 3 }), 12);

function ingress(apiVersions: fc.Arbitrary<string>, metadata: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.record({ apiVersion: apiVersions, kind: fc.constant("Ingress"), metadata, spec: maybe(fc.record({ rules }), 16) });
}

export const objects: fc.Arbitrary<unknown> = json(
  ingress(
    fc.constantFrom("networking.k8s.io/v1", "networking.k8s.io/v1", "extensions/v1beta1", "traefik.io/v1"),
    maybe(fc.record({ name: maybe(fc.constantFrom(...NAMES), 16), namespace: maybe(fc.constantFrom(...NAMESPACES), 16) }), 24),
  ),
);

export const inventory: fc.Arbitrary<unknown[]> = json(
  fc.array(
    ingress(
      fc.constantFrom("networking.k8s.io/v1", "networking.k8s.io/v1beta1", "extensions/v1beta1", "traefik.io/v1"),
      fc.record({ name: fc.constantFrom(...NAMES), namespace: fc.constantFrom(...NAMESPACES) }),
    ),
    { maxLength: 4 },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});
