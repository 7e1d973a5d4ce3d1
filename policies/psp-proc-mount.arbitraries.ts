// Generators for K8sPSPProcMount: Pods whose containers set procMount to Default, Unmasked, other
// cases of them, or values that are not strings; parameters allow Default, Unmasked or nothing.
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-proc-mount.js";

const procMount = maybe(fc.constantFrom("Default", "Unmasked", "Unmasked", "default", "UNMASKED", "DEFAULT", "Masked", ""), 8);

export const objects: fc.Arbitrary<unknown> = pspPod({ securityContext: fc.record({ procMount, privileged: fc.boolean() }, { requiredKeys: [] }) });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    { exemptImages, procMount: fc.option(fc.constantFrom<"Default" | "Unmasked">("Default", "Default", "Default", "Unmasked"), { freq: 6, nil: undefined }) },
    { requiredKeys: ["procMount"] },
  ),
);

export const requests = admissionRequest(objects);
