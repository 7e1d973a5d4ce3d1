import { asArray, constraint, defineTemplate, isObject, regoEquals, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field, members } from "./lib/referential.js";

export const template = defineTemplate({
  kind: "NoUpdateServiceAccount",
  title: "Block updating Service Account",
  description:
    "Blocks updating the service account on resources that abstract over Pods. This policy is ignored in audit mode.",
  version: "1.0.0",
});

/** Parameters of NoUpdateServiceAccount. */
export interface Parameters {
  /** Groups that should be allowed to bypass the policy. */
  allowedGroups?: string[];
  /** Users that should be allowed to bypass the policy. */
  allowedUsers?: string[];
}

/** Kinds whose pod template is at `spec.template.spec`. */
const TEMPLATE_KINDS = ["ReplicationController", "ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job"];

/** The library's `get_service_account`: the pod's serviceAccountName, by the object's kind; undefined for other kinds. */
function serviceAccountName(obj: unknown): unknown {
  const kind = field(obj, "kind");
  const spec = field(obj, "spec");
  if (kind === "Pod") {
    return field(spec, "serviceAccountName");
  }
  if (kind === "CronJob") {
    return field(field(field(field(field(spec, "jobTemplate"), "spec"), "template"), "spec"), "serviceAccountName");
  }
  if (typeof kind === "string" && TEMPLATE_KINDS.includes(kind)) {
    return field(field(field(spec, "template"), "spec"), "serviceAccountName");
  }
  return undefined;
}

/** Rego's `not x` on a value: true when it is undefined or false. */
function absent(value: unknown): boolean {
  return value === undefined || value === false;
}

/** The library's `privileged`: the user is listed in allowedUsers, or one of its groups in allowedGroups. */
function privileged(userInfo: unknown, allowedUsers: string[], allowedGroups: string[]): boolean {
  if (!isObject(userInfo)) {
    return false;
  }
  const username = userInfo["username"] === undefined ? "" : userInfo["username"];
  const groups = userInfo["groups"];
  return (
    (typeof username === "string" && allowedUsers.includes(username)) ||
    members(groups).some((group) => typeof group === "string" && allowedGroups.includes(group))
  );
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // This policy only applies to updates of existing resources.
  if (review.operation !== "UPDATE") {
    return;
  }
  const newName = serviceAccountName(object);
  const oldName = serviceAccountName(review.oldObject);
  if (absent(newName)) {
    yield "missing serviceAccountName field in object under review";
  }
  if (absent(oldName)) {
    yield "missing serviceAccountName field in oldObject under review";
  }
  if (newName === undefined || oldName === undefined || regoEquals(oldName, newName)) {
    return;
  }
  const userInfo: unknown = review.userInfo;
  if (!privileged(userInfo, asArray(parameters.allowedUsers), asArray(parameters.allowedGroups))) {
    yield "user does not have permission to modify serviceAccountName";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "no-update-kube-system-service-account",
    enforcementAction: "dryrun",
    match: {
      namespaces: ["kube-system"],
      kinds: [
        { apiGroups: [""], kinds: ["ReplicationController"] },
        { apiGroups: ["apps"], kinds: ["ReplicaSet", "Deployment", "StatefulSet", "DaemonSet"] },
        { apiGroups: ["batch"], kinds: ["CronJob"] },
      ],
    },
    parameters: { allowedGroups: [], allowedUsers: [] },
  }),
];
