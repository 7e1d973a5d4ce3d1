// Generators for K8sContainerLimits: pod-spec workloads whose limits and the parameter maxima are
// drawn from one small pool of quantities (every form: millis, fractions, exponents, SI and
// binary suffixes, numbers, junk), so limits below, equal to and above the maximum are common.
import fc from "fast-check";
import { anyWorkload, imageRef, json, quantityString, quantityValue } from "gkc/arbitraries";
import type { Parameters } from "./container-limits.js";

/** Quantities that compare in interesting ways with each other (100m = 0.1, 512Mi = 0.5Gi, 1k = 1e3 ...). */
const QUANTITY_POOL: readonly (string | number)[] = [
  "100m", "0.1", "500m", "0.5", 0.5, "1", 1, "1000m", "1.5", "2", 2, "1e3", "1k", "1Ki", "1024", 1024,
  "512Mi", "0.5Gi", "1Gi", "1G", "1.5Gi", "1073741824", "-1", "0", "1.2.3", "10 Mi", "", "1K",
];

const quantity = fc.oneof({ arbitrary: fc.constantFrom(...QUANTITY_POOL), weight: 3 }, { arbitrary: quantityValue(), weight: 2 });
/** Parameter maxima: mostly valid quantity strings from the pool, sometimes anything. */
const MAXIMUM_POOL: readonly string[] = ["100m", "0.1", "500m", "0.5", "1", "1000m", "1.5", "2", "1e3", "1k", "1Ki", "512Mi", "0.5Gi", "1Gi", "1G"];
const maximum = fc.oneof(
  { arbitrary: fc.constantFrom(...MAXIMUM_POOL), weight: 8 },
  { arbitrary: quantityString(), weight: 1 },
);

const IMAGES: readonly string[] = ["nginx", "nginx:1.25", "ghcr.io/acme/app:v1", "ghcr.io/acme/debug", "busybox:latest"];
const image = fc.oneof({ arbitrary: fc.constantFrom(...IMAGES), weight: 2 }, { arbitrary: imageRef(), weight: 1 });

export const objects: fc.Arbitrary<unknown> = anyWorkload({ image, quantity, resourceWeight: 30 });

const exemptPattern = fc.oneof(
  { arbitrary: fc.constantFrom("nginx", "nginx*", "ghcr.io/acme/*", "*:latest", "*debug", "*", "", "ghcr.io/acme/app:v1"), weight: 3 },
  { arbitrary: image, weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      cpu: fc.oneof({ arbitrary: maximum, weight: 4 }, { arbitrary: fc.constant("-1"), weight: 1 }),
      memory: maximum,
      exemptImages: fc.array(exemptPattern, { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
);
