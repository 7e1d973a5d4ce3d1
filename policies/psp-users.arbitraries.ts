// Generators for K8sPSPAllowedUsers: Pods (and Deployments, whose requests are not for a Pod)
// whose container and pod securityContexts set user and group IDs around the parameters' ranges,
// sometimes to false, null or values that are not numbers.
import fc from "fast-check";
import { admissionRequest, json, maybe } from "gkc/arbitraries";
import { exemptImages, pspPod } from "./psp-privileged-containers.arbitraries.js";
import type { GroupRule, Parameters, RunAsUser } from "./psp-users.js";

const id = maybe(fc.constantFrom(0, 1, 99, 100, 150, 200, 201, 1000, 65534), 6);
/** A user ID, sometimes false (unset, as in the library: the Rego splits "unset" into missing and false). */
const userId = fc.oneof({ arbitrary: id, weight: 8 }, { arbitrary: fc.constant(false), weight: 1 });
/** A group ID, sometimes false, sometimes an array (checked element by element). */
const groupId = fc.oneof({ arbitrary: id, weight: 8 }, { arbitrary: fc.constant(false), weight: 1 }, { arbitrary: fc.array(fc.constantFrom(0, 100, 150, 1000), { maxLength: 2 }), weight: 1 });
const securityContext = fc.record(
  {
    runAsUser: userId,
    runAsNonRoot: maybe(fc.boolean(), 4),
    runAsGroup: groupId,
    supplementalGroups: maybe(fc.array(fc.constantFrom(0, 100, 150, 1000, 5000), { maxLength: 3 }), 4),
    fsGroup: groupId,
  },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = pspPod({
  securityContext,
  podSecurityContext: fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: maybe(securityContext, 6), weight: 3 }),
});

const ranges = fc.array(fc.constantFrom({ min: 100, max: 200 }, { min: 1000, max: 1000 }, { min: 0, max: 0 }, { min: 5000, max: 4000 }), { maxLength: 2 });
const runAsUser: fc.Arbitrary<RunAsUser> = fc.record(
  { rule: fc.constantFrom<"MustRunAs" | "MustRunAsNonRoot" | "RunAsAny">("MustRunAs", "MustRunAsNonRoot", "RunAsAny"), ranges },
  { requiredKeys: [] },
);
const groupRule: fc.Arbitrary<GroupRule> = fc.record(
  { rule: fc.constantFrom<"MustRunAs" | "MayRunAs" | "RunAsAny">("MustRunAs", "MayRunAs", "RunAsAny"), ranges },
  { requiredKeys: [] },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptImages, runAsUser, runAsGroup: groupRule, supplementalGroups: groupRule, fsGroup: groupRule }, { requiredKeys: [] }),
);

export const requests = admissionRequest(objects);
