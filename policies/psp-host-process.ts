import { constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, objectName, securityContextField } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPHostProcess",
  title: "Host Process",
  description:
    "Disallows HostProcess containers for Windows pods. HostProcess containers enable privileged access on Windows nodes and must be disallowed in Baseline and Restricted policies. Corresponds to the windowsOptions.hostProcess field in a Pod's securityContext or container securityContext. For more information, see https://kubernetes.io/docs/concepts/security/pod-security-standards/",
  version: "1.0.0",
});

/**
 * Disallows HostProcess containers for Windows pods. HostProcess containers enable privileged
 * access on Windows nodes and must be disallowed in Baseline and Restricted policies.
 * Corresponds to the windowsOptions.hostProcess field in a Pod's securityContext or container
 * securityContext. For more information, see
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

/** `securityContext.windowsOptions.hostProcess` is the boolean true. */
function isHostProcess(securityContext: unknown): boolean {
  if (!isObject(securityContext)) {
    return false;
  }
  const windowsOptions = securityContext["windowsOptions"];
  return isObject(windowsOptions) && windowsOptions["hostProcess"] === true;
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // windowsOptions.hostProcess is immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  const spec = object["spec"];
  const podName = objectName(object);
  if (isObject(spec) && isHostProcess(spec["securityContext"]) && podName !== undefined) {
    yield `HostProcess is not allowed at pod level: ${podName}`;
  }
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      if (name === undefined || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      if (isObject(container) && isHostProcess(container["securityContext"])) {
        yield `HostProcess container is not allowed: ${name}, securityContext.windowsOptions.hostProcess: true`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-host-process",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
