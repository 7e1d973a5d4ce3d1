import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { field, isExempt, members, regoHas, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sRequiredResources",
  title: "Required Resources",
  description:
    "Requires containers to have defined resources set. https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  version: "1.0.0",
});

/** Parameters of K8sRequiredResources. */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** A list of limits that should be enforced (`cpu`, `memory`, or both). */
  limits?: ("cpu" | "memory")[];
  /** A list of requests that should be enforced (`cpu`, `memory`, or both). */
  requests?: ("cpu" | "memory")[];
}

/**
 * The missing resources as the library prints its set: sorted, `{"cpu", "memory"}`. (Values
 * outside the schema's enum are listed after, joined by `,`.)
 */
function shownSet(missing: unknown[]): string {
  const known = ["cpu", "memory"].filter((resource) => missing.includes(resource));
  const others = missing.filter((resource) => resource !== "cpu" && resource !== "memory");
  if (others.length > 0) {
    return `{${others.map((resource) => (typeof resource === "string" ? `"${resource}"` : shown(resource)))}}`;
  }
  if (known.length === 2) return `{"cpu", "memory"}`;
  return `{"${known[0] ?? ""}"}`;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  for (const key of ["containers", "initContainers"]) {
    for (const container of members(field(object.spec, key))) {
      const name = field(container, "name");
      if (name === undefined || isExempt(container, parameters.exemptImages)) continue;
      const resources = field(container, "resources");
      for (const kind of ["limits", "requests"]) {
        // Required resources the container does not set (to anything but false).
        const set = field(resources, kind);
        const missing = members(field(parameters, kind)).filter((resource) => !regoHas(set, resource));
        if (missing.length > 0) {
          yield `container <${shown(name)}> does not have <${shownSet(missing)}> ${kind} defined`;
        }
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "container-must-have-limits-and-requests",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { limits: ["cpu", "memory"], requests: ["cpu", "memory"] },
  }),
  constraint<Parameters>({
    name: "container-must-have-cpu-requests-memory-limits-and-requests",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { limits: ["memory"], requests: ["cpu", "memory"] },
  }),
  constraint<Parameters>({
    name: "no-enforcements",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {},
  }),
];
