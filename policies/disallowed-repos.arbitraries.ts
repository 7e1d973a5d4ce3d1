// Generators for K8sDisallowedRepos: pods whose images often start with one of a few disallowed
// prefixes (or a near miss of one), and lists of those prefixes, near misses and broken entries.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./disallowed-repos.js";
import { IMAGE_POOL, imageContainer, podWith } from "./allowed-repos.arbitraries.js";

const REPOS: readonly string[] = ["k8s.gcr.io/", "openpolicyagent/", "ghcr.io/acme"];

/** Images that often start with one of the prefixes (and sometimes a near miss of it). */
const image = fc.oneof(
  { arbitrary: fromPool(IMAGE_POOL), weight: 1 },
  { arbitrary: fc.tuple(fromPool(REPOS), fc.constantFrom("app", "pause:3.9", "", "-evil/app")).map(([prefix, rest]) => `${prefix}${rest}`), weight: 3 },
);

export const objects: fc.Arbitrary<unknown> = podWith(imageContainer(image));

// Empty lists are rare here (they disallow nothing): the fixtures cover them.
const repo = fc.oneof({ arbitrary: fromPool(REPOS), weight: 8 }, { arbitrary: fc.constant(""), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ repos: maybe(fc.array(repo, { minLength: 1, maxLength: 3 }), 12) }, { requiredKeys: [] }),
) as fc.Arbitrary<Parameters>;
