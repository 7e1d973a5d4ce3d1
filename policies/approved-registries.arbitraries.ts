// Generators for K8sApprovedRegistries: pod-spec workloads whose images come from the shared
// registry/repository pools, and registry lists drawn from prefixes of those images and their
// near misses, so approved and rejected images are both common.
import fc from "fast-check";
import { anyWorkload, fromPool, imageRef, json } from "gkc/arbitraries";
import type { Parameters } from "./approved-registries.js";

/** Registry/organisation prefixes of the images, mostly ones the common entries approve. */
const IMAGE_PREFIXES: readonly string[] = [
  "",
  "docker.io/",
  "ghcr.io/acme/",
  "registry.corp.example/",
  "registry.corp.example:5000/",
  "localhost:5000/",
];

/** Images near the registry entries: approved prefixes and their near misses, any tag or digest. */
const image = fc.oneof(
  {
    arbitrary: fc
      .tuple(
        fromPool(IMAGE_PREFIXES),
        fc.constantFrom("app", "nginx", "team/app", "library/nginx"),
        fc.constantFrom("", ":v1", `@sha256:${"0f".repeat(32)}`, `:v1@sha256:${"0f".repeat(32)}`),
      )
      .map(([prefix, path, suffix]) => prefix + path + suffix),
    weight: 3,
  },
  { arbitrary: imageRef(), weight: 2 },
);

export const objects: fc.Arbitrary<unknown> = anyWorkload({ image });

/** Registry entries: hosts, host:port, organisation prefixes, whole images, and near misses. */
const REGISTRY_ENTRIES: readonly string[] = [
  "registry.corp.example",
  "registry.corp.example:5000",
  "ghcr.io/acme",
  "ghcr.io",
  "docker.io",
  "docker.io/library",
  "docker.io/library/nginx",
  "localhost:5000",
  "quay.io",
];

/** The entries that approve most generated images, drawn more often. */
const COMMON_ENTRIES: readonly string[] = ["docker.io", "docker.io/library", "ghcr.io/acme", "registry.corp.example", "localhost:5000"];

const entry = fc.oneof(
  { arbitrary: fc.constantFrom(...COMMON_ENTRIES), weight: 6 },
  { arbitrary: fromPool(REGISTRY_ENTRIES), weight: 6 },
  { arbitrary: fc.constantFrom("", "ghcr.io/acme/", "nginx", "*"), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ registries: fc.oneof({ arbitrary: fc.array(entry, { minLength: 1, maxLength: 5 }), weight: 12 }, { arbitrary: fc.constant<string[]>([]), weight: 1 }) }));
