import {
  asArray,
  compareQuantities,
  constraint,
  containersAndInitContainers,
  defineTemplate,
  isObject,
  parseQuantity,
  type KubeObject,
} from "gkc/sdk";
import { isExemptImage, nameOrUnnamed } from "./lib/containers.js";

export const template = defineTemplate({
  kind: "K8sContainerLimits",
  title: "Container Limits",
  description:
    "Requires containers and init containers to set CPU and memory limits, each a valid Kubernetes quantity no greater than the configured maximum. Containers whose image matches an exemptImages pattern are skipped. A cpu maximum of \"-1\" disables every CPU check.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sContainerLimits. */
export interface Parameters {
  /**
   * The maximum CPU limit, as a Kubernetes quantity (e.g. `500m`, `2`). When absent a CPU
   * limit is still required but any value is accepted; `"-1"` disables all CPU checks.
   */
  cpu?: string;
  /**
   * The maximum memory limit, as a Kubernetes quantity (e.g. `512Mi`, `1Gi`). When absent a
   * memory limit is still required but any value is accepted.
   */
  memory?: string;
  /**
   * Images of containers exempt from this policy. A pattern ending in `*` matches by prefix,
   * one starting with `*` by suffix; any other pattern must equal the image exactly.
   */
  exemptImages?: string[];
}

/** `resources.limits[resource]`, or undefined when any step is missing or not an object. */
function limitOf(resources: unknown, resource: string): unknown {
  if (!isObject(resources)) {
    return undefined;
  }
  const limits = resources["limits"];
  if (!isObject(limits)) {
    return undefined;
  }
  return limits[resource];
}

/** ` "<value>"` for a string value, nothing otherwise (numbers may be fractional). */
function shown(value: unknown): string {
  if (typeof value === "string") {
    return ` "${value}"`;
  }
  return "";
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const exemptImages = asArray(parameters.exemptImages);
  const maxCpu = parameters.cpu;
  const maxMemory = parameters.memory;
  const checkCpu = maxCpu !== "-1";
  const maxCpuQuantity = parseQuantity(maxCpu);
  const maxMemoryQuantity = parseQuantity(maxMemory);
  if (checkCpu && maxCpu != null && maxCpuQuantity == null) {
    yield `parameter cpu "${maxCpu}" is invalid: it is not a valid Kubernetes quantity`;
  }
  if (maxMemory != null && maxMemoryQuantity == null) {
    yield `parameter memory "${maxMemory}" is invalid: it is not a valid Kubernetes quantity`;
  }
  for (const container of containersAndInitContainers(object)) {
    if (isExemptImage(container.image, exemptImages)) {
      continue;
    }
    const name = nameOrUnnamed(container.name);
    if (checkCpu) {
      const cpu = limitOf(container.resources, "cpu");
      const cpuQuantity = parseQuantity(cpu);
      if (cpu == null) {
        yield `container "${name}" has no cpu limit`;
      } else if (cpuQuantity == null) {
        yield `container "${name}" has an invalid cpu limit${shown(cpu)}: it is not a valid Kubernetes quantity`;
      } else if (maxCpuQuantity != null && compareQuantities(cpuQuantity, maxCpuQuantity) > 0) {
        yield `container "${name}" has a cpu limit${shown(cpu)} above the maximum "${maxCpu}"`;
      }
    }
    const memory = limitOf(container.resources, "memory");
    const memoryQuantity = parseQuantity(memory);
    if (memory == null) {
      yield `container "${name}" has no memory limit`;
    } else if (memoryQuantity == null) {
      yield `container "${name}" has an invalid memory limit${shown(memory)}: it is not a valid Kubernetes quantity`;
    } else if (maxMemoryQuantity != null && compareQuantities(memoryQuantity, maxMemoryQuantity) > 0) {
      yield `container "${name}" has a memory limit${shown(memory)} above the maximum "${maxMemory}"`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "containers-must-have-limits",
    enforcementAction: "dryrun",
    parameters: {
      cpu: "2",
      memory: "4Gi",
    },
  }),
  // The gatekeeper-library's sample Constraint (out/bundles/gatekeeper-library.yaml).
  constraint<Parameters>({
    name: "container-must-have-limits",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { cpu: "200m", memory: "1Gi" },
  }),
];
