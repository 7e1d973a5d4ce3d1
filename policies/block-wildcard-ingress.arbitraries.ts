// Generators for K8sBlockWildcardIngress: Ingresses (and a few other kinds) whose rules have
// hosts that are wildcards, blank, omitted, near misses (" ", "*" inside a name), null or wrongly
// typed; rules that are not objects; rules given as a map; requests of every operation (the
// policy reads the request's kind).
import fc from "fast-check";
import { admissionRequest, json, maybe, metadata, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./block-wildcard-ingress.js";

const HOSTS = ["*.example.com", "*", "", "a.example.com", "b.example.com", "example.com", " ", "a*b.example.com", "*.", "a.example.com*"];

const host = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTS), weight: 8 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const rule = fc.oneof(
  { arbitrary: fc.record({ host, http: fc.constant({ paths: [{ path: "/", pathType: "Prefix" }] }) }, { requiredKeys: ["http"] }), weight: 10 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const rules = fc.oneof(
  { arbitrary: fc.array(rule, { maxLength: 3 }), weight: 10 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b", "c"), rule, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record(
    {
      apiVersion: fc.constantFrom("networking.k8s.io/v1", "extensions/v1beta1"),
      kind: fc.oneof({ arbitrary: fc.constant("Ingress"), weight: 8 }, { arbitrary: fc.constantFrom("IngressClass", "ingress", "Service"), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 }),
      metadata: maybe(metadata(), 16),
      spec: maybe(fc.record({ rules }, { requiredKeys: [] }), 16),
    },
    { requiredKeys: ["apiVersion", "kind"] },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});

export const requests = admissionRequest(objects);
