// Generators for K8sDedicatedServiceAccount: workloads whose serviceAccountName and deprecated
// serviceAccount are drawn from a pool around "default" (absent, empty, near misses, wrong
// types), in namespaces near the exempt patterns.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { accountWorkload } from "gkc/arbitraries/accounts";
import type { Parameters } from "./dedicated-service-account.js";

export const objects: fc.Arbitrary<unknown> = json(accountWorkload());

const exemptPattern = fc.constantFrom("kube-*", "team-a", "*-b", "default", "*", "", "ci*", "Team-a");

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptNamespaces: fc.array(exemptPattern, { maxLength: 3 }) }, { requiredKeys: [] }),
);
