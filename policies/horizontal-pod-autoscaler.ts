import { constraint, defineTemplate, regoGreaterOrEqual, regoLessOrEqual, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, rangesText, regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sHorizontalPodAutoscaler",
  title: "Horizontal Pod Autoscaler",
  description:
    "Disallow the following scenarios when deploying `HorizontalPodAutoscalers` 1. Deployment of HorizontalPodAutoscalers with `.spec.minReplicas` or `.spec.maxReplicas` outside the ranges defined in the constraint 2. Deployment of HorizontalPodAutoscalers where the difference between `.spec.minReplicas` and `.spec.maxReplicas` is less than the configured `minimumReplicaSpread` 3. Deployment of HorizontalPodAutoscalers that do not reference a valid `scaleTargetRef` (e.g. Deployment, ReplicationController, ReplicaSet, StatefulSet).",
  version: "1.0.0",
  syncs: [
    { group: "apps", version: "v1", kind: "Deployment" },
    { group: "apps", version: "v1", kind: "StatefulSet" },
  ],
});

/** Parameters of K8sHorizontalPodAutoscaler. */
export interface Parameters {
  /** If set to true it validates the HPA scaleTargetRef exists */
  enforceScaleTargetRef?: boolean;
  /**
   * If configured it enforces the minReplicas and maxReplicas in an HPA must have a spread of at least this many replicas
   * @integer
   */
  minimumReplicaSpread?: number;
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

/** The library's `value_within_range`: min_replicas <= minReplicas and maxReplicas <= max_replicas (as Rego orders values). */
function withinRange(range: unknown, minReplicas: unknown, maxReplicas: unknown): boolean {
  const low = field(range, "min_replicas");
  const high = field(range, "max_replicas");
  return low !== undefined && high !== undefined && regoLessOrEqual(low, minReplicas) && regoGreaterOrEqual(high, maxReplicas);
}

/** Whether `data.inventory.namespace[namespace][apiVersion][kind][name]` holds an object. */
function inInventory(inventory: Inventory, namespace: unknown, apiVersion: unknown, kind: unknown, name: unknown): boolean {
  if (typeof namespace !== "string" || typeof apiVersion !== "string" || typeof kind !== "string" || typeof name !== "string") {
    return false;
  }
  const found = field(field(field(field(field(inventory, "namespace"), namespace), apiVersion), kind), name);
  return found !== undefined && found !== false;
}

export function* violations(object: KubeObject, parameters: Parameters, inventory: Inventory, review: AdmissionReview): Generator<string> {
  if (review.kind?.kind !== "HorizontalPodAutoscaler") {
    return;
  }
  const kind: unknown = object.kind;
  const name: unknown = object.metadata?.name;
  const spec: unknown = object["spec"];
  const minReplicas = field(spec, "minReplicas");
  const maxReplicas = field(spec, "maxReplicas");
  const ranges: unknown = parameters.ranges;
  // Each message needs the values it prints: the library reports nothing when one is missing.
  const printable = kind !== undefined && name !== undefined && minReplicas !== undefined && maxReplicas !== undefined;

  if (printable && ranges !== undefined) {
    const allowed = Array.isArray(ranges) && ranges.some((range) => withinRange(range, minReplicas, maxReplicas));
    if (!allowed) {
      yield `The ${regoText(kind)} <${regoText(name)}> minReplicas ${regoText(minReplicas)} or maxReplicas ${regoText(maxReplicas)} is not allowed. Allowed ranges: ${rangesText(ranges)}`;
    }
  }

  const spread: unknown = parameters.minimumReplicaSpread;
  if (printable && typeof minReplicas === "number" && typeof maxReplicas === "number" && spread !== undefined) {
    const actual = maxReplicas - minReplicas;
    if (spread === false || !regoGreaterOrEqual(actual, spread)) {
      yield `The ${regoText(kind)} <${regoText(name)}> is configured with minReplicas ${minReplicas} and maxReplicas ${maxReplicas} which is a spread of ${actual} replica(s). The spread must be at least ${regoText(spread)} replica(s)`;
    }
  }

  const enforce: unknown = parameters.enforceScaleTargetRef;
  const target = field(spec, "scaleTargetRef");
  const targetKind = field(target, "kind");
  const targetName = field(target, "name");
  if (enforce !== undefined && enforce !== false && name !== undefined && targetKind !== undefined && targetName !== undefined) {
    if (!inInventory(inventory, object.metadata?.namespace, field(target, "apiVersion"), targetKind, targetName)) {
      yield `The HorizontalPodAutoscaler <${regoText(name)}> has a scaleTargetRef of <${regoText(targetKind)}/${regoText(targetName)}> but it does not exist. The scaleTargetRef for the HorizontalPodAutoscaler must exist`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "horizontal-pod-autoscaler",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: ["autoscaling"], kinds: ["HorizontalPodAutoscaler"] }] },
    parameters: {
      minimumReplicaSpread: 1,
      enforceScaleTargetRef: true,
      ranges: [{ min_replicas: 3, max_replicas: 6 }],
    },
  }),
];
