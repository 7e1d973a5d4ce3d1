import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { elements, field, holds, pathMatches, sameScalar, shown, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPHostFilesystem",
  title: "Host Filesystem",
  description:
    "Controls usage of the host filesystem. Corresponds to the `allowedHostPaths` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems",
  version: "1.0.0",
});

/**
 * Controls usage of the host filesystem. Corresponds to the `allowedHostPaths` field in a
 * PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems
 */
export interface Parameters {
  /** An array of hostpath objects, representing paths and read/write configuration. */
  allowedHostPaths?: {
    /** The path prefix that the host volume must match. */
    pathPrefix?: string;
    /** when set to true, any container volumeMounts matching the pathPrefix must include `readOnly: true`. */
    readOnly?: boolean;
  }[];
}

/** True when a container, init or ephemeral container mounts the volume without `readOnly`. */
function mountedWritable(object: KubeObject, volumeName: unknown): boolean {
  return specContainers(object).some((containers) =>
    containers.some((container) =>
      elements(field(container, "volumeMounts")).some((mount) => sameScalar(field(mount, "name"), volumeName) && !holds(field(mount, "readOnly"))),
    ),
  );
}

/** An allowedHostPaths entry as the message shows it, e.g. `{"pathPrefix": "/foo", "readOnly": true}`. */
function allowedPathText(entry: unknown): string {
  const readOnly = field(entry, "readOnly");
  return `{"pathPrefix": "${shown(field(entry, "pathPrefix"))}"${readOnly === undefined ? "" : `, "readOnly": ${shown(readOnly)}`}}`;
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.volumes is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const podName: unknown = object.metadata?.name;
  // The library's message prints metadata.name: an object without one is not reported.
  if (podName === undefined) {
    return;
  }
  const configured: unknown = parameters.allowedHostPaths;
  // No allowedHostPaths (or an empty list) allows no host path at all.
  const allowedPaths: unknown = holds(configured) ? configured : [];
  const noneAllowed = Array.isArray(allowedPaths) && allowedPaths.length === 0;
  const allowedText = `[${elements(allowedPaths).map((entry) => allowedPathText(entry))}]`;
  for (const volume of elements(field(object["spec"], "volumes"))) {
    const hostPath = field(volume, "hostPath");
    if (!holds(hostPath)) {
      continue;
    }
    const path = field(hostPath, "path");
    const name = field(volume, "name");
    // A matching prefix allows the volume; with `readOnly: true` only if no container mounts it writable.
    const allowed = elements(allowedPaths).some(
      (entry) => pathMatches(field(entry, "pathPrefix"), path) && (field(entry, "readOnly") !== true || name === undefined || !mountedWritable(object, name)),
    );
    if (noneAllowed || !allowed) {
      yield `HostPath volume ${shown(name)} with path ${shown(path)} is not allowed, pod: ${shown(podName)}. Allowed path: ${allowedText}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-host-filesystem",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { allowedHostPaths: [{ readOnly: true, pathPrefix: "/foo" }] },
  }),
  constraint<Parameters>({
    name: "no-host-paths",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
