// Kubernetes label selectors, as k8s.io/apimachinery implements them (metav1.LabelSelectorAsSelector,
// labels.NewRequirement, Requirement.Matches) and validates them (ValidateLabelSelector): the
// semantics of a Constraint's `labelSelector` and `namespaceSelector`.

export type Operator = "In" | "NotIn" | "Exists" | "DoesNotExist";

interface Requirement {
  readonly key: string;
  /** `Equals` is a matchLabels entry: the same as In with one value. */
  readonly operator: Operator | "Equals";
  readonly values: readonly string[];
}

/** A compiled selector. No requirements selects everything (`{}`, as Kubernetes does). */
export interface Selector {
  readonly requirements: readonly Requirement[];
}

export type Labels = Readonly<Record<string, string>>;

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** validation.IsQualifiedName (= IsLabelKey): `[prefix/]name`. Returns the problems, none when valid. */
export function labelKeyErrors(key: string): string[] {
  const parts = key.split("/");
  let name: string;
  const errors: string[] = [];
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errors.push("prefix part must be non-empty");
    else if (prefix.length > 253) errors.push("prefix part must be no more than 253 characters");
    else if (!DNS1123_SUBDOMAIN.test(prefix)) errors.push("prefix part must be a lowercase RFC 1123 subdomain");
  } else {
    return ["a qualified name must be 'name' or 'prefix/name'"];
  }
  if (name.length === 0) errors.push("name part must be non-empty");
  else if (name.length > 63) errors.push("name part must be no more than 63 characters");
  else if (!QUALIFIED_NAME.test(name)) errors.push("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  return errors;
}

/** validation.IsValidLabelValue: empty, or up to 63 characters of the qualified-name alphabet. */
export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push("must be no more than 63 characters");
  if (!LABEL_VALUE.test(value)) errors.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
  return errors;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Compiles `value` (a LabelSelector as decoded from JSON/YAML) or returns every problem, each
 * prefixed with its field path under `path` (e.g. `spec.match.labelSelector`).
 */
export function compileSelector(value: unknown, path: string): { readonly selector: Selector } | { readonly errors: string[] } {
  const errors: string[] = [];
  const requirements: Requirement[] = [];
  if (!isRecord(value)) return { errors: [`${path} must be an object`] };
  const matchLabels = value["matchLabels"];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) {
      errors.push(`${path}.matchLabels must be an object of strings`);
    } else {
      for (const [key, labelValue] of Object.entries(matchLabels)) {
        const where = `${path}.matchLabels[${JSON.stringify(key)}]`;
        if (typeof labelValue !== "string") {
          errors.push(`${where} must be a string`);
          continue;
        }
        for (const problem of labelKeyErrors(key)) errors.push(`${where}: invalid label key: ${problem}`);
        for (const problem of labelValueErrors(labelValue)) errors.push(`${where}: invalid label value ${JSON.stringify(labelValue)}: ${problem}`);
        requirements.push({ key, operator: "Equals", values: [labelValue] });
      }
    }
  }
  const expressions = value["matchExpressions"];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) {
      errors.push(`${path}.matchExpressions must be a list`);
    } else {
      expressions.forEach((expression: unknown, index) => {
        const where = `${path}.matchExpressions[${index}]`;
        if (!isRecord(expression)) {
          errors.push(`${where} must be an object with key and operator`);
          return;
        }
        const { key, operator } = expression;
        const rawValues = expression["values"] ?? [];
        if (typeof key !== "string") errors.push(`${where}.key must be a string`);
        if (typeof operator !== "string") errors.push(`${where}.operator must be a string`);
        if (!Array.isArray(rawValues) || !rawValues.every((v) => typeof v === "string")) errors.push(`${where}.values must be a list of strings`);
        if (typeof key !== "string" || typeof operator !== "string" || !Array.isArray(rawValues)) return;
        const values = rawValues.filter((v): v is string => typeof v === "string");
        for (const problem of labelKeyErrors(key)) errors.push(`${where}.key: invalid label key ${JSON.stringify(key)}: ${problem}`);
        switch (operator) {
          case "In":
          case "NotIn":
            if (values.length === 0) errors.push(`${where}.values: must be specified when operator is In or NotIn`);
            break;
          case "Exists":
          case "DoesNotExist":
            if (values.length > 0) errors.push(`${where}.values: may not be specified when operator is Exists or DoesNotExist`);
            break;
          default:
            errors.push(`${where}.operator: ${JSON.stringify(operator)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)`);
            return;
        }
        for (const v of values) for (const problem of labelValueErrors(v)) errors.push(`${where}.values: invalid label value ${JSON.stringify(v)}: ${problem}`);
        requirements.push({ key, operator, values });
      });
    }
  }
  return errors.length ? { errors } : { selector: { requirements } };
}

/** labels.Selector.Matches: every requirement holds (so an empty selector matches everything). */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  for (const requirement of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, requirement.key);
    const value = has ? labels[requirement.key] : undefined;
    switch (requirement.operator) {
      case "Equals":
      case "In":
        if (!has || !requirement.values.includes(value as string)) return false;
        break;
      case "NotIn":
        if (has && requirement.values.includes(value as string)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
    }
  }
  return true;
}
