import { asArray, constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";
import { isExemptContainer } from "./lib/library.js";
import { containerLists, containerName, regoTruthy, securityContextField, shown } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPSeccomp",
  title: "Seccomp",
  description:
    "Controls the seccomp profile used by containers. Corresponds to the `seccomp.security.alpha.kubernetes.io/allowedProfileNames` annotation on a PodSecurityPolicy. For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#seccomp",
  version: "1.0.0",
});

/**
 * Controls the seccomp profile used by containers. Corresponds to the
 * `seccomp.security.alpha.kubernetes.io/allowedProfileNames` annotation on a PodSecurityPolicy.
 * For more information, see https://kubernetes.io/docs/concepts/policy/pod-security-policy/#seccomp
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
  /**
   * An array of allowed profile values for seccomp on Pods/Containers.
   *
   * Can use the annotation naming scheme: `runtime/default`, `docker/default`, `unconfined`
   * and/or `localhost/some-profile.json`. The item `localhost/*` will allow any localhost based
   * profile.
   *
   * Can also use the securityContext naming scheme: `RuntimeDefault`, `Unconfined` and/or
   * `Localhost`. For securityContext `Localhost`, use the parameter `allowedLocalhostProfiles` to
   * list the allowed profile JSON files.
   *
   * The policy code will translate between the two schemes so it is not necessary to use both.
   *
   * Putting a `*` in this array allows all Profiles to be used.
   *
   * This field is required since with an empty list this policy will block all workloads.
   */
  allowedProfiles?: string[];
  /**
   * When using securityContext naming scheme for seccomp and including `Localhost` this array
   * holds the allowed profile JSON files.
   *
   * Putting a `*` in this array will allows all JSON files to be used.
   *
   * This field is required to allow `Localhost` in securityContext as with an empty list it will
   * block.
   */
  allowedLocalhostFiles?: string[];
}

const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

/**
 * `profile` is in the library's allowed set: listed in allowedProfiles, or the translation of a
 * securityContext-scheme entry (one without `/`) for some allowed localhost file. (As the library,
 * the translation happens only when allowedLocalhostFiles is non-empty.)
 */
function inAllowedSet(profile: string, profiles: string[], files: string[]): boolean {
  const translated = profiles.some(
    (allowed) =>
      !allowed.includes("/") &&
      files.some(
        (file) =>
          (allowed === "RuntimeDefault" && (profile === "runtime/default" || profile === "docker/default")) ||
          (allowed === "Localhost" && profile === `localhost/${file}`) ||
          (allowed === "Unconfined" && profile === "unconfined"),
      ),
  );
  return profiles.includes(profile) || translated;
}

/** A profile is allowed: in the allowed set, or a localhost profile when `localhost/*` is. */
function profileAllowed(profile: unknown, profiles: string[], files: string[]): boolean {
  if (typeof profile !== "string") {
    return false;
  }
  return inAllowedSet(profile, profiles, files) || (profile.startsWith("localhost/") && inAllowedSet("localhost/*", profiles, files));
}

/** The translations of one securityContext-scheme entry, as quoted strings. */
function shownTranslations(allowed: string, files: string[]): string {
  if (allowed.includes("/") || files.length === 0) {
    return "";
  }
  if (allowed === "RuntimeDefault") {
    return `"runtime/default","docker/default"`;
  }
  if (allowed === "Localhost") {
    return `${files.map((file) => `"localhost/${file}"`)}`;
  }
  return allowed === "Unconfined" ? `"unconfined"` : "";
}

/**
 * The annotation-scheme name of a securityContext seccompProfile; undefined when it has no known
 * type. RuntimeDefault becomes `runtimeDefault`, the name the allowed profiles use for it.
 */
function canonicalProfile(seccompProfile: unknown, runtimeDefault: string): string | undefined {
  if (!isObject(seccompProfile)) {
    return undefined;
  }
  const type = seccompProfile["type"];
  const localhostProfile = seccompProfile["localhostProfile"];
  if (type === "RuntimeDefault") {
    return runtimeDefault;
  }
  if (type === "Localhost") {
    return localhostProfile === undefined ? undefined : `localhost/${shown(localhostProfile)}`;
  }
  return type === "Unconfined" ? "unconfined" : undefined;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const profiles = asArray(parameters.allowedProfiles);
  // `*` allows every profile.
  if (profiles.includes("*")) {
    return;
  }
  const files = asArray(parameters.allowedLocalhostFiles);
  const runtimeDefault = profiles.includes("runtime/default") ? "runtime/default" : profiles.includes("docker/default") ? "docker/default" : "runtime/default";
  const listed = `${profiles.map((allowed) => `"${allowed}"`)}`;
  // Only a securityContext-scheme entry (no "/") has translations: the others are left out before any call.
  const translatable = profiles.filter((allowed) => !allowed.includes("/"));
  const translated = `${translatable.map((allowed) => shownTranslations(allowed, files)).filter((text) => text !== "")}`;
  const shownAllowed = `{${listed}${listed !== "" && translated !== "" ? "," : ""}${translated}}`;
  const metadata: unknown = object.metadata;
  const annotations = isObject(metadata) ? metadata["annotations"] : undefined;
  const podAnnotation = isObject(annotations) ? annotations[POD_ANNOTATION] : undefined;
  const spec = object["spec"];
  const podSecurityContext = isObject(spec) ? spec["securityContext"] : undefined;
  const podProfile = isObject(podSecurityContext) ? podSecurityContext["seccompProfile"] : undefined;
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      if (name === undefined || !isObject(container) || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      const containerProfile = securityContextField(container, "seccompProfile");
      const rawName = container["name"];
      const annotationKey = typeof rawName === "string" ? `${CONTAINER_ANNOTATION_PREFIX}${rawName}` : undefined;
      const containerAnnotation = isObject(annotations) && annotationKey !== undefined ? annotations[annotationKey] : undefined;
      if (regoTruthy(containerProfile) || regoTruthy(podProfile)) {
        // A securityContext profile (the container's, else the pod's) takes precedence over annotations.
        const fromContainer = regoTruthy(containerProfile);
        const profile = canonicalProfile(fromContainer ? containerProfile : podProfile, runtimeDefault);
        if (profile !== undefined && !profileAllowed(profile, profiles, files)) {
          yield `Seccomp profile '${profile}' is not allowed for container '${name}'. Found at: ${fromContainer ? "container securityContext" : "pod securityContext"}. Allowed profiles: ${shownAllowed}`;
        }
        continue;
      }
      // The annotations are read by the container's name, which must be a string.
      if (annotationKey === undefined) {
        continue;
      }
      if (regoTruthy(containerAnnotation)) {
        if (!profileAllowed(containerAnnotation, profiles, files)) {
          yield `Seccomp profile '${shown(containerAnnotation)}' is not allowed for container '${name}'. Found at: annotation ${annotationKey}. Allowed profiles: ${shownAllowed}`;
        }
        continue;
      }
      if (podAnnotation !== undefined && !profileAllowed(podAnnotation, profiles, files)) {
        yield `Seccomp profile '${shown(podAnnotation)}' is not allowed for container '${name}'. Found at: annotation ${POD_ANNOTATION}. Allowed profiles: ${shownAllowed}`;
      }
      if (!regoTruthy(podAnnotation) && !profileAllowed("not configured", profiles, files)) {
        yield `Seccomp profile 'not configured' is not allowed for container '${name}'. Found at: no explicit profile found. Allowed profiles: ${shownAllowed}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-seccomp",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      exemptImages: ["nginx-exempt"],
      allowedProfiles: ["runtime/default", "localhost/profile.json"],
    },
  }),
];
