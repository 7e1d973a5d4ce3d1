// Generators for K8sPSPProcMount: Pods whose containers set procMount to Default, Unmasked, other
// cases of them, or values that are not strings; parameters allow Default, Unmasked or nothing
// (sometimes a value the schema refuses).
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-proc-mount.js";

const procMount = maybe(fc.constantFrom("Default", "Unmasked", "Unmasked", "default", "UNMASKED", "DEFAULT", "Masked", ""), 8);

export const objects: fc.Arbitrary<unknown> = pspPod({ securityContext: fc.record({ procMount, privileged: fc.boolean() }, { requiredKeys: [] }) });

/**
 * The parameter: Default or Unmasked, as the schema allows, or missing; now and then (about one in
 * ten) a value the schema refuses (other strings, other cases, a number), which the predicate reads
 * as the library does: any case of Default or Unmasked, else Default.
 */
const procMountParameter = fc.oneof(
  { arbitrary: fc.option(fc.constantFrom<"Default" | "Unmasked">("Default", "Default", "Default", "Unmasked"), { freq: 6, nil: undefined }), weight: 9 },
  { arbitrary: fc.constantFrom<unknown>("Masked", "UNMASKED", "default", "", 1), weight: 1 },
) as fc.Arbitrary<"Default" | "Unmasked" | undefined>;

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages, procMount: procMountParameter }, { requiredKeys: ["procMount"] }));

export const requests = admissionRequest(objects);
