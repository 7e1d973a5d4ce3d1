// Pod spec helpers: find the PodSpec inside a Pod or a pod controller, and list its containers.
// Exact Rego counterparts: gkc_pod_spec, gkc_all_containers, gkc_containers_and_init_containers
// (compiler/emit/rego/sdk-functions.ts).
import type { Container, PodSpec } from "kubernetes-types/core/v1.js";
import { isObject } from "./guards.js";

/** The kinds whose objects carry a PodSpec, with their API groups ("" is the core group). */
export const POD_CONTROLLER_KINDS: readonly { readonly apiGroup: string; readonly kind: string }[] = Object.freeze([
  { apiGroup: "", kind: "Pod" },
  { apiGroup: "apps", kind: "Deployment" },
  { apiGroup: "apps", kind: "StatefulSet" },
  { apiGroup: "apps", kind: "DaemonSet" },
  { apiGroup: "apps", kind: "ReplicaSet" },
  { apiGroup: "batch", kind: "Job" },
  { apiGroup: "batch", kind: "CronJob" },
]);

const TEMPLATE_KINDS: ReadonlySet<string> = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

/** `value[key]` when `value` is a JSON object that has `key` as its own property. */
function field(value: unknown, key: string): unknown {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

function path(value: unknown, keys: readonly string[]): unknown {
  let current = value;
  for (const key of keys) current = field(current, key);
  return current;
}

/**
 * The PodSpec of a Pod (`spec`), of a Deployment, StatefulSet, DaemonSet, ReplicaSet or Job
 * (`spec.template.spec`), or of a CronJob (`spec.jobTemplate.spec.template.spec`).
 * Undefined for any other kind, or when that value is not a JSON object.
 */
export function podSpec(obj: unknown): PodSpec | undefined {
  const kind = field(obj, "kind");
  let spec: unknown;
  if (kind === "Pod") spec = field(obj, "spec");
  else if (typeof kind === "string" && TEMPLATE_KINDS.has(kind)) spec = path(obj, ["spec", "template", "spec"]);
  else if (kind === "CronJob") spec = path(obj, ["spec", "jobTemplate", "spec", "template", "spec"]);
  return isObject(spec) ? (spec as unknown as PodSpec) : undefined;
}

function containerList(spec: PodSpec | undefined, key: string): Container[] {
  const list = field(spec, key);
  return Array.isArray(list) ? (list.filter(isObject) as unknown as Container[]) : [];
}

/**
 * `containers`, then `initContainers`, then `ephemeralContainers` of {@link podSpec}(obj), in that
 * order. A list that is not an array is skipped; only elements that are JSON objects are kept.
 * Ephemeral containers are typed as Container here (they share its fields that policies check).
 */
export function allContainers(obj: unknown): Container[] {
  const spec = podSpec(obj);
  return [
    ...containerList(spec, "containers"),
    ...containerList(spec, "initContainers"),
    ...containerList(spec, "ephemeralContainers"),
  ];
}

/** Like {@link allContainers} without the ephemeral containers. */
export function containersAndInitContainers(obj: unknown): Container[] {
  const spec = podSpec(obj);
  return [...containerList(spec, "containers"), ...containerList(spec, "initContainers")];
}
