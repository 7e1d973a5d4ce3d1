import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { field, members, regoHas, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sRequiredProbes",
  title: "Required Probes",
  description: "Requires Pods to have readiness and/or liveness probes.",
  version: "1.0.0",
});

/** Parameters of K8sRequiredProbes. */
export interface Parameters {
  /** A list of probes that are required (ex: `readinessProbe`) */
  probes?: string[];
  /**
   * The probe must define a field listed in `probeType` in order to satisfy the constraint (ex.
   * `tcpSocket` satisfies `['tcpSocket', 'exec']`)
   */
  probeTypes?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // Probe fields are immutable: UPDATEs are not checked.
  if (isUpdate(review)) return;
  const kind = review.kind?.kind;
  const podName = field(object.metadata, "name");
  // The message prints the request's kind and the object's name: without them the library has none.
  if (kind === undefined || podName === undefined) return;
  const probeTypes = members(parameters.probeTypes);
  for (const container of members(field(object.spec, "containers"))) {
    const name = field(container, "name");
    if (name === undefined) continue;
    for (const probe of members(parameters.probes)) {
      // A probe is missing unless it defines one of the probe types (so with no probe types, always).
      const value = typeof probe === "string" ? field(container, probe) : undefined;
      if (probeTypes.some((type) => regoHas(value, type))) continue;
      yield `Container <${shown(name)}> in your <${shown(kind)}> <${shown(podName)}> has no <${shown(probe)}>`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "must-have-probes",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { probes: ["readinessProbe", "livenessProbe"], probeTypes: ["tcpSocket", "httpGet", "exec"] },
  }),
];
