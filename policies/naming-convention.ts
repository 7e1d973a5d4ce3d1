import { constraint, defineTemplate, isValidRegex, regexMatches, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sNamingConvention",
  title: "Naming Convention",
  description:
    "Requires metadata.name to contain a match of a regular expression (RE2 syntax, unanchored: use ^ and $ to match the whole name) and to be no longer than a maximum length (63 characters by default).",
  version: "1.0.0",
});

/** Parameters of K8sNamingConvention. */
export interface Parameters {
  /**
   * An RE2 regular expression that metadata.name must contain a match of (unanchored: use
   * `^` and `$` to match the whole name), e.g. `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`.
   */
  pattern: string;
  /**
   * The maximum length of metadata.name in characters. Defaults to 63.
   * @integer
   */
  maxLength?: number;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const name: unknown = object.metadata?.name;
  const pattern = parameters.pattern;
  const maxLength = parameters.maxLength ?? 63;
  const patternIsValid = isValidRegex(pattern);
  if (!patternIsValid) {
    yield `parameter pattern "${pattern}" is invalid: it is not a valid RE2 regular expression`;
  }
  if (typeof name === "string") {
    if (patternIsValid && !regexMatches(pattern, name)) {
      yield `name "${name}" does not match the pattern "${pattern}"`;
    }
    if (name.length > maxLength) {
      yield `name "${name}" is ${name.length} characters long, more than the maximum of ${maxLength}`;
    }
  } else {
    yield "metadata.name is missing or is not a string";
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "dns-label-names",
    enforcementAction: "dryrun",
    match: {
      kinds: [
        { apiGroups: [""], kinds: ["Namespace", "Service", "ConfigMap"] },
        { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "DaemonSet"] },
      ],
    },
    parameters: {
      pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$",
      maxLength: 63,
    },
  }),
];
