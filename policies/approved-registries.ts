import { allContainers, asArray, constraint, defineTemplate, parseImage, type KubeObject } from "gkc/sdk";
import { nameOrUnnamed } from "./lib/containers.js";

export const template = defineTemplate({
  kind: "K8sApprovedRegistries",
  title: "Approved Registries",
  description:
    "Requires every container, init container and ephemeral container image to come from an approved registry or repository prefix. Image references are normalised first (docker.io is the default registry, single-name Docker Hub images live under library/), and a prefix only matches at a path boundary: ghcr.io/acme approves ghcr.io/acme/app but not ghcr.io/acme-evil/app.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sApprovedRegistries. */
export interface Parameters {
  /**
   * Approved registries or repository prefixes, compared against the normalised image name
   * (registry/repository, without tag or digest) at a path boundary. Examples: `ghcr.io/acme`,
   * `registry.corp.example:5000`, `docker.io/library`.
   */
  registries: string[];
}

/** True when the normalised image name `name` is `entry` or lies under `entry/`. */
function isApproved(name: string, entry: string): boolean {
  return name === entry || name.startsWith(`${entry}/`);
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const registries = asArray(parameters.registries);
  for (const container of allContainers(object)) {
    const name = nameOrUnnamed(container.name);
    const image: unknown = container.image;
    if (typeof image !== "string") {
      yield `container "${name}" has no image, or an image that is not a string`;
      continue;
    }
    const ref = parseImage(image);
    if (ref == null) {
      yield `container "${name}" has image "${image}", which is not a valid image reference`;
      continue;
    }
    if (!registries.some((entry) => isApproved(ref.name, entry))) {
      yield `container "${name}" has image "${image}" (${ref.name}), which is not from an approved registry`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "images-from-approved-registries",
    enforcementAction: "dryrun",
    parameters: {
      registries: ["registry.corp.example", "ghcr.io/acme"],
    },
  }),
];
