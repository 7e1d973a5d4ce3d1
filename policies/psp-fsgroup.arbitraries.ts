// Generators for K8sPSPFSGroup: Pods whose spec.securityContext.fsGroup lies inside, on the edge
// of, or outside the generated GID ranges, or is missing, null, false, 0 or a string.
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import { requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-fsgroup.js";

const GIDS = [0, 1, 5, 10, 100, 500, 1000, 1001, 2000, -1];
const fsGroup = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(...GIDS), weight: 8 },
  { arbitrary: fc.constantFrom<unknown>(undefined, null, false, true, "500", [], {}), weight: 3 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constantFrom("Pod", "Pod", "Deployment"),
    metadata: maybe(fc.record({ name: maybe(fc.constantFrom("web", "db"), 12) }), 24),
    spec: maybe(fc.record({ securityContext: maybe(fc.record({ fsGroup }, { requiredKeys: [] }), 8) }), 12),
  }),
);

const bound = fc.constantFrom(0, 1, 5, 10, 100, 500, 1000, 2000);
const range = fc.record({ min: bound, max: bound }, { requiredKeys: [] });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    { rule: fc.constantFrom<"MayRunAs" | "MustRunAs" | "RunAsAny">("MayRunAs", "MustRunAs", "MustRunAs", "RunAsAny"), ranges: fc.array(range, { maxLength: 3 }) },
    { requiredKeys: ["rule"] },
  ).chain((withRule) => fc.constantFrom<Parameters>(withRule, withRule, withRule, { ranges: withRule.ranges ?? [] })),
);

export const requests = requestsFor(objects);
