import { constraint, defineTemplate, regexMatches, type KubeObject } from "gkc/sdk";
import { CONTAINER_FIELDS, field, isExempt, members, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sImageDigests",
  title: "Image Digests",
  description: "Requires container images to contain a digest. https://kubernetes.io/docs/concepts/containers/images/",
  version: "1.0.0",
  // Rego alone: the gatekeeper-library's suite of this kind counts one violation per container,
  // and a CEL validation gives one message per yield (README, CEL, rule 25), so with CEL the
  // template would not be drop-in. `engine: "both"` in a copy of this template ships the CEL too.
  engine: "rego",
});

/** The library's digest pattern, unanchored: `@algorithm:encoded` anywhere in the image. */
const DIGEST = "@[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+";

/** Parameters of K8sImageDigests (requires container images to contain a digest). */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  for (const list of CONTAINER_FIELDS) {
    for (const container of members(field(object.spec, list.key))) {
      const name = field(container, "name");
      const image = field(container, "image");
      if (name === undefined || image === undefined || isExempt(container, parameters.exemptImages)) continue;
      // A non-string image has no digest either (the library's regex.match fails on it).
      if (typeof image === "string" && regexMatches(DIGEST, image)) continue;
      yield `${list.label} <${shown(name)}> uses an image without a digest <${shown(image)}>`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "container-image-must-have-digest",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["default"] },
    parameters: {},
  }),
];
