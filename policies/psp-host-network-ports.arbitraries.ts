// Generators for K8sPSPHostNetworkingPorts: Pods with hostNetwork on, off, missing or wrongly
// typed, and containers whose ports set hostPorts around the generated [min, max] range (and of
// other types, which Rego orders below or above every number).
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { containerName, exemptImages, image, pod, requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-host-network-ports.js";

const PORTS = [0, 1, 79, 80, 81, 443, 8080, 9000, 9001, 65535];
const hostPort = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...PORTS), weight: 8 },
  { arbitrary: fc.constantFrom<unknown>(undefined, null, true, "80", [], {}), weight: 2 },
);
const port = fc.oneof({ arbitrary: fc.record({ containerPort: fc.constant(80), hostPort }, { requiredKeys: [] }), weight: 8 }, { arbitrary: wrongTyped(), weight: 1 });
const ports = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: fc.array(port, { maxLength: 3 }), weight: 6 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), port, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const hostNetwork = fc.oneof({ arbitrary: fc.constantFrom<unknown>(undefined, true, false), weight: 8 }, { arbitrary: fc.constantFrom<unknown>(null, 0, "false"), weight: 1 });

export const objects: fc.Arbitrary<unknown> = pod(fc.record({ name: containerName, image, ports }, { requiredKeys: [] }), { hostNetwork });

const bound = fc.constantFrom(0, 80, 443, 1024, 9000);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages, hostNetwork: fc.boolean(), min: bound, max: bound }, { requiredKeys: [] }),
);

export const requests = requestsFor(objects);
