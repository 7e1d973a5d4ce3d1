import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { CONTAINER_FIELDS, field, members, shown, shownList } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sDisallowedRepos",
  title: "Disallowed Repositories",
  description: "Disallowed container repositories that begin with a string from the specified list.",
  version: "1.0.0",
  // Rego alone: the gatekeeper-library's suite of this kind counts one violation per container,
  // and a CEL validation gives one message per yield (README, CEL, rule 25), so with CEL the
  // template would not be drop-in. `engine: "both"` in a copy of this template ships the CEL too.
  engine: "rego",
});

/** Parameters of K8sDisallowedRepos. */
export interface Parameters {
  /** The list of prefixes a container image is not allowed to have. */
  repos?: string[];
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const repos: unknown = parameters.repos;
  for (const list of CONTAINER_FIELDS) {
    for (const container of members(field(object.spec, list.key))) {
      const name = field(container, "name");
      const image = field(container, "image");
      if (name === undefined || typeof image !== "string") continue;
      if (members(repos).some((repo) => typeof repo === "string" && image.startsWith(repo))) {
        yield `${list.label} <${shown(name)}> has an invalid image repo <${image}>, disallowed repos are ${shownList(repos)}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "repo-must-not-be-k8s-gcr-io",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { repos: ["k8s.gcr.io/"] },
  }),
];
