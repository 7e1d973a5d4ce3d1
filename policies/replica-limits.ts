import { constraint, defineTemplate, regoGreaterOrEqual, regoLessOrEqual, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, rangesText, regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sReplicaLimits",
  title: "Replica Limits",
  description:
    "Requires that objects with the field `spec.replicas` (Deployments, ReplicaSets, etc.) specify a number of replicas within defined ranges.",
  version: "1.0.0",
});

/** Parameters of K8sReplicaLimits. */
export interface Parameters {
  /** Allowed ranges for numbers of replicas.  Values are inclusive. */
  ranges?: {
    /**
     * The minimum number of replicas allowed, inclusive.
     * @integer
     */
    min_replicas?: number;
    /**
     * The maximum number of replicas allowed, inclusive.
     * @integer
     */
    max_replicas?: number;
  }[];
}

/** True when `replicas` lies within one of the ranges (as Rego compares: a non-number is never within). */
function withinSomeRange(replicas: unknown, ranges: unknown): boolean {
  if (!Array.isArray(ranges) || replicas === undefined) {
    return false;
  }
  return ranges.some((range) => inRange(range, replicas));
}

/** The library's `value_within_range`: min_replicas <= replicas <= max_replicas, both bounds set. */
function inRange(range: unknown, replicas: unknown): boolean {
  const min = field(range, "min_replicas");
  const max = field(range, "max_replicas");
  return min !== undefined && max !== undefined && regoLessOrEqual(min, replicas) && regoGreaterOrEqual(max, replicas);
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  const spec: unknown = object["spec"];
  // The library reports nothing for an object without spec, or without metadata.name (its message needs the name).
  const name: unknown = object.metadata?.name;
  if (spec === undefined || name === undefined) {
    return;
  }
  if (withinSomeRange(field(spec, "replicas"), parameters.ranges)) {
    return;
  }
  const kind: unknown = review.kind?.kind;
  const allowed = parameters.ranges === undefined ? "{}" : `{"ranges": ${rangesText(parameters.ranges)}}`;
  yield `The provided number of replicas is not allowed for ${regoText(kind)}: ${regoText(name)}. Allowed ranges: ${allowed}`;
}

export const constraints = [
  constraint<Parameters>({
    name: "replica-limits",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] },
    parameters: { ranges: [{ min_replicas: 3, max_replicas: 50 }] },
  }),
];
