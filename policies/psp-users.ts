import { asArray, constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, jsonMember, jsonText, securityContextField, shown } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPAllowedUsers",
  title: "Allowed Users",
  description:
    "Controls the user and group IDs of the container and some volumes. Corresponds to the `runAsUser`, `runAsGroup`, `supplementalGroups`, and `fsGroup` fields in a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#users-and-groups",
  version: "1.0.0",
});

/** The range of user IDs affected by the rule. */
export interface UserRange {
  /**
   * The minimum user ID in the range, inclusive.
   * @integer
   */
  min?: number;
  /**
   * The maximum user ID in the range, inclusive.
   * @integer
   */
  max?: number;
}

/** The range of group IDs affected by the rule. */
export interface GroupRange {
  /**
   * The minimum group ID in the range, inclusive.
   * @integer
   */
  min?: number;
  /**
   * The maximum group ID in the range, inclusive.
   * @integer
   */
  max?: number;
}

/** Controls which user ID values are allowed in a Pod or container-level SecurityContext. */
export interface RunAsUser {
  /** A strategy for applying the runAsUser restriction. */
  rule?: "MustRunAs" | "MustRunAsNonRoot" | "RunAsAny";
  /** A list of user ID ranges affected by the rule. */
  ranges?: UserRange[];
}

/** Controls the runAsGroup values that are allowed. */
export interface RunAsGroup {
  /** A strategy for applying the runAsGroup restriction. */
  rule?: "MustRunAs" | "MayRunAs" | "RunAsAny";
  /** A list of group ID ranges affected by the rule. */
  ranges?: GroupRange[];
}

/** Controls the supplementalGroups values that are allowed. */
export interface SupplementalGroups {
  /** A strategy for applying the supplementalGroups restriction. */
  rule?: "MustRunAs" | "MayRunAs" | "RunAsAny";
  /** A list of group ID ranges affected by the rule. */
  ranges?: GroupRange[];
}

/** Controls the fsGroup values that are allowed. */
export interface FsGroup {
  /** A strategy for applying the fsGroup restriction. */
  rule?: "MustRunAs" | "MayRunAs" | "RunAsAny";
  /** A list of group ID ranges affected by the rule. */
  ranges?: GroupRange[];
}

/** Any of the group rules (they have the same shape). */
export type GroupRule = RunAsGroup | SupplementalGroups | FsGroup;

/**
 * Controls the user and group IDs of the container and some volumes. Corresponds to the
 * `runAsUser`, `runAsGroup`, `supplementalGroups`, and `fsGroup` fields in a
 * PodSecurityPolicy. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#users-and-groups
 */
export interface Parameters {
  /**
   * Any container that uses an image that matches an entry in this list will be excluded from
   * enforcement. Prefix-matching can be signified with `*`. For example: `my-image-*`.
   *
   * It is recommended that users use the fully-qualified Docker image name (e.g. start with a
   * domain name) in order to avoid unexpectedly exempting images from an untrusted repository.
   */
  exemptImages?: string[];
  /** Controls which user ID values are allowed in a Pod or container-level SecurityContext. */
  runAsUser?: RunAsUser;
  /** Controls which group ID values are allowed in a Pod or container-level SecurityContext. */
  runAsGroup?: RunAsGroup;
  /** Controls the supplementalGroups values that are allowed in a Pod or container-level SecurityContext. */
  supplementalGroups?: SupplementalGroups;
  /** Controls the fsGroup values that are allowed in a Pod or container-level SecurityContext. */
  fsGroup?: FsGroup;
}

const GROUP_FIELDS = ["runAsGroup", "supplementalGroups", "fsGroup"];

/**
 * The container's `securityContext[field]` when it sets the field (to anything, even false);
 * otherwise, when the request is for a Pod, the pod's `spec.securityContext[field]`.
 */
function fieldValue(field: string, container: unknown, object: KubeObject, review: AdmissionReview): unknown {
  const own = securityContextField(container, field);
  if (own !== undefined || review.kind?.kind !== "Pod") {
    return own;
  }
  const spec = object["spec"];
  const podSecurityContext = isObject(spec) ? spec["securityContext"] : undefined;
  return isObject(podSecurityContext) ? podSecurityContext[field] : undefined;
}

/** The library's `not value`: the value is unset or false. */
function unset(value: unknown): boolean {
  return value === undefined || value === false;
}

