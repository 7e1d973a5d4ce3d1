// Generators for K8sAutomountServiceAccountToken: workloads whose automountServiceAccountToken is
// true, false, absent or wrongly typed ("false", 0, null), and whose ServiceAccount (including the
// deprecated field and the implicit "default") is near the allowed patterns.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { accountWorkload, serviceAccountName, workloadMetadata } from "gkc/arbitraries/accounts";
import type { Parameters } from "./automount-service-account-token.js";

// Now and then metadata that is not an object (absent, null, a string, a number, an array): the
// object is then described as "<unnamed>".
const metadata = fc.oneof(
  { arbitrary: workloadMetadata(), weight: 9 },
  { arbitrary: fc.constantFrom(undefined, null, "web", 7, [], ["web"]), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(accountWorkload({ metadata }));

const allowedPattern = fc.oneof(
  { arbitrary: fc.constantFrom("builder", "prometheus", "ci-*", "*-runner", "default", "*", "", "Builder"), weight: 3 },
  { arbitrary: serviceAccountName(), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ allowedServiceAccounts: fc.array(allowedPattern, { maxLength: 3 }) }, { requiredKeys: [] }),
);
