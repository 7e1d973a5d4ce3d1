// Generators for K8sAllowedRepos: pods whose images come from a small pool that the repo
// prefixes almost match (look-alike registries, case changes), with broken fields.
import fc from "fast-check";
import { fromPool, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./allowed-repos.js";

/** Images near the prefixes: Docker Hub names, registries, look-alikes, tags and digests. */
export const IMAGE_POOL: readonly string[] = [
  "nginx", "nginx:latest", "nginx:1.25", "openpolicyagent/opa:0.9.2", "openpolicyagent/opa:latest", "openpolicyagent/opa",
  "k8s.gcr.io/pause", "registry.k8s.io/pause:3.9", "ghcr.io/acme/app:v1", "ghcr.io/acme-evil/app", "registry.corp.example.evil.com/app",
  "myregistry.azurecr.io/app@sha256:abc123", "ubuntu:20.14", "ubuntu", "localhost:5000/app", "localhost:5000/app:latest",
  "openpolicyagent/opa-exp:latest", "opa@sha256:0123456789abcdef", "",
];
/** Prefixes and allow-list entries (plain, `*`-suffixed, exact). */
export const PREFIX_POOL: readonly string[] = [
  "openpolicyagent/", "openpolicyagent/*", "k8s.gcr.io/", "ghcr.io/acme/", "ghcr.io/acme/*", "ghcr.io/acme", "registry.corp.example",
  "nginx", "nginx*", "ubuntu:20.14", "*", "", "localhost:5000/", "openpolicyagent/opa-exp:latest",
];

const NAMES = ["app", "nginx", "init", "debug"];

/** One container with a maybe-broken name and image (and sometimes other fields). */
export function imageContainer(image: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.record({ name: maybe(fc.constantFrom(...NAMES), 12), image: maybe(image, 12) }, { requiredKeys: [] }), weight: 12 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/** A container list: usually an array, sometimes an object of containers, missing or wrong. */
export function containerMembers(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.array(item, { maxLength: 3 }), weight: 10 },
    { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), item, { maxKeys: 2 }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/** A Pod (sometimes a Deployment, which the library does not read) with the three container lists. */
export function podWith(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const spec = fc.record({ containers: containerMembers(item), initContainers: containerMembers(item), ephemeralContainers: containerMembers(item) });
  return json(
    fc.oneof(
      { arbitrary: fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("Pod"), metadata: fc.constant({ name: "p" }), spec: maybe(spec, 20) }), weight: 10 },
      { arbitrary: fc.record({ apiVersion: fc.constant("apps/v1"), kind: fc.constant("Deployment"), metadata: fc.constant({ name: "d" }), spec: fc.record({ template: fc.record({ spec }) }) }), weight: 1 },
    ),
  );
}

export const objects: fc.Arbitrary<unknown> = podWith(imageContainer(fromPool(IMAGE_POOL)));

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    { repos: maybe(fc.array(fc.oneof({ arbitrary: fromPool(PREFIX_POOL), weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 3 }), 12) },
    { requiredKeys: [] },
  ),
) as fc.Arbitrary<Parameters>;
