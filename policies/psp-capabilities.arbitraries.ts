// Generators for K8sPSPCapabilities: containers that add and drop capabilities from the same pool
// as the allow and required-drop lists, in any case, plus "ALL"/"all", non-strings and wrongly
// typed capability lists.
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { containerName, exemptImages, image, pod, requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-capabilities.js";

const CAPABILITIES = ["NET_BIND_SERVICE", "net_bind_service", "SYS_ADMIN", "CHOWN", "KILL", "NET_RAW", "ALL", "all"];
const capability = fc.oneof({ arbitrary: fc.constantFrom<unknown>(...CAPABILITIES), weight: 10 }, { arbitrary: wrongTyped(), weight: 1 });
const capabilityList = fc.oneof(
  { arbitrary: fc.array(capability, { maxLength: 3 }), weight: 8 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), capability, { maxKeys: 2 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 3 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const securityContext = maybe(fc.record({ capabilities: maybe(fc.record({ add: capabilityList, drop: capabilityList }, { requiredKeys: [] }), 8) }, { requiredKeys: [] }), 8);

export const objects: fc.Arbitrary<unknown> = pod(fc.record({ name: containerName, image, securityContext }, { requiredKeys: [] }));

const names = fc.array(fc.constantFrom("NET_BIND_SERVICE", "CHOWN", "KILL", "NET_RAW", "ALL", "*", "Sys_Admin"), { maxLength: 3 });

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages, allowedCapabilities: names, requiredDropCapabilities: names }, { requiredKeys: [] }),
);

export const requests = requestsFor(objects);
