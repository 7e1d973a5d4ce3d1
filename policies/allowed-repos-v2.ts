import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { isExemptImage } from "./lib/library.js";
import { CONTAINER_FIELDS, field, members, shown, shownList } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sAllowedReposv2",
  title: "Allowed Images",
  description:
    "This policy enforces that container images must begin with a string from a specified list. The updated version, K8sAllowedReposv2, introduces support for exact match and glob-like syntax to enhance security: 1. Exact Match: By default, if the * character is not specified, the policy strictly checks for an exact match of the full registry, repository, and/or the image name. 2. Glob-like Syntax: Adding * at the end of a prefix allows prefix-based matching (e.g., registry.example.com/project/*). Only the * wildcard at the end of a string is supported. 3. Security Note: To avoid bypasses scenarios, ensure prefixes include a trailing / where appropriate (e.g., registry.example.com/project/*).",
  version: "1.0.0",
  // Rego alone: the gatekeeper-library's suite of this kind counts one violation per container,
  // and a CEL validation gives one message per yield (README, CEL, rule 25), so with CEL the
  // template would not be drop-in. `engine: "both"` in a copy of this template ships the CEL too.
  engine: "rego",
});

/** Parameters of K8sAllowedReposv2. */
export interface Parameters {
  /** A list of allowed container image prefixes. Supports exact matches and prefixes ending with '*'. */
  allowedImages?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const allowedImages: unknown = parameters.allowedImages;
  // The library's message prints the list: without it there is no message, hence no violation.
  if (allowedImages === undefined) return;
  for (const list of CONTAINER_FIELDS) {
    for (const container of members(field(object.spec, list.key))) {
      const name = field(container, "name");
      const image = field(container, "image");
      // An entry ending in `*` allows images starting with the rest; any other must equal the image.
      if (name === undefined || image === undefined || isExemptImage(image, members(allowedImages))) continue;
      yield `${list.label} <${shown(name)}> has an invalid image <${shown(image)}>, allowed images are ${shownList(allowedImages)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "repo-is-openpolicyagent",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["default"] },
    parameters: {
      allowedImages: ["openpolicyagent/*", "myregistry.azurecr.io/*", "mydockerhub/*", "ubuntu:20.14", "123456789123.dkr.ecr.eu-west-1.amazonaws.com/postgres"],
    },
  }),
];
