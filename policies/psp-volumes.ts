import { constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { members, objectName } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPVolumeTypes",
  title: "Volume Types",
  description:
    "Restricts mountable volume types to those specified by the user. Corresponds to the `volumes` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems",
  version: "1.0.0",
});

/**
 * Restricts mountable volume types to those specified by the user. Corresponds to the `volumes`
 * field in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems
 */
export interface Parameters {
  /** `volumes` is an array of volume types. All volume types can be enabled using `*`. */
  volumes?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.volumes is immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  const allowed = parameters.volumes;
  const podName = objectName(object);
  const spec = object["spec"];
  // As the library: without the parameter (or a pod name) there is no message, hence no violation.
  if (!Array.isArray(allowed) || podName === undefined || !isObject(spec) || allowed.includes("*")) {
    return;
  }
  const shownAllowed = `[${allowed.map((volumeType) => `"${volumeType}"`)}]`;
  // As the library's `volumes[_]`: an array's elements, or an object's values.
  for (const volume of members(spec["volumes"])) {
    // (A volume that is an array would contribute its indices as types in the library; it is skipped.)
    if (!isObject(volume)) {
      continue;
    }
    // Every field of a volume but its name names its type; a field set to false does not count.
    for (const [volumeType, source] of Object.entries(volume)) {
      if (volumeType === "name" || source === false || allowed.includes(volumeType)) {
        continue;
      }
      yield `The volume type ${volumeType} is not allowed, pod: ${podName}. Allowed volume types: ${shownAllowed}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-volume-types",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      volumes: ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"],
    },
  }),
];
