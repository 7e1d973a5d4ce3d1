// Generators for K8sContainerRatios: limits and requests from one pool of quantities in and out of
// the library's grammar, and ratios that put limits below, at and above ratio × request (whole,
// fractional, exponent, negative, zero and junk ratios; cpuRatio with and without ratio).
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import type { Parameters } from "./container-ratios.js";
import { exemptImages, resourceContainer, resourcePod } from "./container-resources.arbitraries.js";
import { quantity } from "./container-requests.arbitraries.js";

/** Quantities related by small ratios (1:1, 1:2, 2:3 ...), so boundaries are common. */
const related = fc.constantFrom<unknown>("1", "2", "3", "500m", "1500m", "2000m", "1Gi", "2Gi", "3Gi", "1536Mi", "1073741824", "0", 0, 1, 2, 0.5, "1n", "2n");
const value = fc.oneof({ arbitrary: related, weight: 4 }, { arbitrary: quantity, weight: 1 });
const resourceList = maybe(fc.record({ cpu: maybe(value, 10), memory: maybe(value, 10) }, { requiredKeys: [] }), 10);

export const objects: fc.Arbitrary<unknown> = resourcePod(resourceContainer(resourceList));

const RATIO_POOL: readonly string[] = ["1", "2", "1.5", "0.5", "3", "10", "0", "-1", "2e0", ".5", "1.", "1e18", "0.000000001", "1k", "two", "", " 1"];
const ratio = fc.constantFrom(...RATIO_POOL);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ ratio: maybe(ratio, 8), cpuRatio: maybe(ratio, 3), exemptImages }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
