import { asArray, constraint, defineTemplate, isObject, isValidRegex, regexMatches, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sRequiredLabels",
  title: "Required Labels",
  description:
    "Requires objects to carry the listed labels. A label may also be required to have a value matching a regular expression (RE2 syntax, unanchored: use ^ and $ to match the whole value).",
  version: "1.0.0",
});

/** Parameters of K8sRequiredLabels. */
export interface Parameters {
  /** The labels every matched object must carry. */
  labels: {
    /** The label key, e.g. `owner` or `app.kubernetes.io/name`. */
    key: string;
    /**
     * When set and non-empty, the label value must contain a match of this RE2 regular
     * expression (unanchored: use `^` and `$` to match the whole value).
     */
    allowedRegex?: string;
  }[];
  /** A custom violation message that replaces the default ones for missing labels and non-matching values. */
  message?: string;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const labels: unknown = object.metadata?.labels;
  const custom = parameters.message ?? "";
  for (const required of asArray(parameters.labels)) {
    const key = required.key;
    const regex = required.allowedRegex ?? "";
    if (regex !== "" && !isValidRegex(regex)) {
      yield `label "${key}" has an invalid allowedRegex "${regex}": it is not a valid RE2 regular expression`;
    }
    const value: unknown = isObject(labels) ? labels[key] : undefined;
    if (typeof value === "string") {
      if (regex !== "" && isValidRegex(regex) && !regexMatches(regex, value)) {
        yield custom !== "" ? custom : `label "${key}" has value "${value}" which does not match regex "${regex}"`;
      }
    } else {
      yield custom !== "" ? custom : `missing required label "${key}"`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "namespaces-must-have-owner",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] },
    parameters: {
      labels: [{ key: "owner", allowedRegex: "^[a-z][a-z0-9-]*$" }],
    },
  }),
  // The gatekeeper-library's sample Constraints (out/bundles/gatekeeper-library.yaml).
  constraint<Parameters>({
    name: "all-must-have-owner",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] },
    parameters: {
      message: "All namespaces must have an `owner` label that points to your company username",
      labels: [{ key: "owner", allowedRegex: "^[a-zA-Z]+.agilebank.demo$" }],
    },
  }),
  constraint<Parameters>({
    name: "must-have-pizza",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: { message: "All pods must have label of key `pizza` regardless of the label's value", labels: [{ key: "pizza" }] },
  }),
];
