// Generators for K8sRequiredProbes: containers whose probes define one of the probe types, other
// handlers, false/null values or nothing; every operation (UPDATEs are exempt).
import fc from "fast-check";
import { admissionRequest, fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./required-probes.js";
import { containerMembers } from "./allowed-repos.arbitraries.js";

const PROBES = ["readinessProbe", "livenessProbe", "startupProbe"];
const TYPES = ["tcpSocket", "httpGet", "exec", "grpc"];

const handler = fc.oneof(
  { arbitrary: fc.constant({ port: 80 }), weight: 6 },
  { arbitrary: fc.constantFrom<unknown>(false, null, 0, ""), weight: 2 },
);
const probe = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...TYPES, "initialDelaySeconds"), handler, { maxKeys: 2 }), weight: 4 },
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: maybe(fc.constant({ initialDelaySeconds: 5 }), 1), weight: 1 },
);
const container = fc.oneof(
  {
    arbitrary: fc.record(
      { name: maybe(fc.constantFrom("app", "tomcat"), 12), readinessProbe: probe, livenessProbe: probe, startupProbe: probe },
      { requiredKeys: [] },
    ),
    weight: 12,
  },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constantFrom("Pod", "Pod", "Pod", "Deployment"),
    metadata: maybe(fc.record({ name: maybe(fc.constantFrom("p", "test-pod1"), 12) }), 12),
    spec: maybe(fc.record({ containers: fc.oneof({ arbitrary: fc.array(container, { minLength: 1, maxLength: 3 }), weight: 6 }, { arbitrary: containerMembers(container), weight: 1 }), initContainers: containerMembers(container) }), 20),
  }),
);

export const requests = admissionRequest(objects);

const list = (pool: readonly string[]): fc.Arbitrary<unknown> =>
  maybe(fc.array(fc.oneof({ arbitrary: fromPool(pool), weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }), { minLength: 1, maxLength: 3 }), 12);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ probes: list(PROBES), probeTypes: list(TYPES) }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
