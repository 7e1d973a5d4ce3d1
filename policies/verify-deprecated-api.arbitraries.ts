// Generators for VerifyDeprecatedAPI: objects whose apiVersion and kind come from the same small
// pools as the deprecated APIs and kinds of the parameters (with near misses, missing and
// wrongly typed fields), and schema-valid kvs lists with and without targetAPI and k8sVersion.
import fc from "fast-check";
import { json, maybe, nearMissOf } from "gkc/arbitraries";
import type { Parameters } from "./verify-deprecated-api.js";

const APIS = ["batch/v1beta1", "extensions/v1beta1", "batch/v1"];
const KINDS = ["CronJob", "Ingress", "PodSecurityPolicy"];

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: maybe(fc.oneof({ arbitrary: fc.constantFrom(...APIS), weight: 6 }, { arbitrary: nearMissOf(APIS), weight: 1 }), 16),
    kind: maybe(fc.oneof({ arbitrary: fc.constantFrom(...KINDS), weight: 6 }, { arbitrary: nearMissOf(KINDS), weight: 1 }), 16),
    metadata: fc.constant({ name: "x" }),
  }),
);

/** A value most of the time, otherwise left out. */
function usually<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ arbitrary: arb, weight: 8 }, { arbitrary: fc.constant(undefined), weight: 1 });
}

const kvs = fc.record({
  deprecatedAPI: usually(fc.constantFrom(...APIS)),
  kinds: usually(fc.array(fc.constantFrom(...KINDS), { minLength: 1, maxLength: 4 })),
  targetAPI: usually(fc.constantFrom("batch/v1", "networking.k8s.io/v1", "None", "policy/v1", "")),
});

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      kvs: usually(fc.array(kvs, { minLength: 1, maxLength: 5 })),
      k8sVersion: usually(fc.constantFrom(1.16, 1.2, 1.25, 1, 2, 0, 1.125)),
    },
  ),
);
