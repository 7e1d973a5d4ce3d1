import { constraint, defineTemplate, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { elements, field, holds, shown } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPFSGroup",
  title: "FS Group",
  description:
    "Controls allocating an FSGroup that owns the Pod's volumes. Corresponds to the `fsGroup` field in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems",
  version: "1.0.0",
});

/**
 * Controls allocating an FSGroup that owns the Pod's volumes. Corresponds to the `fsGroup` field
 * in a PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#volumes-and-file-systems
 */
export interface Parameters {
  /** An FSGroup rule name. */
  rule?: "MayRunAs" | "MustRunAs" | "RunAsAny";
  /** GID ranges affected by the rule. */
  ranges?: {
    /** The minimum GID in the range, inclusive. */
    min?: number;
    /** The maximum GID in the range, inclusive. */
    max?: number;
  }[];
}

/** `min <= fsGroup <= max` for a numeric fsGroup (Rego's ordering puts every other type outside). */
function withinRange(range: unknown, fsGroup: unknown): boolean {
  const min = field(range, "min");
  const max = field(range, "max");
  return typeof fsGroup === "number" && typeof min === "number" && typeof max === "number" && min <= fsGroup && fsGroup <= max;
}

/** The parameters as the message shows them, e.g. `{"ranges": [{"max": 1000, "min": 1}], "rule": "MayRunAs"}`. */
function parametersText(parameters: Parameters): string {
  const ranges: unknown = parameters.ranges;
  const rangesText = Array.isArray(ranges)
    ? `"ranges": [${ranges.map((range) => `{"max": ${shown(field(range, "max"))}, "min": ${shown(field(range, "min"))}}`)}], `
    : "";
  return `{${rangesText}"rule": "${shown(parameters.rule)}"}`;
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.securityContext.fsGroup is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const rule: unknown = parameters.rule;
  const spec = object["spec"];
  const podName: unknown = object.metadata?.name;
  // No rule: nothing is enforced. The library also needs a spec and, for its message, metadata.name.
  if (!holds(rule) || spec === undefined || podName === undefined) {
    return;
  }
  const securityContext = field(spec, "securityContext");
  const fsGroup = field(securityContext, "fsGroup");
  const inRange = elements(parameters.ranges).some((range) => withinRange(range, fsGroup));
  // RunAsAny: anything. MustRunAs: an fsGroup within a range. MayRunAs: no fsGroup, or one within a range.
  const allowed = rule === "RunAsAny" || (rule === "MustRunAs" && inRange) || (rule === "MayRunAs" && (!holds(securityContext) || !holds(fsGroup) || inRange));
  if (!allowed) {
    yield `The provided pod spec fsGroup is not allowed, pod: ${shown(podName)}. Allowed fsGroup: ${parametersText(parameters)}`;
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-fsgroup",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { rule: "MayRunAs", ranges: [{ min: 1, max: 1000 }] },
  }),
];
