import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { CONTAINER_FIELDS, field, isExempt, members, shown, shownList } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sDisallowedTags",
  title: "Disallow tags",
  description:
    "Requires container images to have an image tag different from the ones in the specified list. https://kubernetes.io/docs/concepts/containers/images/#image-names",
  version: "1.0.0",
});

/** Parameters of K8sDisallowedTags. */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** Disallowed container image tags. */
  tags?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const tags: unknown = parameters.tags;
  for (const list of CONTAINER_FIELDS) {
    for (const container of members(field(object.spec, list.key))) {
      const name = field(container, "name");
      const image = field(container, "image");
      if (name === undefined || typeof image !== "string" || isExempt(container, parameters.exemptImages)) continue;
      if (members(tags).some((tag) => typeof tag === "string" && image.endsWith(`:${tag}`))) {
        yield `container <${shown(name)}> uses a disallowed tag <${image}>; disallowed tags are ${shownList(tags)}`;
      }
      // The tag is after the last `/`, so a registry port (`host:443/app`) is no tag.
      const parts = image.split("/");
      if (!(parts[parts.length - 1] ?? "").includes(":")) {
        yield `container <${shown(name)}> didn't specify an image tag <${image}>`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "container-image-must-not-have-latest-tag",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["default"] },
    parameters: {
      tags: ["latest"],
      exemptImages: ["openpolicyagent/opa-exp:latest", "openpolicyagent/opa-exp2:latest"],
    },
  }),
];
