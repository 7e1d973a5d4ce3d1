import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { exceeds, field, isExempt, members, missingField, readsBytes, readsCpu, regoFalsy, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sContainerRequests",
  title: "Container Requests",
  description:
    "Requires containers to have memory and CPU requests set and constrains requests to be within the specified maximum values. https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/",
  version: "1.0.0",
});

/** Parameters of K8sContainerRequests. */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** The maximum allowed cpu request on a Pod, exclusive. */
  cpu?: string;
  /** The maximum allowed memory request on a Pod, exclusive. */
  memory?: string;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const maxCpu: unknown = parameters.cpu;
  const maxMemory: unknown = parameters.memory;
  // Ephemeral containers are not checked: they cannot set resources.
  for (const key of ["containers", "initContainers"]) {
    for (const container of members(field(object.spec, key))) {
      const name = field(container, "name");
      if (name === undefined || isExempt(container, parameters.exemptImages)) continue;
      const resources = field(container, "resources");
      const requests = field(resources, "requests");
      const cpu = field(requests, "cpu");
      const memory = field(requests, "memory");
      if (cpu !== undefined && !readsCpu(cpu)) {
        yield `container <${shown(name)}> cpu request <${shown(cpu)}> could not be parsed`;
      }
      if (memory !== undefined && !readsBytes(memory)) {
        yield `container <${shown(name)}> memory request <${shown(memory)}> could not be parsed`;
      }
      if (regoFalsy(resources) || regoFalsy(requests)) {
        yield `container <${shown(name)}> has no resource requests`;
      }
      if (missingField(requests, "cpu")) {
        yield `container <${shown(name)}> has no cpu request`;
      }
      if (missingField(requests, "memory")) {
        yield `container <${shown(name)}> has no memory request`;
      }
      if (readsCpu(cpu) && readsCpu(maxCpu) && exceeds(cpu, maxCpu)) {
        yield `container <${shown(name)}> cpu request <${shown(cpu)}> is higher than the maximum allowed of <${shown(maxCpu)}>`;
      }
      if (readsBytes(memory) && readsBytes(maxMemory) && exceeds(memory, maxMemory)) {
        yield `container <${shown(name)}> memory request <${shown(memory)}> is higher than the maximum allowed of <${shown(maxMemory)}>`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "container-must-have-requests",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { cpu: "200m", memory: "1Gi" },
  }),
];
