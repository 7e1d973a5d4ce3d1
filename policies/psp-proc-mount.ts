import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, securityContextField } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPProcMount",
  title: "Proc Mount",
  description:
    "Controls the allowed `procMount` types for the container. Corresponds to the `allowedProcMountTypes` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#allowedprocmounttypes",
  version: "1.0.0",
});

/**
 * Controls the allowed `procMount` types for the container. Corresponds to the
 * `allowedProcMountTypes` field in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#allowedprocmounttypes
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
  /**
   * Defines the strategy for the security exposure of certain paths in `/proc` by the container
   * runtime. Setting to `Default` uses the runtime defaults, where `Unmasked` bypasses the
   * default behavior.
   */
  procMount?: "Default" | "Unmasked";
}

/** The allowed procMount type, lowercase: the parameter when it is Default or Unmasked (any case), else "default". */
function allowedProcMount(procMount: unknown): string {
  if (typeof procMount !== "string") {
    return "default";
  }
  const lower = procMount.toLowerCase();
  return lower === "default" || lower === "unmasked" ? lower : "default";
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // securityContext.procMount is immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  const allowed = allowedProcMount(parameters.procMount);
  // Unmasked allows every procMount type.
  if (allowed === "unmasked") {
    return;
  }
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      const procMount = securityContextField(container, "procMount");
      // Containers that do not set procMount (or set it to null) are not checked.
      if (name === undefined || procMount == null || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      if (typeof procMount !== "string" || procMount.toLowerCase() !== "default") {
        yield `ProcMount type is not allowed, container: ${name}. Allowed procMount types: ${allowed}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-proc-mount",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { procMount: "Default", exemptImages: ["safeimages.com/*"] },
  }),
];
