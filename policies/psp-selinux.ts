import { asArray, constraint, defineTemplate, isObject, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { field } from "./lib/general.js";
import { isExemptContainer, isUpdate } from "./lib/library.js";
import { containerLists, containerName, objectName, regoTruthy, securityContextField, shown } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPSELinuxV2",
  title: "SELinux V2",
  description:
    "Defines an allow-list of seLinuxOptions configurations for pod containers. Corresponds to a PodSecurityPolicy requiring SELinux configs. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#selinux",
  version: "1.0.0",
});

/** An allowed configuration of SELinux options for a pod container. */
export interface SELinuxOptions {
  /** An SELinux level. */
  level?: string;
  /** An SELinux role. */
  role?: string;
  /** An SELinux type. */
  type?: string;
  /** An SELinux user. */
  user?: string;
}

/**
 * Defines an allow-list of seLinuxOptions configurations for pod containers. Corresponds to a
 * PodSecurityPolicy requiring SELinux configs. For more information, see
 * https://kubernetes.io/docs/concepts/policy/pod-security-policy/#selinux
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
  /** An allow-list of SELinux options configurations. */
  allowedSELinuxOptions?: SELinuxOptions[];
}

/** The library's `has_field`: `object[field]` is set to anything but false. */
function hasField(object: unknown, field: string): boolean {
  return isObject(object) && regoTruthy(object[field]);
}

/** One field of the options is unset (or false), or equals the allowed configuration's, a string. */
function fieldAllowed(value: unknown, allowedValue: unknown): boolean {
  return !regoTruthy(value) || (typeof allowedValue === "string" && value === allowedValue);
}

/**
 * Some allowed configuration matches every field the options set. The fields are read by name
 * (`field(options, "level")`), so each is a member read rather than a lookup by a computed key.
 */
function optionsAllowed(options: unknown, allowedOptions: unknown): boolean {
  return asArray(allowedOptions).some(
    (allowed) =>
      fieldAllowed(field(options, "level"), field(allowed, "level")) &&
      fieldAllowed(field(options, "role"), field(allowed, "role")) &&
      fieldAllowed(field(options, "type"), field(allowed, "type")) &&
      fieldAllowed(field(options, "user"), field(allowed, "user")),
  );
}

/** The fields of an allowed configuration, in key order. */
const OPTION_FIELDS = ["level", "role", "type", "user"];

/** One allowed configuration as JSON: `"field":"value"` for each field it sets, comma-separated, in key order. */
function shownOptions(allowed: unknown): string {
  if (!isObject(allowed)) {
    return shown(allowed);
  }
  const entries = OPTION_FIELDS.filter((field) => allowed[field] !== undefined).map((field) => `"${field}":"${shown(allowed[field])}"`);
  return `{${entries.join(",")}}`;
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // seLinuxOptions are immutable: UPDATEs are not checked.
  if (isUpdate(review)) {
    return;
  }
  const allowedOptions = parameters.allowedSELinuxOptions;
  const podName = objectName(object);
  // As the library: without the parameter (or a pod name) there is no message, hence no violation.
  if (allowedOptions === undefined || podName === undefined) {
    return;
  }
  const shownAllowed = `[${asArray(allowedOptions).map((allowed) => shownOptions(allowed))}]`;
  const spec = object["spec"];
  const podSecurityContext = isObject(spec) ? spec["securityContext"] : undefined;
  if (hasField(podSecurityContext, "seLinuxOptions") && isObject(podSecurityContext) && !optionsAllowed(podSecurityContext["seLinuxOptions"], allowedOptions)) {
    yield `SELinux options is not allowed, pod: ${podName}. Allowed options: ${shownAllowed}`;
  }
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      const options = securityContextField(container, "seLinuxOptions");
      if (name === undefined || !regoTruthy(options) || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      if (!optionsAllowed(options, allowedOptions)) {
        yield `SELinux options is not allowed, pod: ${podName}, container: ${name}. Allowed options: ${shownAllowed}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-selinux-v2",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      allowedSELinuxOptions: [{ type: "container_t" }, { type: "container_init_t" }, { type: "container_kvm_t" }, { type: "container_engine_t" }],
    },
  }),
];
