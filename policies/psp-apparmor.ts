import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";
import { isExemptContainer } from "./lib/library.js";
import { elements, field, listText, sameScalar, shown, specContainers } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPAppArmor",
  title: "App Armor",
  description:
    "Configures an allow-list of AppArmor profiles for use by containers. This corresponds to specific annotations applied to a PodSecurityPolicy. For information on AppArmor, see https://kubernetes.io/docs/tutorials/clusters/apparmor/",
  version: "1.0.0",
});

/**
 * Configures an allow-list of AppArmor profiles for use by containers. This corresponds to
 * specific annotations applied to a PodSecurityPolicy. For information on AppArmor, see
 * https://kubernetes.io/docs/tutorials/clusters/apparmor/
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
  /** An array of AppArmor profiles. Examples: `runtime/default`, `unconfined`. */
  allowedProfiles?: string[];
}

/** `securityContext.appArmorProfile` of a container or pod spec, null when absent (as `object.get(..., null)`). */
function appArmorProfileOf(owner: unknown): unknown {
  const profile = field(field(owner, "securityContext"), "appArmorProfile");
  return profile === undefined ? null : profile;
}

/** An appArmorProfile field as an annotation value: `runtime/default` when null; undefined when unknown. */
function canonical(profile: unknown): string | undefined {
  if (profile === null) {
    return "runtime/default";
  }
  const type = field(profile, "type");
  const localhostProfile = field(profile, "localhostProfile");
  if (type === "RuntimeDefault") {
    return "runtime/default";
  }
  if (type === "Unconfined") {
    return "unconfined";
  }
  if (type === "Localhost" && typeof localhostProfile === "string") {
    return `localhost/${localhostProfile}`;
  }
  return undefined;
}

/**
 * The container's effective profile: its own appArmorProfile field, else the deprecated
 * `container.apparmor.security.beta.kubernetes.io/<name>` annotation, else the pod's field.
 */
function effectiveProfile(object: KubeObject, container: unknown, name: unknown): unknown {
  const own = appArmorProfileOf(container);
  if (own !== null) {
    return canonical(own);
  }
  const annotation = field(field(object, "metadata"), "annotations");
  const annotated = field(annotation, `container.apparmor.security.beta.kubernetes.io/${shown(name)}`);
  if (annotated !== undefined) {
    return annotated;
  }
  return canonical(appArmorProfileOf(field(object, "spec")));
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const allowedProfiles: unknown = parameters.allowedProfiles;
  const podName: unknown = object.metadata?.name;
  // The library's message prints allowedProfiles and metadata.name: without either nothing is reported.
  if (allowedProfiles === undefined || podName === undefined) {
    return;
  }
  const allowed = elements(allowedProfiles);
  for (const containers of specContainers(object)) {
    for (const container of containers) {
      const name = field(container, "name");
      if (isExemptContainer(container, parameters.exemptImages) || name === undefined) {
        continue;
      }
      const profile = effectiveProfile(object, container, name);
      if (profile === undefined || !allowed.some((entry) => sameScalar(entry, profile))) {
        yield `AppArmor profile is not allowed, pod: ${shown(podName)}, container: ${shown(name)}. Allowed profiles: ${listText(allowedProfiles)}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-apparmor",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { allowedProfiles: ["runtime/default", "localhost/*"] },
  }),
];
