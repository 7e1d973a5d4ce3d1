// Generators for K8sPSPAppArmor: containers whose AppArmor profile comes from their own
// securityContext field, the deprecated per-container annotation, or the pod's field (each set,
// missing, null or malformed), against allow lists drawn from the same canonical profiles.
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { exemptImages, image, pod } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-apparmor.js";

const NAMES = ["app", "sidecar"];
const PROFILES = ["runtime/default", "unconfined", "localhost/my-profile", "localhost/*"];

const profileField = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 4 },
  { arbitrary: fc.record({ type: fc.constantFrom<unknown>("RuntimeDefault", "Unconfined", "Localhost", "Bogus", 1), localhostProfile: maybe(fc.constantFrom("my-profile", "*"), 6) }, { requiredKeys: [] }), weight: 6 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const securityContext = maybe(fc.record({ appArmorProfile: profileField }, { requiredKeys: [] }), 8);
const container = fc.record({ name: maybe(fc.constantFrom(...NAMES), 10), image, securityContext }, { requiredKeys: [] });

const annotations = maybe(
  fc.dictionary(
    fc.constantFrom(...NAMES.map((name) => `container.apparmor.security.beta.kubernetes.io/${name}`), "other"),
    fc.oneof({ arbitrary: fc.constantFrom<unknown>(...PROFILES), weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }),
    { maxKeys: 2 },
  ),
  8,
);

export const objects: fc.Arbitrary<unknown> = pod(container, { securityContext }, { annotations });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages, allowedProfiles: fc.array(fc.constantFrom(...PROFILES), { maxLength: 3 }) }, { requiredKeys: [] }),
);

