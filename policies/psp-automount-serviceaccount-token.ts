import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, members, printed } from "./lib/general.js";
import { isUpdate } from "./lib/library.js";

export const template = defineTemplate({
  kind: "K8sPSPAutomountServiceAccountTokenPod",
  title: "Automount Service Account Token for Pod",
  description: "Controls the ability of any Pod to enable automountServiceAccountToken.",
  version: "1.0.0",
});

/** Controls the ability of any Pod to enable automountServiceAccountToken. */
export interface Parameters {}

/** Where the ServiceAccount admission controller mounts the token. */
const TOKEN_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Some container of `list` mounts a volume at the token path. */
function mountsToken(list: unknown): boolean {
  return members(list).some((container) => members(field(container, "volumeMounts")).some((mount) => field(mount, "mountPath") === TOKEN_PATH));
}

/**
 * The library's `mountServiceAccountToken(spec)`: automountServiceAccountToken is true, or it is
 * not set at all and a container or init container mounts a volume at the token path.
 * (Ephemeral containers are not checked: they cannot set volume mounts for it.)
 */
function mountsServiceAccountToken(spec: unknown): boolean {
  const automount = field(spec, "automountServiceAccountToken");
  if (automount === true) {
    return true;
  }
  return automount === undefined && (mountsToken(field(spec, "containers")) || mountsToken(field(spec, "initContainers")));
}

export function* violations(object: KubeObject, _parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // automountServiceAccountToken and volumeMounts are immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  // The library reads the object's own spec (Pods, not pod templates) and needs metadata.name for its message.
  const spec = object["spec"];
  const name = field(object.metadata, "name");
  if (spec === undefined || name === undefined) {
    return;
  }
  if (mountsServiceAccountToken(spec)) {
    yield `Automounting service account token is disallowed, pod: ${printed(name)}`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-automount-serviceaccount-token-pod",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["kube-system"] },
    parameters: {},
  }),
];
