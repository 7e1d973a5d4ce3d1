import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, securityContextField } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPReadOnlyRootFilesystem",
  title: "Read Only Root Filesystem",
  description:
    "Requires the use of a read-only root file system by pod containers. Corresponds to the `readOnlyRootFilesystem` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems",
  version: "1.0.0",
});

/**
 * Requires the use of a read-only root file system by pod containers. Corresponds to the
 * `readOnlyRootFilesystem` field in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems
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
  // securityContext.readOnlyRootFilesystem is immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      if (name === undefined || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      // Only the boolean true counts as read-only.
      if (securityContextField(container, "readOnlyRootFilesystem") !== true) {
        yield `only read-only root filesystem container is allowed: ${name}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-readonlyrootfilesystem",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { exemptImages: ["specialprogram"] },
  }),
];
