import { constraint, defineTemplate, isObject, namespacedObjects, regoEquals, regoGreater, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, regoText } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "K8sPodDisruptionBudget",
  title: "Pod Disruption Budget",
  description:
    "Disallow the following scenarios when deploying PodDisruptionBudgets or resources that implement the replica subresource (e.g. Deployment, ReplicationController, ReplicaSet, StatefulSet): 1. Deployment of PodDisruptionBudgets with .spec.maxUnavailable == 0 2. Deployment of PodDisruptionBudgets with .spec.minAvailable == .spec.replicas of the resource with replica subresource This will prevent PodDisruptionBudgets from blocking voluntary disruptions such as node draining. https://kubernetes.io/docs/concepts/workloads/pods/disruptions/",
  version: "1.0.0",
  syncs: [{ group: "policy", version: "v1", kind: "PodDisruptionBudget" }],
});

/** K8sPodDisruptionBudget takes no parameters. */
export interface Parameters {}

/**
 * The library's `valid_pdb_max_unavailable`: maxUnavailable (1 when absent) is above 0, as Rego
 * orders values (a string such as "50%" is above every number). A PDB without a spec object is
 * not valid.
 */
function validMaxUnavailable(pdb: unknown): boolean {
  const spec = field(pdb, "spec");
  if (!isObject(spec)) {
    return false;
  }
  const maxUnavailable = spec["maxUnavailable"] === undefined ? 1 : spec["maxUnavailable"];
  return regoGreater(maxUnavailable, 0);
}

/** The matchLabels of an object's `spec.selector`. */
function matchLabels(obj: unknown): unknown {
  return field(field(field(obj, "spec"), "selector"), "matchLabels");
}

/**
 * The library's selection test: every (label, value) pair of the PDB's matchLabels is also one of
 * the object's. A PDB without matchLabels selects every object of its namespace.
 */
function selects(pdb: unknown, obj: unknown): boolean {
  const wanted = matchLabels(pdb);
  const have = matchLabels(obj);
  if (isObject(wanted)) {
    if (!isObject(have)) return Object.keys(wanted).length === 0;
    // The library compares the values with Rego's ==.
    return Object.keys(wanted).every((label) => regoEquals(wanted[label], have[label]));
  }
  if (Array.isArray(wanted)) {
    return wanted.length === 0;
  }
  return true;
}

export function* violations(object: KubeObject, _parameters: Parameters, inventory: Inventory, review: AdmissionReview): Generator<string> {
  const name: unknown = object.metadata?.name;
  if (review.kind?.kind === "PodDisruptionBudget" && name !== undefined && !validMaxUnavailable(object)) {
    yield `PodDisruptionBudget <${regoText(name)}> has maxUnavailable of 0, only positive integers are allowed for maxUnavailable`;
  }
  const namespace: unknown = object.metadata?.namespace;
  const kind: unknown = object.kind;
  if (typeof namespace !== "string" || kind === undefined || name === undefined) {
    return;
  }
  const replicas = field(object["spec"], "replicas");
  for (const pdb of namespacedObjects(inventory, namespace, "policy/v1", "PodDisruptionBudget")) {
    const pdbName: unknown = pdb.metadata?.name;
    if (pdbName === undefined || !selects(pdb, object)) {
      continue;
    }
    if (!validMaxUnavailable(pdb)) {
      yield `${regoText(kind)} <${regoText(name)}> has been selected by PodDisruptionBudget <${regoText(pdbName)}> but has maxUnavailable of 0, only positive integers are allowed for maxUnavailable`;
    }
    const minAvailable = field(pdb["spec"], "minAvailable");
    if (replicas !== undefined && minAvailable !== undefined && !regoGreater(replicas, minAvailable)) {
      yield `${regoText(kind)} <${regoText(name)}> has ${regoText(replicas)} replica(s) but PodDisruptionBudget <${regoText(pdbName)}> has minAvailable of ${regoText(minAvailable)}, PodDisruptionBudget count should always be lower than replica(s), and not used when replica(s) is set to 1`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "pod-distruption-budget",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet"] },
        { apiGroups: ["policy"], kinds: ["PodDisruptionBudget"] },
        { apiGroups: [""], kinds: ["ReplicationController"] },
      ],
    },
    parameters: {},
  }),
];
