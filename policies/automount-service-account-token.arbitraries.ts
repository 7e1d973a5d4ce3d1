// Generators for K8sAutomountServiceAccountToken: workloads whose automountServiceAccountToken is
// true, false, absent or wrongly typed ("false", 0, null), and whose ServiceAccount (including the
// deprecated field and the implicit "default") is near the allowed patterns.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { accountWorkload, serviceAccountName } from "gkc/arbitraries/accounts";
import type { Parameters } from "./automount-service-account-token.js";

export const objects: fc.Arbitrary<unknown> = json(accountWorkload());

const allowedPattern = fc.oneof(
  { arbitrary: fc.constantFrom("builder", "prometheus", "ci-*", "*-runner", "default", "*", "", "Builder"), weight: 3 },
  { arbitrary: serviceAccountName(), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ allowedServiceAccounts: fc.array(allowedPattern, { maxLength: 3 }) }, { requiredKeys: [] }),
);
