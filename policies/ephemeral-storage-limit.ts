import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { exceeds, field, isExempt, members, missingField, readsBytes, regoFalsy, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sContainerEphemeralStorageLimit",
  title: "Container ephemeral storage limit",
  description:
    "Requires containers to have an ephemeral storage limit set and constrains the limit to be within the specified maximum values. https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  version: "1.0.0",
});

/** Parameters of K8sContainerEphemeralStorageLimit. */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** The maximum allowed ephemeral storage limit on a Pod, exclusive. */
  "ephemeral-storage"?: string;
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.containers[].resources.limits["ephemeral-storage"] is immutable: UPDATEs are not checked.
  if (isUpdate(review)) return;
  const maximum: unknown = parameters["ephemeral-storage"];
  // Ephemeral containers are not checked: they cannot set resources.
  for (const key of ["containers", "initContainers"]) {
    for (const container of members(field(object.spec, key))) {
      const name = field(container, "name");
      if (name === undefined || isExempt(container, parameters.exemptImages)) continue;
      const resources = field(container, "resources");
      const limits = field(resources, "limits");
      const storage = field(limits, "ephemeral-storage");
      if (storage !== undefined && !readsBytes(storage)) {
        yield `container <${shown(name)}> ephemeral-storage limit <${shown(storage)}> could not be parsed`;
      }
      if (regoFalsy(resources) || regoFalsy(limits)) {
        yield `container <${shown(name)}> has no resource limits`;
      }
      if (missingField(limits, "ephemeral-storage")) {
        yield `container <${shown(name)}> has no ephemeral-storage limit`;
      }
      if (readsBytes(storage) && readsBytes(maximum) && exceeds(storage, maximum)) {
        yield `container <${shown(name)}> ephemeral-storage limit <${shown(storage)}> is higher than the maximum allowed of <${shown(maximum)}>`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "container-ephemeral-storage-limit",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { "ephemeral-storage": "500Mi" },
  }),
];
