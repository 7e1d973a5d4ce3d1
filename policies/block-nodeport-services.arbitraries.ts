// Generators for K8sBlockNodePort: Services (and a few other kinds) whose spec.type is NodePort,
// another Service type, a near miss of one ("nodeport", "NodePort "), missing, null or wrongly
// typed; requests of every operation (the policy reads the request's kind).
import fc from "fast-check";
import { admissionRequest, fromPool, json, maybe, metadata, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./block-nodeport-services.js";

const SERVICE_TYPES = ["NodePort", "NodePort", "NodePort", "LoadBalancer", "ClusterIP", "ExternalName"];

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constantFrom("v1", "v1", "example.com/v1"),
    kind: fc.oneof({ arbitrary: fc.constant("Service"), weight: 8 }, { arbitrary: fc.constantFrom("ConfigMap", "service", "Ingress"), weight: 1 }, { arbitrary: wrongTyped(), weight: 1 }),
    metadata: maybe(metadata(), 16),
    spec: maybe(fc.record({ type: maybe(fromPool(SERVICE_TYPES, 1), 6), ports: fc.constant([{ port: 80, targetPort: 8080 }]) }, { requiredKeys: [] }), 12),
  }, { requiredKeys: ["apiVersion", "kind"] }),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});

export const requests = admissionRequest(objects);
