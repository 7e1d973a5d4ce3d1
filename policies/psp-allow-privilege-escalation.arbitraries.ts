// Generators for K8sPSPAllowPrivilegeEscalationContainer, and the pod-shaped building blocks the
// other psp1 arbitraries (psp-*.arbitraries.ts of the host/probe/sysctl kinds) import: Pods whose
// containers, init and ephemeral containers come as arrays, as objects (the library iterates their
// values), missing or wrongly typed, with images that exemption patterns often hit.
import fc from "fast-check";
import { admissionRequest, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./psp-allow-privilege-escalation.js";

export const IMAGES: readonly string[] = ["nginx", "nginx:1.25", "safeimages.com/nginx", "safeimages.com", "ghcr.io/acme/app", "busybox"];

/** A container image: usually from the pool, sometimes missing or wrongly typed. */
export const image: fc.Arbitrary<unknown> = maybe(fc.constantFrom(...IMAGES), 12);

/** `exemptImages`: exact, prefix (`*` at the end) and literal-suffix patterns over the image pool. */
export const exemptImages: fc.Arbitrary<string[]> = fc.array(fc.constantFrom("safeimages.com/*", "nginx", "nginx*", "*nginx", "ghcr.io/acme/*", "", "*", "busybox"), { maxLength: 3 });

/** A container name: usually a string, sometimes missing, null or another type. */
export const containerName: fc.Arbitrary<unknown> = maybe(fc.constantFrom("app", "sidecar", "init", "debug"), 10);

/** A list of containers: an array (elements sometimes not objects), sometimes an object of containers, missing or wrong. */
export function containerList(container: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const element = fc.oneof({ arbitrary: container, weight: 10 }, { arbitrary: wrongTyped(), weight: 1 });
  return fc.oneof(
    { arbitrary: fc.array(element, { minLength: 1, maxLength: 3 }), weight: 10 },
    { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), container, { maxKeys: 2 }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

/** A Pod (sometimes another kind) with the given spec fields and container lists of `container`. */
export function pod(container: fc.Arbitrary<unknown>, specFields: Record<string, fc.Arbitrary<unknown>> = {}, metadataFields: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> {
  const spec = fc.record({
    containers: containerList(container),
    initContainers: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: containerList(container), weight: 1 }),
    ephemeralContainers: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: containerList(container), weight: 1 }),
    ...specFields,
  });
  return json(
    fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Pod", "Pod", "Pod", "Deployment"),
      metadata: maybe(fc.record({ name: maybe(fc.constantFrom("web", "nginx-pod"), 12), ...metadataFields }), 24),
      spec: maybe(spec, 24),
    }),
  );
}

const securityContext = maybe(fc.record({ allowPrivilegeEscalation: maybe(fc.boolean(), 6) }, { requiredKeys: [] }), 6);

export const objects: fc.Arbitrary<unknown> = pod(fc.record({ name: containerName, image, securityContext }, { requiredKeys: [] }));

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages }, { requiredKeys: [] }));

/**
 * Admission requests for predicates that skip UPDATEs: plain CREATEs more often than
 * `admissionRequest` alone gives them (which draws UPDATE about half the time), so both verdicts stay common.
 */
export function requestsFor(objects: fc.Arbitrary<unknown>): fc.Arbitrary<{ operation?: string; oldObject?: unknown; userInfo?: unknown; dryRun?: boolean }> {
  return fc.oneof({ arbitrary: fc.constant({ operation: "CREATE" }), weight: 3 }, { arbitrary: admissionRequest(objects), weight: 2 });
}

export const requests = requestsFor(objects);
