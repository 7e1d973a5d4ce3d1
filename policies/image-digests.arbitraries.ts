// Generators for K8sImageDigests: images with valid, malformed and missing digests, exemptions
// from the same pool.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./image-digests.js";
import { IMAGE_POOL, imageContainer, podWith, PREFIX_POOL } from "./allowed-repos.arbitraries.js";

const DIGEST_IMAGES = ["nginx@sha256:abc", "nginx:1.25@sha256:0123abcd", "nginx@sha256", "nginx@SHA256:abc", "a@b.c:D=_-", "x@:y", "nginx@sha256:"];
const image = fc.oneof(fromPool(IMAGE_POOL), fromPool(DIGEST_IMAGES));

export const objects: fc.Arbitrary<unknown> = podWith(imageContainer(image));

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    { exemptImages: maybe(fc.array(fc.oneof({ arbitrary: fromPool(PREFIX_POOL), weight: 4 }, { arbitrary: fromPool(IMAGE_POOL), weight: 4 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 3 }), 12) },
    { requiredKeys: [] },
  ),
) as fc.Arbitrary<Parameters>;
