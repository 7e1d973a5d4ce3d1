import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { field, holds, shown } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPHostNamespace",
  title: "Host Namespace",
  description:
    "Disallows sharing of host PID and IPC namespaces by pod containers. Corresponds to the `hostPID` and `hostIPC` fields in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#host-namespaces",
  version: "1.0.0",
});

/**
 * Disallows sharing of host PID and IPC namespaces by pod containers. Corresponds to the
 * `hostPID` and `hostIPC` fields in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#host-namespaces
 */
export interface Parameters {}

export function* violations(object: KubeObject, _parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.hostPID and spec.hostIPC are immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const spec = object["spec"];
  // The library's message needs metadata.name: an object without one is not reported.
  const name: unknown = object.metadata?.name;
  if (name === undefined) {
    return;
  }
  if (holds(field(spec, "hostPID")) || holds(field(spec, "hostIPC"))) {
    yield `Sharing the host namespace is not allowed: ${shown(name)}`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-host-namespace",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
