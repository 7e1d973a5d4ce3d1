// Generators for K8sPSPSeccomp: Pods with the pod and container seccomp annotations and
// securityContext seccompProfiles, in both naming schemes, from small pools the parameters often
// allow (translations between the schemes included).
import fc from "fast-check";
import { json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters } from "./psp-seccomp.js";

const ANNOTATION_PROFILES: readonly string[] = ["runtime/default", "docker/default", "unconfined", "localhost/profile.json", "localhost/other.json"];
const TYPES: readonly string[] = ["RuntimeDefault", "Localhost", "Unconfined", "Other"];
const FILES: readonly string[] = ["profile.json", "other.json"];

const seccompProfile = fc.record({ type: maybe(fc.constantFrom(...TYPES), 10), localhostProfile: maybe(fc.constantFrom(...FILES), 6) }, { requiredKeys: ["type"] });
// false (unset, as in the library) also has its own weight: the Rego splits "unset" into missing and false.
const securityContext = fc.record(
  { seccompProfile: fc.oneof({ arbitrary: maybe(seccompProfile, 3), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }) },
  { requiredKeys: [] },
);
const annotation = maybe(fc.constantFrom(...ANNOTATION_PROFILES), 6);
const annotations = fc.record(
  {
    "seccomp.security.alpha.kubernetes.io/pod": annotation,
    "container.seccomp.security.alpha.kubernetes.io/app": annotation,
    "container.seccomp.security.alpha.kubernetes.io/init": annotation,
  },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = pspPod({
  securityContext,
  podSecurityContext: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: maybe(securityContext, 4), weight: 2 }),
  annotations: maybe(annotations, 8),
});

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      exemptImages,
      allowedProfiles: fc.oneof(
        { arbitrary: fc.subarray([...ANNOTATION_PROFILES, "RuntimeDefault", "Localhost", "Unconfined", "localhost/*", "not configured"], { maxLength: 4 }), weight: 10 },
        { arbitrary: fc.constant<string[]>(["*"]), weight: 1 },
      ),
      allowedLocalhostFiles: fc.subarray([...FILES, "*"]),
    },
    { requiredKeys: ["allowedProfiles"] },
  ),
);
