// Generators for K8sPSPHostProcess: Pods whose pod-level and container-level
// securityContext.windowsOptions.hostProcess is true, false, or not a boolean.
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-host-process.js";

const hostProcess = fc.oneof({ arbitrary: fc.constantFrom(true, true, false), weight: 6 }, { arbitrary: maybe(fc.constant("true"), 1), weight: 2 });
const securityContext = fc.record({ windowsOptions: maybe(fc.record({ hostProcess }, { requiredKeys: [] }), 8) }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = pspPod({
  securityContext,
  podSecurityContext: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: maybe(securityContext, 4), weight: 3 }),
});

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages }, { requiredKeys: [] }));

export const requests = admissionRequest(objects);
