import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { field, shown, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPHostProbesLifecycle",
  title: "Host Probes and Lifecycle Hooks",
  description:
    "Disallows specifying the host field in probes and lifecycle hooks. The Baseline profile (v1.34+) requires that probes (livenessProbe, readinessProbe, startupProbe) and lifecycle hooks (postStart, preStop) must not specify a host field. This prevents containers from executing network requests to the host node. For more information, see https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  version: "1.0.0",
});

/**
 * Disallows specifying the host field in probes and lifecycle hooks. The Baseline profile
 * (v1.34+) requires that probes (livenessProbe, readinessProbe, startupProbe) and lifecycle hooks
 * (postStart, preStop) must not specify a host field. This prevents containers from executing
 * network requests to the host node. For more information, see
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`.
   *
   * It is recommended that users use the fully-qualified Docker image name (e.g. start with a
   * domain name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
}

/** The handler's `httpGet.host` and `tcpSocket.host` that are set: defined and not "". */
function hostsOf(handler: unknown): unknown[] {
  return [field(field(handler, "httpGet"), "host"), field(field(handler, "tcpSocket"), "host")].filter((host) => host !== undefined && host !== "");
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  if (isUpdate(review)) {
    return;
  }
  for (const containers of specContainers(object)) {
    for (const container of containers) {
      const name = field(container, "name");
      // The library's message needs the container's name: a container without one is not reported.
      if (isExemptContainer(container, parameters.exemptImages) || name === undefined) {
        continue;
      }
      for (const probe of [field(container, "livenessProbe"), field(container, "readinessProbe"), field(container, "startupProbe")]) {
        for (const host of hostsOf(probe)) {
          yield `Container ${shown(name)} has probe with host field set: ${shown(host)}`;
        }
      }
      const lifecycle = field(container, "lifecycle");
      for (const hook of [field(lifecycle, "postStart"), field(lifecycle, "preStop")]) {
        for (const host of hostsOf(hook)) {
          yield `Container ${shown(name)} has lifecycle hook with host field set: ${shown(host)}`;
        }
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-host-probes-lifecycle",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
