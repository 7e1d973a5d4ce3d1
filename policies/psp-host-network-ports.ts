import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { elements, field, holds, shown, sortsAbove, sortsBelow, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPHostNetworkingPorts",
  title: "Host Networking Ports",
  description:
    "Controls usage of host network namespace by pod containers. HostNetwork verification happens without exception for exemptImages. Specific ports must be specified. Corresponds to the `hostNetwork` and `hostPorts` fields in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#host-namespaces",
  version: "1.0.0",
});

/**
 * Controls usage of host network namespace by pod containers. HostNetwork verification happens
 * without exception for exemptImages. Specific ports must be specified. Corresponds to the
 * `hostNetwork` and `hostPorts` fields in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#host-namespaces
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
  /** Determines if the policy allows the use of HostNetwork in the pod spec. */
  hostNetwork?: boolean;
  /** The start of the allowed port range, inclusive. */
  min?: number;
  /** The end of the allowed port range, inclusive. */
  max?: number;
}

/** A parameter as the message shows it: its value, or `unset`. */
function setting(value: unknown): string {
  return value === undefined ? "unset" : shown(value);
}

/** Rego's `hostPort < min` or `hostPort > max` for a defined hostPort and the bounds that are set. */
function outOfRange(hostPort: unknown, min: unknown, max: unknown): boolean {
  return hostPort !== undefined && ((typeof min === "number" && sortsBelow(hostPort, min)) || (typeof max === "number" && sortsAbove(hostPort, max)));
}

/** True when a hostPort of a non-exempt container lies outside [min, max] (in Rego's ordering of values). */
function hostPortOutOfRange(object: KubeObject, parameters: Parameters): boolean {
  return specContainers(object).some((containers) =>
    containers.some(
      (container) =>
        !isExemptContainer(container, parameters.exemptImages) &&
        elements(field(container, "ports")).some((port) => outOfRange(field(port, "hostPort"), parameters.min, parameters.max)),
    ),
  );
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.hostNetwork is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const podName: unknown = object.metadata?.name;
  // The library's message prints metadata.name: an object without one is not reported.
  if (podName === undefined) {
    return;
  }
  // hostNetwork is checked for every pod, whatever its images.
  const hostNetwork = !holds(parameters.hostNetwork) && holds(field(object["spec"], "hostNetwork"));
  if (hostNetwork || hostPortOutOfRange(object, parameters)) {
    yield `The specified hostNetwork and hostPort are not allowed, pod: ${shown(podName)}. Allowed values: {hostNetwork: ${setting(parameters.hostNetwork)}, min: ${setting(parameters.min)}, max: ${setting(parameters.max)}}`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-host-network-ports",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { hostNetwork: true, min: 80, max: 9000, exemptImages: ["safeimages.com/*"] },
  }),
  constraint<Parameters>({
    name: "psp-host-network",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { hostNetwork: false },
  }),
];
