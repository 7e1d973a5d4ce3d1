// Generators for K8sPodSecurityStandard: workloads of every pod kind whose pod and container
// security contexts, volumes, host ports, probes and AppArmor annotations come from pools around
// the values each Pod Security Standards control allows and forbids (see verify/arbitraries-pss.ts),
// at both levels, with and without exempt images.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { anyPssWorkload, exemptImagesList } from "gkc/arbitraries/pss";
import type { Parameters } from "./pod-security-standard.js";

export const objects: fc.Arbitrary<unknown> = anyPssWorkload();

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      level: fc.constantFrom<Parameters["level"]>("baseline", "restricted", "restricted"),
      exemptImages: exemptImagesList(),
    },
    { requiredKeys: ["level"] },
  ),
);
