// Generators for K8sDisallowedTags: images with and without tags, digests and registry ports,
// tags near the disallowed ones, and exemptions from the same image pool.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./disallowed-tags.js";
import { IMAGE_POOL, imageContainer, podWith, PREFIX_POOL } from "./allowed-repos.arbitraries.js";

export const objects: fc.Arbitrary<unknown> = podWith(imageContainer(fromPool(IMAGE_POOL)));

const TAGS = ["latest", "1.25", "dev", "", "LATEST", "v1"];
const list = (item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  maybe(fc.array(fc.oneof({ arbitrary: item, weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 3 }), 12);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ tags: list(fromPool(TAGS)), exemptImages: list(fc.oneof(fromPool(PREFIX_POOL), fromPool(IMAGE_POOL))) }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
