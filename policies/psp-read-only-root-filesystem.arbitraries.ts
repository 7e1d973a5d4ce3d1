// Generators for K8sPSPReadOnlyRootFilesystem: Pods whose containers set readOnlyRootFilesystem
// to true, false, or values that are not the boolean true.
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-read-only-root-filesystem.js";

const readOnly = fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, { arbitrary: maybe(fc.constant(false), 2), weight: 3 });

export const objects: fc.Arbitrary<unknown> = pspPod({ securityContext: fc.record({ readOnlyRootFilesystem: readOnly, privileged: fc.boolean() }, { requiredKeys: [] }) });

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages }, { requiredKeys: [] }));

export const requests = admissionRequest(objects);
