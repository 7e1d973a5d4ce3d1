// Generators for K8sPSPPrivilegedContainer, and the shared pod builders of the other
// gatekeeper-library pod-security-policy kinds (they import them from here): Pods (and sometimes a
// Deployment, whose template the library does not read) whose containers, init and ephemeral
// containers carry a securityContext drawn by the caller, with names and images sometimes
// missing, null or wrongly typed, and images often covered by an exemption.
import fc from "fast-check";
import { admissionRequest, json, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./psp-privileged-containers.js";

export const IMAGES: readonly string[] = ["nginx", "nginx:1.25", "safeimages.com/nginx", "safeimages.com", "ghcr.io/acme/app:v1", "busybox"];
export const EXEMPTIONS: readonly string[] = ["safeimages.com/*", "nginx", "nginx*", "*", "ghcr.io/acme/*", "*nginx", "busybox:*", ""];

/** `exemptImages`: usually absent or a short list of patterns that often cover the images above. */
export const exemptImages: fc.Arbitrary<string[] | undefined> = fc.option(fc.array(fc.constantFrom(...EXEMPTIONS), { maxLength: 3 }), { nil: undefined });

/** One container with the given securityContext (itself sometimes missing, null or wrongly typed). */
export function pspContainer(securityContext: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.record({
    name: maybe(fc.constantFrom("app", "init", "debug", "app"), 12),
    image: maybe(fc.constantFrom(...IMAGES), 12),
    securityContext: maybe(securityContext, 6),
  });
}

function containerList(securityContext: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const element = fc.oneof({ arbitrary: pspContainer(securityContext), weight: 12 }, { arbitrary: wrongTyped(), weight: 1 });
  return fc.oneof(
    { arbitrary: fc.array(element, { minLength: 1, maxLength: 3 }), weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: wrongTyped(), weight: 1 },
    // Rego's `list[_]` also iterates an object's values.
    { arbitrary: fc.dictionary(fc.constantFrom("x", "y"), element, { maxKeys: 2 }), weight: 1 },
  );
}

export interface PodOptions {
  /** A container's securityContext. */
  readonly securityContext: fc.Arbitrary<unknown>;
  /** The pod's `spec.securityContext`; default absent. */
  readonly podSecurityContext?: fc.Arbitrary<unknown>;
  /** Further `spec` fields (e.g. volumes). */
  readonly spec?: Record<string, fc.Arbitrary<unknown>>;
  /** `metadata.annotations`; default absent. */
  readonly annotations?: fc.Arbitrary<unknown>;
}

/** A Pod (sometimes a Deployment) with containers, init and ephemeral containers. */
export function pspPod(options: PodOptions): fc.Arbitrary<unknown> {
  const spec = fc.record({
    containers: containerList(options.securityContext),
    initContainers: containerList(options.securityContext),
    ephemeralContainers: containerList(options.securityContext),
    securityContext: options.podSecurityContext ?? fc.constant(undefined),
    ...(options.spec ?? {}),
  });
  const metadata = fc.record({
    name: maybe(fc.constantFrom("pod", "nginx", "web"), 12),
    annotations: options.annotations ?? fc.constant(undefined),
  });
  return json(
    fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constantFrom("Pod", "Pod", "Pod", "Deployment"),
      metadata: maybe(metadata, 16),
      spec: maybe(spec, 16),
    }),
  );
}

/** `privileged`: mostly booleans, sometimes values Rego treats as truthy (null, 0, "", "false"). */
const privileged = fc.oneof({ arbitrary: fc.boolean(), weight: 6 }, { arbitrary: maybe(fc.constant(true), 1), weight: 2 });

export const objects: fc.Arbitrary<unknown> = pspPod({ securityContext: fc.record({ privileged, runAsUser: fc.constant(1000) }, { requiredKeys: [] }) });

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ exemptImages }, { requiredKeys: [] }));

export const requests = admissionRequest(objects);
