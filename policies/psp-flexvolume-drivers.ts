import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { elements, field, holds, listText, sameScalar, shown } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPFlexVolumes",
  title: "FlexVolumes",
  description:
    "Controls the allowlist of FlexVolume drivers. Corresponds to the `allowedFlexVolumes` field in PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#flexvolume-drivers",
  version: "1.0.0",
});

/**
 * Controls the allowlist of FlexVolume drivers. Corresponds to the `allowedFlexVolumes` field in
 * PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#flexvolume-drivers
 */
export interface Parameters {
  /** An array of AllowedFlexVolume objects. */
  allowedFlexVolumes?: {
    /** The name of the FlexVolume driver. */
    driver?: string;
  }[];
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.volumes is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const allowed: unknown = parameters.allowedFlexVolumes;
  const podName: unknown = object.metadata?.name;
  // The library's message prints allowedFlexVolumes and metadata.name: without either nothing is reported.
  if (allowed === undefined || podName === undefined) {
    return;
  }
  const drivers = elements(allowed).map((entry) => field(entry, "driver"));
  for (const volume of elements(field(object["spec"], "volumes"))) {
    const flexVolume = field(volume, "flexVolume");
    if (!holds(flexVolume)) {
      continue;
    }
    const driver = field(flexVolume, "driver");
    if (!drivers.some((allowedDriver) => sameScalar(allowedDriver, driver))) {
      yield `FlexVolume ${shown(field(volume, "name"))} with driver ${shown(driver)} is not allowed, pod: ${shown(podName)}. Allowed drivers: ${listText(drivers.filter((d) => d !== undefined))}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-flexvolume-drivers",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { allowedFlexVolumes: [{ driver: "example/lvm" }, { driver: "example/cifs" }] },
  }),
];
