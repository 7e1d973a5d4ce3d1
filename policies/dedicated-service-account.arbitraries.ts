// Generators for K8sDedicatedServiceAccount: workloads whose serviceAccountName and deprecated
// serviceAccount are drawn from a pool around "default" (absent, empty, near misses, wrong
// types), in namespaces near the exempt patterns.
import fc from "fast-check";
import { json } from "gkc/arbitraries";
import { accountWorkload, workloadMetadata } from "gkc/arbitraries/accounts";
import type { Parameters } from "./dedicated-service-account.js";

// Now and then metadata that is not an object (absent, null, a string, a number, an array): the
// object is then described as "<unnamed>".
const metadata = fc.oneof(
  { arbitrary: workloadMetadata(), weight: 9 },
  { arbitrary: fc.constantFrom(undefined, null, "web", 7, [], ["web"]), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(accountWorkload({ metadata }));

const exemptPattern = fc.constantFrom("kube-*", "team-a", "*-b", "default", "*", "", "ci*", "Team-a");

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ exemptNamespaces: fc.array(exemptPattern, { maxLength: 3 }) }, { requiredKeys: [] }),
);
