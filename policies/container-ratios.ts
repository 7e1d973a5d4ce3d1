import { compareScaledQuantities, constraint, defineTemplate, parseQuantity, regexMatches, type KubeObject, type Quantity } from "gkc/sdk";
import { field, isExempt, members, missingField, readsBytes, readsCpu, regoFalsy, shown } from "./lib/images-resources.js";

export const template = defineTemplate({
  kind: "K8sContainerRatios",
  title: "Container Ratios",
  description:
    "Sets a maximum ratio for container resource limits to requests. https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/ As in the gatekeeper-library, `cpuRatio` takes effect only when `ratio` is set too. gkc compares exactly, where the library uses floating point, and reports a ratio that is not a number (the library then silently checks nothing) and quantities of 10^18 or more, which are beyond its exact range.",
  version: "1.0.1",
});

/** Parameters of K8sContainerRatios. */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`. It is
   * recommended that users use the fully-qualified Docker image name (e.g. start with a domain
   * name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** The maximum allowed ratio of `resources.limits` to `resources.requests` on a container. */
  ratio?: string;
  /**
   * The maximum allowed ratio of `resources.limits.cpu` to `resources.requests.cpu` on a
   * container. If not specified, equal to `ratio`.
   */
  cpuRatio?: string;
}

/** What the library's `to_number` reads in a ratio: a decimal number, optionally with an exponent. */
const NUMBER_PATTERN = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$";

/** A ratio parameter as an exact quantity; undefined when it is not a number (or is 10^18 or more). */
function ratioOf(text: string | undefined): Quantity | undefined {
  if (typeof text !== "string" || !regexMatches(NUMBER_PATTERN, text)) return undefined;
  return parseQuantity(text);
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const ratioText = parameters.ratio;
  // The library's object.get(parameters, "cpuRatio", parameters.ratio): nothing without `ratio`.
  const cpuRatioText = ratioText === undefined ? undefined : parameters.cpuRatio !== undefined ? parameters.cpuRatio : ratioText;
  const ratio = ratioOf(ratioText);
  const cpuRatio = ratioOf(cpuRatioText);
  if (ratioText !== undefined && ratio === undefined) {
    yield `parameter ratio <${shown(ratioText)}> is not a number below 10^18`;
  }
  if (ratioText !== undefined && parameters.cpuRatio !== undefined && cpuRatio === undefined) {
    yield `parameter cpuRatio <${shown(parameters.cpuRatio)}> is not a number below 10^18`;
  }
  // Ephemeral containers are not checked: they cannot set resources.
  for (const key of ["containers", "initContainers"]) {
    for (const container of members(field(object.spec, key))) {
      const name = field(container, "name");
      if (name === undefined || isExempt(container, parameters.exemptImages)) continue;
      const resources = field(container, "resources");
      const limits = field(resources, "limits");
      const requests = field(resources, "requests");
      const cpuLimit = field(limits, "cpu");
      const memoryLimit = field(limits, "memory");
      const cpuRequest = field(requests, "cpu");
      const memoryRequest = field(requests, "memory");
      if (cpuLimit !== undefined && !readsCpu(cpuLimit)) {
        yield `container <${shown(name)}> cpu limit <${shown(cpuLimit)}> could not be parsed`;
      }
      if (memoryLimit !== undefined && !readsBytes(memoryLimit)) {
        yield `container <${shown(name)}> memory limit <${shown(memoryLimit)}> could not be parsed`;
      }
      if (cpuRequest !== undefined && !readsCpu(cpuRequest)) {
        yield `container <${shown(name)}> cpu request <${shown(cpuRequest)}> could not be parsed`;
      }
      if (memoryRequest !== undefined && !readsBytes(memoryRequest)) {
        yield `container <${shown(name)}> memory request <${shown(memoryRequest)}> could not be parsed`;
      }
      if (regoFalsy(resources) || regoFalsy(limits)) {
        yield `container <${shown(name)}> has no resource limits`;
      }
      if (missingField(limits, "cpu")) {
        yield `container <${shown(name)}> has no cpu limit`;
      }
      if (missingField(limits, "memory")) {
        yield `container <${shown(name)}> has no memory limit`;
      }
      if (regoFalsy(requests)) {
        yield `container <${shown(name)}> has no resource requests`;
      }
      if (missingField(requests, "cpu")) {
        yield `container <${shown(name)}> has no cpu request`;
      }
      if (missingField(requests, "memory")) {
        yield `container <${shown(name)}> has no memory request`;
      }
      if (cpuRatio !== undefined && readsCpu(cpuLimit) && readsCpu(cpuRequest)) {
        const limit = parseQuantity(cpuLimit);
        const request = parseQuantity(cpuRequest);
        if (limit === undefined || request === undefined) {
          yield `container <${shown(name)}> cpu limit <${shown(cpuLimit)}> or request <${shown(cpuRequest)}> is 10^18 or more, beyond exact comparison`;
        } else if (compareScaledQuantities(limit, cpuRatio, request) > 0) {
          yield `container <${shown(name)}> cpu limit <${shown(cpuLimit)}> is higher than the maximum allowed ratio of <${shown(cpuRatioText)}>`;
        }
      }
      if (ratio !== undefined && readsBytes(memoryLimit) && readsBytes(memoryRequest)) {
        const limit = parseQuantity(memoryLimit);
        const request = parseQuantity(memoryRequest);
        if (limit === undefined || request === undefined) {
          yield `container <${shown(name)}> memory limit <${shown(memoryLimit)}> or request <${shown(memoryRequest)}> is 10^18 or more, beyond exact comparison`;
        } else if (compareScaledQuantities(limit, ratio, request) > 0) {
          yield `container <${shown(name)}> memory limit <${shown(memoryLimit)}> is higher than the maximum allowed ratio of <${shown(ratioText)}>`;
        }
      }
    }
  }
}

export const constraints = [
  // The gatekeeper-library's sample Constraints (out/bundles/gatekeeper-library.yaml).
  constraint<Parameters>({
    name: "container-must-meet-ratio",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { ratio: "2" },
  }),
  constraint<Parameters>({
    name: "container-must-meet-memory-and-cpu-ratio",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { ratio: "1", cpuRatio: "10" },
  }),
];
