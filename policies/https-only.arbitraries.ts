// Generators for K8sHttpsOnly: Ingresses (and near-miss kinds and apiVersions) whose
// allow-http annotation is "false", a near miss ("False", false, "true") or missing, whose
// spec.tls is a non-empty or empty list, map or string, true, null or missing, and whose
// metadata.name is sometimes missing (the library then reports nothing).
import fc from "fast-check";
import { json, maybe, objectName, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./https-only.js";

const annotationValue = fc.oneof(
  { arbitrary: fc.constant("false"), weight: 6 },
  { arbitrary: fc.constantFrom("False", "true", "", "false "), weight: 2 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const annotations = maybe(
  fc.record({ "kubernetes.io/ingress.allow-http": annotationValue, "other/annotation": fc.constant("x") }, { requiredKeys: [] }),
  8,
);

const tls = fc.oneof(
  { arbitrary: fc.constant([{ hosts: ["a.example.com"], secretName: "a-tls" }]), weight: 4 },
  { arbitrary: fc.constantFrom([{}], [], {}, { secretName: "x" }, "", "x", true, false, null, 0), weight: 3 },
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record(
    {
      apiVersion: fc.oneof(
        { arbitrary: fc.constantFrom("networking.k8s.io/v1", "extensions/v1beta1"), weight: 8 },
        { arbitrary: fc.constantFrom("networking.k8s.io", "example.com/v1", "networkingXk8s.io/v1", "v1", "xextensions/v1"), weight: 1 },
        { arbitrary: wrongTyped(), weight: 1 },
      ),
      kind: fc.oneof({ arbitrary: fc.constant("Ingress"), weight: 10 }, { arbitrary: fc.constantFrom("IngressClass", "ingress"), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 }),
      metadata: maybe(fc.record({ name: maybe(objectName(), 10), annotations }, { requiredKeys: [] }), 16),
      spec: maybe(fc.record({ tls, rules: fc.constant([{ host: "a.example.com" }]) }, { requiredKeys: [] }), 12),
    },
    { requiredKeys: [] },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ tlsOptional: fc.boolean() }, { requiredKeys: [] }));
