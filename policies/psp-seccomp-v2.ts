import { asArray, constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";
import { isExemptContainer } from "./lib/library.js";
import { containerLists, containerName, regoTruthy, securityContextField, shown } from "./lib/psp-containers.js";

export const template = defineTemplate({
  kind: "K8sPSPSeccompV2",
  title: "Seccomp V2",
  description:
    "Controls the seccomp profile used by containers. Corresponds to the `securityContext.seccompProfile` field. Security contexts from the annotation is not considered as Kubernetes no longer reads security contexts from the annotation.",
  version: "1.0.0",
});

/**
 * Controls the seccomp profile used by containers. Corresponds to the
 * `securityContext.seccompProfile` field. Security contexts from the annotation is not considered
 * as Kubernetes no longer reads security contexts from the annotation.
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
   * Can use the securityContext naming scheme: `RuntimeDefault`, `Unconfined` and/or
   * `Localhost`. For securityContext `Localhost`, use the parameter `allowedLocalhostFiles` to
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

/** The allowed localhost files: the parameter, or `[""]` when it is absent (as the library). */
function localhostFiles(parameters: Parameters): string[] {
  return parameters.allowedLocalhostFiles === undefined ? [""] : asArray(parameters.allowedLocalhostFiles);
}

/** A profile of type `profile` (with `file` for Localhost) is allowed by the parameters. */
function profileAllowed(profile: unknown, file: unknown, parameters: Parameters): boolean {
  const profiles = asArray(parameters.allowedProfiles);
  if (profile === "Localhost") {
    return asArray(parameters.allowedLocalhostFiles).includes("*") || (profiles.includes("Localhost") && typeof file === "string" && localhostFiles(parameters).includes(file));
  }
  return typeof profile === "string" && profiles.includes(profile);
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const profiles = asArray(parameters.allowedProfiles);
  // `*` allows every profile.
  if (profiles.includes("*")) {
    return;
  }
  const files = localhostFiles(parameters);
  // The allowed profiles as the library lists them: `{"type":...}`, or one entry per localhost
  // file (computed once, not per profile that prints them).
  const shownLocalhost = `${files.map((file) => `{"localHostProfile":"${file}","type":"Localhost"}`)}`;
  const shownAllowed = `{${profiles
    .filter((profile) => profile !== "Localhost" || files.length > 0)
    .map((profile) => (profile === "Localhost" ? shownLocalhost : `{"type":"${profile}"}`))}}`;
  const spec = object["spec"];
  const podSecurityContext = isObject(spec) ? spec["securityContext"] : undefined;
  const podProfile = isObject(podSecurityContext) ? podSecurityContext["seccompProfile"] : undefined;
  for (const list of containerLists(object)) {
    for (const container of list) {
      const name = containerName(container);
      if (name === undefined || isExemptContainer(container, parameters.exemptImages)) {
        continue;
      }
      // The container's seccompProfile takes precedence over the pod's.
      const containerProfile = securityContextField(container, "seccompProfile");
      const fromContainer = regoTruthy(containerProfile);
      const configured = fromContainer || regoTruthy(podProfile);
      const source = fromContainer ? containerProfile : podProfile;
      const location = fromContainer ? "container securityContext" : configured ? "pod securityContext" : "no explicit profile found";
      const type = isObject(source) ? source["type"] : undefined;
      // A profile without a type has no profile in the library: nothing is reported.
      if (configured && type === undefined) {
        continue;
      }
      const localhostProfile = isObject(source) ? source["localhostProfile"] : undefined;
      const profile = configured ? type : "not configured";
      const file = configured && localhostProfile !== undefined ? localhostProfile : "";
      if (profileAllowed(profile, file, parameters)) {
        continue;
      }
      if (profile === "Localhost") {
        yield `Seccomp profile 'Localhost' with file '${shown(file)}' is not allowed for container '${name}'. Found at: ${location}. Allowed profiles: ${shownAllowed}`;
      } else {
        yield `Seccomp profile '${shown(profile)}' is not allowed for container '${name}'. Found at: ${location}. Allowed profiles: ${shownAllowed}`;
      }
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-seccomp-baseline",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      exemptImages: ["nginx-exempt"],
      allowedProfiles: ["RuntimeDefault", "Localhost", "not configured"],
      allowedLocalhostFiles: ["*"],
    },
  }),
  constraint<Parameters>({
    name: "psp-seccomp-restricted",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      exemptImages: ["nginx-exempt"],
      allowedProfiles: ["RuntimeDefault", "Localhost"],
      allowedLocalhostFiles: ["*"],
    },
  }),
];
