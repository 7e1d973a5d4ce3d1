// Generators for K8sApprovedRegistries: pod-spec workloads whose images come from the shared
// registry/repository pools, and registry lists drawn from prefixes of those images and their
// near misses, so approved and rejected images are both common.
import fc from "fast-check";
import { anyWorkload, fromPool, json } from "../verify/arbitraries.js";
import type { Parameters } from "./approved-registries.js";

export const objects: fc.Arbitrary<unknown> = anyWorkload();

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

const entry = fc.oneof(
  { arbitrary: fromPool(REGISTRY_ENTRIES), weight: 8 },
  { arbitrary: fc.constantFrom("", "ghcr.io/acme/", "nginx", "*"), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ registries: fc.array(entry, { maxLength: 4 }) }));
