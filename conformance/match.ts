// Gatekeeper's constraint `match` (v3.23.0 pkg/mutation/match/match.go and pkg/target/matcher.go)
// for one reviewed object: kinds, scope, namespaces, excludedNamespaces, labelSelector,
// namespaceSelector, name, source. gator reviews objects as "Original" and knows a namespace only
// if a Namespace object was loaded as inventory.

export class MatchError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function metadataString(object: Record<string, unknown>, key: string): string {
  const metadata = object["metadata"];
  const value = isRecord(metadata) ? metadata[key] : undefined;
  return typeof value === "string" ? value : "";
}

/** unstructured.GetLabels: the labels when every value is a string, otherwise none. */
function labelsOf(object: Record<string, unknown>): Record<string, string> {
  const metadata = object["metadata"];
  const labels = isRecord(metadata) ? metadata["labels"] : undefined;
  if (!isRecord(labels) || !Object.values(labels).every((v) => typeof v === "string")) return {};
  return labels as Record<string, string>;
}

/** schema.ParseGroupVersion: "v1" → core group; more than one slash is invalid (empty group and version). */
export function groupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== "string") return "";
  const parts = apiVersion.split("/");
  return parts.length === 2 ? parts[0]! : "";
}

export function isNamespace(object: Record<string, unknown>): boolean {
  return object["kind"] === "Namespace" && groupOf(object["apiVersion"]) === "";
}

/** Gatekeeper's wildcard: `*x*` contains, `*x` suffix, `x*` prefix, otherwise equal. */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  if (pattern.startsWith("*") && pattern.endsWith("*")) return candidate.includes(pattern.replace(/^\*/, "").replace(/\*$/, ""));
  if (pattern.startsWith("*")) return candidate.endsWith(pattern.slice(1));
  if (pattern.endsWith("*")) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

function generateNameMatches(pattern: string, candidate: string): boolean {
  if (pattern.startsWith("*") && pattern.endsWith("*")) return candidate.includes(pattern.replace(/^\*/, "").replace(/\*$/, ""));
  if (pattern.endsWith("*")) return candidate.startsWith(pattern.slice(0, -1));
  return false;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** metav1.LabelSelectorAsSelector + Matches. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  if (!isRecord(selector)) return true;
  const matchLabels = isRecord(selector["matchLabels"]) ? selector["matchLabels"] : {};
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const expression of Array.isArray(selector["matchExpressions"]) ? selector["matchExpressions"] : []) {
    if (!isRecord(expression) || typeof expression["key"] !== "string") throw new MatchError("invalid label selector requirement");
    const key = expression["key"];
    const values = strings(expression["values"]);
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (expression["operator"]) {
      case "In":
      case "NotIn":
        if (!values.length) throw new MatchError(`label selector: values must be non-empty for operator ${String(expression["operator"])}`);
        if (expression["operator"] === "In" ? !(has && values.includes(labels[key]!)) : has && values.includes(labels[key]!)) return false;
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length) throw new MatchError(`label selector: values must be empty for operator ${String(expression["operator"])}`);
        if (expression["operator"] === "Exists" ? !has : has) return false;
        break;
      default:
        throw new MatchError(`label selector: ${JSON.stringify(expression["operator"])} is not a valid label selector operator`);
    }
  }
  return true;
}

export interface Matchable {
  readonly object: Record<string, unknown>;
  /** The Namespace object of the reviewed object's namespace, when gator knows it. */
  readonly namespace?: Record<string, unknown>;
}

/** Whether `match` (a Constraint's spec.match) selects the object; throws MatchError where Gatekeeper errors. */
export function matches(match: unknown, { object, namespace }: Matchable): boolean {
  if (!isRecord(match)) return true;
  const kind = typeof object["kind"] === "string" ? object["kind"] : "";
  const group = groupOf(object["apiVersion"]);
  const objectNamespace = metadataString(object, "namespace");
  const namespaceName = namespace ? metadataString(namespace, "name") : "";
  const isNs = isNamespace(object);

  const kinds = Array.isArray(match["kinds"]) ? match["kinds"].filter(isRecord) : [];
  if (kinds.length) {
    const anyKind = kinds.some((k) => {
      const ks = strings(k["kinds"]);
      const gs = strings(k["apiGroups"]);
      return (ks.length === 0 || ks.includes("*") || ks.includes(kind)) && (gs.length === 0 || gs.includes("*") || gs.includes(group));
    });
    if (!anyKind) return false;
  }

  const hasNamespace = objectNamespace !== "" || namespace !== undefined;
  if (match["scope"] === "Cluster" && !(isNs || !hasNamespace)) return false;
  if (match["scope"] === "Namespaced" && !(!isNs && hasNamespace)) return false;

  const namespaceForLists = isNs ? metadataString(object, "name") : namespace ? namespaceName : objectNamespace !== "" ? objectNamespace : undefined;
  const namespaces = strings(match["namespaces"]);
  if (namespaces.length && namespaceForLists !== undefined && !namespaces.some((n) => wildcardMatches(n, namespaceForLists))) return false;
  const excluded = strings(match["excludedNamespaces"]);
  if (excluded.length && namespaceForLists !== undefined && excluded.some((n) => wildcardMatches(n, namespaceForLists))) return false;

  if (match["labelSelector"] !== undefined && match["labelSelector"] !== null && !labelSelectorMatches(match["labelSelector"], labelsOf(object))) return false;

  const namespaceSelector = match["namespaceSelector"];
  if (namespaceSelector !== undefined && namespaceSelector !== null) {
    if (isNs) {
      if (!labelSelectorMatches(namespaceSelector, labelsOf(object))) return false;
    } else if (namespace || objectNamespace !== "") {
      if (!namespace) throw new MatchError("namespace selector for namespace-scoped object but missing Namespace");
      if (!labelSelectorMatches(namespaceSelector, labelsOf(namespace))) return false;
    }
  }

  const name = typeof match["name"] === "string" ? match["name"] : "";
  if (name && !wildcardMatches(name, metadataString(object, "name")) && !generateNameMatches(name, metadataString(object, "generateName"))) return false;

  const source = typeof match["source"] === "string" && match["source"] ? match["source"] : "All";
  if (!["All", "Original", "Generated"].includes(source)) throw new MatchError(`invalid source field ${JSON.stringify(source)}`);
  return source !== "Generated";
}
