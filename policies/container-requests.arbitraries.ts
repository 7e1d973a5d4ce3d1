// Generators for K8sContainerRequests: requests and maxima from one pool of quantities in and out
// of the library's grammar (millicores, decimals, binary and SI suffixes, numbers, junk), so
// values below, equal to and above the maximum, and unparseable ones, are all common.
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import type { Parameters } from "./container-requests.js";
import { exemptImages, resourceContainer, resourcePod } from "./container-resources.arbitraries.js";

export const QUANTITY_POOL: readonly unknown[] = [
  "100m", "0.1", "200m", "0.2", "1", 1, 2, 0.5, "1.5m", "1k", "1e3", "-1", "", false, null,
  "1Gi", "1024Mi", "1G", "2Gi", "1.5Gi", "512Mi", "1Ki", "1000", "1K", "10 Mi", "100Mi", "1Pi", "500Mi", "2E", "1Ei", 1e21, -1e21,
];
/** Maxima: the library's grammar, and numbers (beyond the SDK too) and parseable strings outside it ("1e3", "-1"). */
export const MAXIMUM_POOL: readonly unknown[] = ["100m", "200m", "0.2", "1", "1Gi", "1024Mi", "1G", "500Mi", "1k", "", "1 Gi", "1Ei", "3E", 1, 1000, 0.5, -1, 1e21, -1e21, "1e3", "-1"];

export const quantity = fc.constantFrom(...QUANTITY_POOL);
const resourceList = maybe(fc.record({ cpu: maybe(quantity, 10), memory: maybe(quantity, 10) }, { requiredKeys: [] }), 10);

export const objects: fc.Arbitrary<unknown> = resourcePod(resourceContainer(resourceList));

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ cpu: fc.constantFrom(...MAXIMUM_POOL), memory: fc.constantFrom(...MAXIMUM_POOL), exemptImages }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
