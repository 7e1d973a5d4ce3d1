import { constraint, defineTemplate, regexMatches, type KubeObject } from "gkc/sdk";
import { field, members, ownField, printed, quoted } from "./lib/general.js";

export const template = defineTemplate({
  kind: "K8sRequiredAnnotations",
  title: "Required Annotations",
  description: "Requires resources to contain specified annotations, with values matching provided regular expressions.",
  version: "1.0.0",
});

/** Parameters of K8sRequiredAnnotations. */
export interface Parameters {
  /**
   * Accepted for compatibility with the library's schema. As in the library's template, it does
   * not change the messages.
   */
  message?: string;
  /** A list of annotations and values the object must specify. */
  annotations?: {
    /** The required annotation. */
    key?: string;
    /**
     * If specified, a regular expression the annotation's value must match. The value must
     * contain at least one match for the regular expression.
     */
    allowedRegex?: string;
  }[];
}

/** The library's `provided` set: the annotation is present with any value but false. */
function isProvided(annotations: unknown, key: unknown): boolean {
  if (typeof key !== "string") {
    return false;
  }
  const value = ownField(annotations, key);
  return value !== undefined && value !== false;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const annotations = field(object.metadata, "annotations");
  const required = members(parameters.annotations).map((expected) => field(expected, "key"));
  const missing = required.filter((key) => key !== undefined && !isProvided(annotations, key));
  if (missing.length > 0) {
    // The library prints the set of missing keys, e.g. {"a8r.io/owner", "a8r.io/runbook"}; here
    // they are listed in the parameters' order, comma-separated.
    yield `you must provide annotation(s): {${missing.map((key) => quoted(key))}}`;
  }
  for (const expected of members(parameters.annotations)) {
    const key = field(expected, "key");
    const regex = field(expected, "allowedRegex");
    if (typeof key !== "string" || regex === undefined || regex === "") {
      continue;
    }
    const value = ownField(annotations, key);
    if (value === undefined) {
      continue;
    }
    // An invalid regex or a value that is not a string makes the library's regex.match fail,
    // which it reports like a value that does not match.
    if (!(typeof value === "string" && typeof regex === "string" && regexMatches(regex, value))) {
      yield `Annotation <${key}: ${printed(value)}> does not satisfy allowed regex: ${printed(regex)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "all-must-have-certain-set-of-annotations",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }] },
    parameters: {
      message: "All services must have a `a8r.io/owner` and `a8r.io/runbook` annotations.",
      annotations: [
        // Matches email address or github user
        { key: "a8r.io/owner", allowedRegex: "^([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,6}|[a-z]{1,39})$" },
        // Matches urls including or not http/https
        {
          key: "a8r.io/runbook",
          allowedRegex: "^(http:\\/\\/www\\.|https:\\/\\/www\\.|http:\\/\\/|https:\\/\\/)?[a-z0-9]+([\\-\\.]{1}[a-z0-9]+)*\\.[a-z]{2,5}(:[0-9]{1,5})?(\\/.*)?$",
        },
      ],
    },
  }),
];
