// Generators for K8sExternalIPs: Services (core group or not, and other kinds) whose externalIPs
// are drawn from the same pool as allowedIPs, with near misses (other case, CIDR, trailing
// space), non-string elements, maps instead of lists, missing or null; requests of every
// operation (the policy reads the request's kind).
import fc from "fast-check";
import { admissionRequest, json, maybe, metadata, nearMissOf, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./external-ip.js";

const IPS = ["203.0.113.0", "203.0.113.1", "1.1.1.1", "2001:db8::1"];

const ip = fc.oneof(
  { arbitrary: fc.constantFrom(...IPS), weight: 8 },
  { arbitrary: nearMissOf(IPS), weight: 1 },
  { arbitrary: fc.constantFrom("203.0.113.0/24", "2001:DB8::1"), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const externalIPs = fc.oneof(
  { arbitrary: fc.array(ip, { maxLength: 3 }), weight: 12 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), ip, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record(
    {
      apiVersion: fc.constantFrom("v1", "v1", "v1", "example.com/v1"),
      kind: fc.oneof({ arbitrary: fc.constant("Service"), weight: 8 }, { arbitrary: fc.constantFrom("Endpoints", "service"), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 }),
      metadata: maybe(metadata(), 16),
      spec: maybe(fc.record({ externalIPs, ports: fc.constant([{ port: 80 }]) }, { requiredKeys: [] }), 16),
    },
    { requiredKeys: ["apiVersion", "kind"] },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ allowedIPs: fc.array(fc.oneof({ arbitrary: fc.constantFrom(...IPS), weight: 6 }, { arbitrary: nearMissOf(IPS), weight: 1 }), { maxLength: 3 }) }, { requiredKeys: [] }),
);

export const requests = admissionRequest(objects);
