import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, regoTruthy, securityContextField, shown } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPPrivilegedContainer",
  title: "Privileged Container",
  description:
    "Controls the ability of any container to enable privileged mode. Corresponds to the `privileged` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#privileged",
  version: "1.0.0",
});

/**
 * Controls the ability of any container to enable privileged mode. Corresponds to the
 * `privileged` field in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#privileged
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
  // securityContext.privileged is immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      const privileged = securityContextField(container, "privileged");
      if (name === undefined || isExemptContainer(container, parameters.exemptImages) || !regoTruthy(privileged)) {
        continue;
      }
      yield `Privileged container is not allowed: ${name}, securityContext.privileged: ${shown(privileged)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-privileged-container",
    enforcementAction: "dryrun",
    match: {
      kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
      excludedNamespaces: ["kube-system"],
    },
    parameters: { exemptImages: ["safeimages.com/*"] },
  }),
];
