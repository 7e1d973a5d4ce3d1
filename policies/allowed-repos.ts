import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { CONTAINER_FIELDS, field, members, shown, shownList } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sAllowedRepos",
  title: "Allowed Repositories",
  description:
    "Requires container images to begin with a string from the specified list. To prevent bypasses, ensure a '/' is added when specifying DockerHub repositories or custom registries. If exact matches or glob-like syntax are preferred, use the k8sallowedreposv2 policy. Known weakness, kept for compatibility with the gatekeeper-library: the check is a plain string prefix, so `registry.corp.example.evil.com/app` passes a `registry.corp.example` prefix; gkc's K8sApprovedRegistries (policies/approved-registries.ts) compares normalised image references at path boundaries instead.",
  version: "1.0.0",
  // Rego alone: the gatekeeper-library's suite of this kind counts one violation per container,
  // and a CEL validation gives one message per yield (README, CEL, rule 25), so with CEL the
  // template would not be drop-in. `engine: "both"` in a copy of this template ships the CEL too.
  engine: "rego",
});

/** Parameters of K8sAllowedRepos. */
export interface Parameters {
  /** The list of prefixes a container image is allowed to have. */
  repos?: string[];
}

/** The library's `strings.any_prefix_match(image, repos)` for a string image. */
function allowed(image: unknown, repos: unknown): boolean {
  if (typeof image !== "string") return false;
  if (typeof repos === "string") return image.startsWith(repos);
  return Array.isArray(repos) && repos.some((repo) => typeof repo === "string" && image.startsWith(repo));
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const repos: unknown = parameters.repos;
  // The library's message prints the repos: without them it has no message, hence no violation.
  if (repos === undefined) return;
  for (const list of CONTAINER_FIELDS) {
    for (const container of members(field(object.spec, list.key))) {
      const name = field(container, "name");
      const image = field(container, "image");
      if (name === undefined || image === undefined || allowed(image, repos)) continue;
      yield `${list.label} <${shown(name)}> has an invalid image repo <${shown(image)}>, allowed repos are ${shownList(repos)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "repo-is-openpolicyagent",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["default"] },
    parameters: { repos: ["openpolicyagent/"] },
  }),
];
