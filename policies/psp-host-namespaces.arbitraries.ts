// Generators for K8sPSPHostNamespace: Pods (and a few other kinds) whose spec.hostPID and
// spec.hostIPC are true, false, missing, null or wrongly typed, with or without a name.
import fc from "fast-check";
import { json, maybe, objectName } from "gkc/arbitraries";
import { requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-host-namespaces.js";

const flag = fc.oneof(
  { arbitrary: fc.constantFrom<unknown>(true, false), weight: 6 },
  { arbitrary: fc.constantFrom<unknown>(undefined, null, 0, 1, "", "true", [], {}), weight: 2 },
);

const spec = fc.record({ hostPID: flag, hostIPC: flag, containers: fc.constant([{ name: "app", image: "nginx" }]) }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constantFrom("Pod", "Pod", "Pod", "Deployment"),
    metadata: maybe(fc.record({ name: maybe(objectName(), 10) }, { requiredKeys: [] }), 20),
    spec: maybe(spec, 16),
  }),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});

export const requests = requestsFor(objects);
