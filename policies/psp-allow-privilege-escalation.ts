import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { field, shown, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPAllowPrivilegeEscalationContainer",
  title: "Allow Privilege Escalation in Container",
  description:
    "Controls restricting escalation to root privileges. Corresponds to the `allowPrivilegeEscalation` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#privilege-escalation",
  version: "1.0.0",
});

/**
 * Controls restricting escalation to root privileges. Corresponds to the
 * `allowPrivilegeEscalation` field in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#privilege-escalation
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

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.containers[].securityContext.allowPrivilegeEscalation is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  for (const containers of specContainers(object)) {
    for (const container of containers) {
      if (isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      // Only an explicit `allowPrivilegeEscalation: false` passes.
      const allowed = field(field(container, "securityContext"), "allowPrivilegeEscalation");
      // The library's message needs the container's name: a container without one is not reported.
      const name = field(container, "name");
      if (allowed !== false && name !== undefined) {
        yield `Privilege escalation container is not allowed: ${shown(name)}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-allow-privilege-escalation-container",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { exemptImages: ["safeimages.com/*"] },
  }),
];
