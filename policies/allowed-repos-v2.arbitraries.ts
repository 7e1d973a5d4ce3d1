// Generators for K8sAllowedReposv2: pods whose images come from the same pool the allow-list
// entries (exact, `prefix*`, look-alikes) are drawn from.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./allowed-repos-v2.js";
import { IMAGE_POOL, imageContainer, podWith, PREFIX_POOL } from "./allowed-repos.arbitraries.js";

export const objects: fc.Arbitrary<unknown> = podWith(imageContainer(fromPool(IMAGE_POOL)));

const entry = fc.oneof({ arbitrary: fromPool(PREFIX_POOL), weight: 6 }, { arbitrary: fromPool(IMAGE_POOL), weight: 3 }, { arbitrary: wrongTyped(), weight: 1 });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ allowedImages: maybe(fc.array(entry, { maxLength: 3 }), 12) }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
