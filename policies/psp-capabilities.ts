import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { elements, field, listText, shown, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPCapabilities",
  title: "Capabilities",
  description:
    "Controls Linux capabilities on containers. Corresponds to the `allowedCapabilities` and `requiredDropCapabilities` fields in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#capabilities",
  version: "1.0.0",
});

/**
 * Controls Linux capabilities on containers. Corresponds to the `allowedCapabilities` and
 * `requiredDropCapabilities` fields in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#capabilities
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
  /** A list of Linux capabilities that can be added to a container. */
  allowedCapabilities?: string[];
  /** A list of Linux capabilities that are required to be dropped from a container. */
  requiredDropCapabilities?: string[];
}

/** The label of each container list in messages, in the order of `specContainers`. */
const LABELS = ["container", "init container", "ephemeral container"];

/** Capability names compare case-insensitively; entries that are not strings are ignored. */
function lowered(values: unknown): string[] {
  return elements(values)
    .filter((value): value is string => typeof value === "string")
    .map((value) => value.toLowerCase());
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.containers[].securityContext.capabilities is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const allowed = lowered(parameters.allowedCapabilities);
  const mustDrop = lowered(parameters.requiredDropCapabilities);
  const allowedText = parameters.allowedCapabilities === undefined ? "NONE" : listText(parameters.allowedCapabilities);
  const lists = specContainers(object);
  for (const index of [0, 1, 2]) {
    for (const container of lists[index] ?? []) {
      const name = field(container, "name");
      // The library's messages need the container's name: a container without one is not reported.
      if (isExemptContainer(container, parameters.exemptImages) || name === undefined) {
        continue;
      }
      const capabilities = field(field(container, "securityContext"), "capabilities");
      const added = lowered(field(capabilities, "add"));
      const dropped = lowered(field(capabilities, "drop"));
      if (!allowed.includes("*") && added.some((capability) => !allowed.includes(capability))) {
        yield `${LABELS[index] ?? ""} <${shown(name)}> has a disallowed capability. Allowed capabilities are ${allowedText}`;
      }
      if (!dropped.includes("all") && mustDrop.some((capability) => !dropped.includes(capability))) {
        yield `${LABELS[index] ?? ""} <${shown(name)}> is not dropping all required capabilities. Container must drop all of ${listText(parameters.requiredDropCapabilities)} or "ALL"`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-capabilities-baseline",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      allowedCapabilities: ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"],
    },
  }),
  constraint<Parameters>({
    name: "psp-capabilities-restricted",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { allowedCapabilities: ["NET_BIND_SERVICE"], requiredDropCapabilities: ["ALL"] },
  }),
];