/** Some range has numeric bounds with min <= value <= max (values that are not numbers never are). */
function inRange(value: unknown, ranges: unknown): boolean {
  return asArray(ranges).some(
    (range) =>
      isObject(range) &&
      typeof value === "number" &&
      typeof range["min"] === "number" &&
      typeof range["max"] === "number" &&
      value >= range["min"] &&
      value <= range["max"],
  );
}

/** One range as JSON, as the messages print it. */
function shownRange(range: unknown): string {
  if (!isObject(range)) {
    return shown(range);
  }
  return `{${jsonMember(jsonMember("", "max", jsonText(range["max"])), "min", jsonText(range["min"]))}}`;
}

/** A rule's parameters as JSON, as the messages print them. */
function shownRule(rule: unknown): string {
  if (!isObject(rule)) {
    return shown(rule);
  }
  const ranges = rule["ranges"];
  const rangesText = Array.isArray(ranges) ? `[${ranges.map((range) => shownRange(range))}]` : jsonText(ranges);
  return `{${jsonMember(jsonMember("", "ranges", rangesText), "rule", jsonText(rule["rule"]))}}`;
}

/** A user ID is accepted by the runAsUser rule. */
function acceptsUser(rule: unknown, user: unknown, ranges: unknown): boolean {
  if (rule === "RunAsAny") {
    return true;
  }
  if (rule === "MustRunAsNonRoot") {
    return user !== 0;
  }
  return rule === "MustRunAs" && inRange(user, ranges);
}

/** A group ID is accepted by a group rule (ranges are defined). */
function acceptsGroup(rule: unknown, group: unknown, ranges: unknown): boolean {
  if (rule === "RunAsAny") {
    return true;
  }
  return (rule === "MayRunAs" || rule === "MustRunAs") && inRange(group, ranges);
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // runAsUser, runAsGroup, supplementalGroups and fsGroup are immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  const userParameters: unknown = parameters.runAsUser;
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      if (name === undefined || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      if (isObject(userParameters)) {
        const rule = userParameters["rule"];
        const user = fieldValue("runAsUser", container, object, review);
        if (rule !== undefined && user !== undefined && !acceptsUser(rule, user, userParameters["ranges"])) {
          yield `Container ${name} is attempting to run as disallowed user ${shown(user)}. Allowed runAsUser: ${shownRule(userParameters)}`;
        }
        if (unset(user) && rule === "MustRunAs") {
          yield `Container ${name} is attempting to run without a required securityContext/runAsUser`;
        }
        if (unset(user) && rule === "MustRunAsNonRoot" && unset(fieldValue("runAsNonRoot", container, object, review))) {
          yield `Container ${name} is attempting to run without a required securityContext/runAsNonRoot or securityContext/runAsUser != 0`;
        }
      }
      for (const field of GROUP_FIELDS) {
        const groupParameters: unknown = field === "runAsGroup" ? parameters.runAsGroup : field === "supplementalGroups" ? parameters.supplementalGroups : parameters.fsGroup;
        if (!isObject(groupParameters)) {
          continue;
        }
        const rule = groupParameters["rule"];
        const ranges = groupParameters["ranges"];
        const value = fieldValue(field, container, object, review);
        // Without ranges the library's range check is undefined and nothing is reported.
        if (rule !== undefined && ranges !== undefined && value !== undefined) {
          if (Array.isArray(value)) {
            if (value.some((group) => !acceptsGroup(rule, group, ranges))) {
              yield `Container ${name} is attempting to run with disallowed supplementalGroups [${value.map((group) => shown(group))}]. Allowed ${field}: ${shownRule(groupParameters)}`;
            }
          } else if (!acceptsGroup(rule, value, ranges)) {
            yield `Container ${name} is attempting to run as disallowed group ${shown(value)}. Allowed ${field}: ${shownRule(groupParameters)}`;
          }
        }
        if (unset(value) && rule === "MustRunAs") {
          yield `Container ${name} is attempting to run without a required securityContext/${field}. Allowed ${field}: ${shownRule(groupParameters)}`;
        }
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-pods-allowed-user-ranges",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      runAsUser: { rule: "MustRunAsNonRoot" },
      runAsGroup: { rule: "RunAsAny" },
      supplementalGroups: { rule: "RunAsAny" },
      fsGroup: { rule: "RunAsAny" },
    },
  }),
];
