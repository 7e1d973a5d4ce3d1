// Generators for K8sPSPHostProbesLifecycle: containers whose probes and lifecycle hooks set
// httpGet.host / tcpSocket.host to addresses, "", null or other types, or leave it out.
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import { containerName, exemptImages, image, pod, requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-host-probes-lifecycle.js";

const host = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.constantFrom<unknown>("127.0.0.1", "example.com", ""), weight: 4 },
  { arbitrary: fc.constantFrom<unknown>(null, 0, 1, [], {}, false), weight: 1 },
);
const handler = maybe(fc.record({ httpGet: maybe(fc.record({ host, port: fc.constant(80) }), 4), tcpSocket: maybe(fc.record({ host }), 3) }, { requiredKeys: [] }), 5);
const optional = fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: handler, weight: 1 });

const container = fc.record(
  {
    name: containerName,
    image,
    livenessProbe: optional,
    readinessProbe: optional,
    startupProbe: optional,
    lifecycle: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: maybe(fc.record({ postStart: optional, preStop: optional }), 6), weight: 1 }),
  },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = pod(container);

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages }, { requiredKeys: [] }));

export const requests = requestsFor(objects);
