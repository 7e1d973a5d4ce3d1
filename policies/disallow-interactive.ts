import { constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";
import { field, members, printed } from "./lib/general.js";
import { isExemptContainer } from "./lib/library.js";

export const template = defineTemplate({
  kind: "K8sDisallowInteractiveTTY",
  title: "Disallow Interactive TTY Containers",
  description: "Requires that objects have the fields `spec.tty` and `spec.stdin` set to false or unset.",
  version: "1.0.0",
});

/**
 * Controls use of fields related to gaining an interactive session. Corresponds to the `tty` and
 * `stdin` fields in the Pod `spec.containers`, `spec.ephemeralContainers`, and `spec.initContainers`.
 */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`.
   * It is recommended that users use the fully-qualified Docker image name (e.g. start with a
   * domain name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
}

/** The container lists of a Pod spec the library reads (of the object itself, not pod templates). */
const CONTAINER_LISTS = ["containers", "ephemeralContainers", "initContainers"];

/** The library's `has_field(c, f)` and `not c[f] == false`: the field is set to anything but false. */
function isSet(container: Record<string, unknown>, key: string): boolean {
  const value = container[key];
  return value !== undefined && value !== false;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const spec = object["spec"];
  for (const list of CONTAINER_LISTS) {
    for (const container of members(field(spec, list))) {
      if (!isObject(container) || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      // The library's message needs the container's name and image; without either it reports nothing.
      const name = container["name"];
      const image = container["image"];
      if (name === undefined || image === undefined) {
        continue;
      }
      if (isSet(container, "stdin") || isSet(container, "tty")) {
        yield `Containers using tty or stdin (${printed(name)}) are not allowed running image: ${printed(image)}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "no-interactive-tty-containers",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
