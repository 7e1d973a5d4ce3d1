// Generators for K8sPSPAutomountServiceAccountTokenPod: Pods (and some controllers, whose
// templates the library does not read) whose automountServiceAccountToken is true, false,
// absent, null or wrongly typed, and whose containers, init and ephemeral containers mount
// volumes at the token path, near misses of it, or elsewhere; lists sometimes maps; metadata.name
// sometimes missing; requests of every operation (UPDATEs are not judged).
import fc from "fast-check";
import { admissionRequest, json, maybe, metadata, nearMiss, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./psp-automount-serviceaccount-token.js";

const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

const mountPath = fc.oneof(
  { arbitrary: fc.constant(TOKEN_PATH), weight: 4 },
  { arbitrary: fc.constantFrom(`${TOKEN_PATH}/`, `${TOKEN_PATH}/token`, "/var/run/secrets/kubernetes.io", "/data"), weight: 2 },
  { arbitrary: nearMiss(TOKEN_PATH), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

/** A list, sometimes given as a map (which the library iterates too), missing or wrongly typed. */
function listOf(element: fc.Arbitrary<unknown>, maxLength: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.array(element, { minLength: 1, maxLength }), weight: 12 },
    { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), element, { maxKeys: 2 }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

const mount = fc.oneof({ arbitrary: fc.record({ name: fc.constantFrom("token", "data"), mountPath }, { requiredKeys: [] }), weight: 12 }, { arbitrary: wrongTyped(), weight: 1 });
const container = fc.oneof(
  { arbitrary: fc.record({ name: fc.constantFrom("app", "init", "debug"), image: fc.constant("nginx"), volumeMounts: listOf(mount, 2) }, { requiredKeys: ["name"] }), weight: 12 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const automount = fc.oneof(
  { arbitrary: fc.constantFrom(true, false, undefined), weight: 8 },
  { arbitrary: fc.constantFrom(null, "true", 1), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

const podSpec = fc.record(
  { automountServiceAccountToken: automount, containers: listOf(container, 2), initContainers: listOf(container, 2), ephemeralContainers: listOf(container, 1) },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.oneof(
    { arbitrary: fc.record({ apiVersion: fc.constant("v1"), kind: fc.constant("Pod"), metadata: maybe(metadata(), 16), spec: maybe(podSpec, 16) }), weight: 8 },
    { arbitrary: fc.record({ apiVersion: fc.constant("apps/v1"), kind: fc.constant("Deployment"), metadata: metadata(), spec: fc.record({ template: fc.record({ spec: podSpec }) }) }), weight: 1 },
  ),
);

export const parameters: fc.Arbitrary<Parameters> = fc.constant({});

export const requests = admissionRequest(objects);
