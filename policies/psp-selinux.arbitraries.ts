// Generators for K8sPSPSELinuxV2: Pods whose pod-level and container-level seLinuxOptions set
// some of level/role/type/user from small pools that the allowed configurations often match.
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { Parameters, SELinuxOptions } from "./psp-selinux.js";

const level = fc.constantFrom("s0", "s0:c123,c456", "s1");
const role = fc.constantFrom("object_r", "system_r");
const type = fc.constantFrom("container_t", "container_init_t", "spc_t");
const user = fc.constantFrom("system_u", "user_u");

// Now and then a field is a boolean, as YAML given to gator or audit may hold: false counts as
// unset, and true as a set value that no allowed option (strings) equals.
const orBoolean = <T>(pool: fc.Arbitrary<T>): fc.Arbitrary<T | boolean> => fc.oneof({ arbitrary: pool, weight: 9 }, { arbitrary: fc.boolean(), weight: 1 });
const options = fc.record(
  { level: maybe(orBoolean(level), 3), role: maybe(orBoolean(role), 3), type: maybe(orBoolean(type), 6), user: maybe(orBoolean(user), 3) },
  { requiredKeys: [] },
);
const securityContext = fc.record({ seLinuxOptions: maybe(options, 6) }, { requiredKeys: [] });

export const objects: fc.Arbitrary<unknown> = pspPod({
  securityContext,
  podSecurityContext: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: maybe(securityContext, 4), weight: 3 }),
});

const allowed: fc.Arbitrary<SELinuxOptions> = fc.record({ level, role, type, user }, { requiredKeys: [] });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages, allowedSELinuxOptions: fc.array(allowed, { maxLength: 3 }) }, { requiredKeys: ["allowedSELinuxOptions"] }),
);

export const requests = admissionRequest(objects);
