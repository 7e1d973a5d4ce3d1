import { allContainers, asArray, constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";
import { isExemptImage, nameOrUnnamed } from "./lib/containers.js";

export const template = defineTemplate({
  kind: "K8sReadOnlyRootFilesystem",
  title: "Read-only Root Filesystem",
  description:
    "Requires every container, init container and ephemeral container to set securityContext.readOnlyRootFilesystem to true, so that it cannot write to its image's filesystem (writable paths come from volumes such as emptyDir). Containers whose image matches an exemptImages pattern are skipped.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sReadOnlyRootFilesystem. */
export interface Parameters {
  /**
   * Images of containers exempt from this policy. A pattern ending in `*` matches by prefix,
   * one starting with `*` by suffix; any other pattern must equal the image exactly.
   */
  exemptImages?: string[];
}

/** `securityContext.readOnlyRootFilesystem` of a container, or undefined when any step is missing. */
function readOnlyRootFilesystem(securityContext: unknown): unknown {
  return isObject(securityContext) ? securityContext["readOnlyRootFilesystem"] : undefined;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const exemptImages = asArray(parameters.exemptImages);
  for (const container of allContainers(object)) {
    if (isExemptImage(container.image, exemptImages)) {
      continue;
    }
    if (readOnlyRootFilesystem(container.securityContext) !== true) {
      yield `container "${nameOrUnnamed(container.name)}": securityContext.readOnlyRootFilesystem must be true`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "read-only-root-filesystem",
    enforcementAction: "dryrun",
    match: { excludedNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"] },
    parameters: {},
  }),
];
