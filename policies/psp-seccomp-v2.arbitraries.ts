// Generators for K8sPSPSeccompV2: Pods whose pod-level and container-level seccompProfile have
// types and localhost files from small pools that the parameters often allow.
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-seccomp-v2.js";

const TYPES: readonly string[] = ["RuntimeDefault", "Localhost", "Unconfined", "not configured"];
const FILES: readonly string[] = ["profile.json", "other.json", ""];

const seccompProfile = fc.record(
  { type: maybe(fc.constantFrom(...TYPES), 10), localhostProfile: maybe(fc.constantFrom(...FILES), 4) },
  { requiredKeys: ["type"] },
);
const securityContext = fc.record({ seccompProfile: maybe(seccompProfile, 4) }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = pspPod({
  securityContext,
  podSecurityContext: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: maybe(securityContext, 4), weight: 3 }),
});

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      exemptImages,
      allowedProfiles: fc.oneof({ arbitrary: fc.subarray([...TYPES]), weight: 8 }, { arbitrary: fc.constant<string[]>(["*"]), weight: 1 }),
      allowedLocalhostFiles: fc.subarray([...FILES, "*"]),
    },
    { requiredKeys: ["allowedProfiles"] },
  ),
);
