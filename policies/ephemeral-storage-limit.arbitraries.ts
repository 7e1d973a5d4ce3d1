// Generators for K8sContainerEphemeralStorageLimit: ephemeral-storage limits and maxima from one
// pool of quantities in and out of the library's grammar; every operation (UPDATEs are exempt).
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import type { Parameters } from "./ephemeral-storage-limit.js";
import { exemptImages, resourceContainer, resourcePod } from "./container-resources.arbitraries.js";
import { MAXIMUM_POOL, quantity } from "./container-requests.arbitraries.js";

const resourceList = maybe(fc.record({ "ephemeral-storage": maybe(quantity, 10), memory: maybe(quantity, 10) }, { requiredKeys: [] }), 10);

export const objects: fc.Arbitrary<unknown> = resourcePod(resourceContainer(resourceList));

export const requests = admissionRequest(objects);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ "ephemeral-storage": fc.constantFrom(...MAXIMUM_POOL), exemptImages }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
