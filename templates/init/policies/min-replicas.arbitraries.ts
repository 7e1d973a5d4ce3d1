// Generated inputs for policies/min-replicas.ts: `gkc verify` runs hundreds of these through the
// TypeScript and the Rego. Include missing, null and wrongly typed fields: admission input is untrusted.
import fc from "fast-check";
import { objectName, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./min-replicas.js";

const replicas = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constant(null), wrongTyped());

export const objects: fc.Arbitrary<unknown> = fc.record(
  {
    apiVersion: fc.constant("apps/v1"),
    kind: fc.constantFrom("Deployment", "StatefulSet"),
    metadata: fc.record({ name: objectName() }, { requiredKeys: [] }),
    spec: fc.oneof(fc.record({ replicas }, { requiredKeys: [] }), wrongTyped()),
  },
  { requiredKeys: ["kind"] },
);

export const parameters: fc.Arbitrary<Parameters> = fc.record({ min: fc.integer({ min: 0, max: 4 }) });
