// A Constraint's `spec.match`, exactly as Gatekeeper v3.23.0 evaluates it. The one implementation
// of match semantics in gkc: `gkc audit` (audit/evaluate.ts, as `gator test` does), `gkc
// conformance` (conformance/run.ts, as `gator verify` does) and the tests that drive the real gator
// (test/gator-generated.test.ts, test/match-gator.test.ts) all use it. Read from:
// - pkg/mutation/match/match.go: Matches and its top-level matchers, in the same order (kindsMatch,
//   scopeMatch, namespacesMatch, excludedNamespacesMatch, labelSelectorMatch,
//   namespaceSelectorMatch, namesMatch, sourceMatch), and IsNamespace;
// - pkg/wildcard/wildcard.go (globs: Matches, MatchesGenerateName);
// - pkg/target/matcher.go: Matcher.Match (the Namespace looked up in the target's cache when the
//   review brings none) and matchAny (object, then oldObject; the error wrapping an autorejection
//   carries), pkg/target/ns_cache.go (that cache);
// - pkg/gator/expand/expand.go (Expander.NamespaceForResource): the Namespace `gator test` passes;
// - pkg/target/target.go (ValidateConstraint) and the match CRD schema: what compileMatch rejects.
//
// Which Namespace an object is matched with is not part of Matches: it is an input (Matchable.
// Namespace), chosen by the enforcement point. Two are implemented here:
// - gator test (gatorNamespaceFor over namespacesOf): every object without metadata.namespace gets
//   an *empty* Namespace (not none); a namespaced one the input's Namespace of that name (any
//   version of the core group), else a label-less `default` for `default`, else none.
// - gator verify and the admission webhook (cachedNamespaceFor over namespaceCacheOf): none for a
//   request without a namespace; else the cached Namespace of the request's namespace (only
//   core-group `v1` Namespaces without metadata.namespace are ever found), else none.
//
// Edge cases this reproduces, all read from that code:
// - Object fields are read as unstructured.Unstructured reads them: a metadata.namespace or name
//   that is not a string is "", and labels with any non-string value are no labels at all.
// - A Namespace (group "", kind Namespace) is matched by its own name for namespaces and
//   excludedNamespaces, and by its own labels for namespaceSelector.
// - With gator test's empty Namespace an object without metadata.namespace "has a namespace":
//   `scope: Cluster` matches only Namespace objects, `scope: Namespaced` matches every other object
//   (a ClusterRole too); `namespaces` compares the empty name "" (only `*` or a bare `*…*` glob
//   matches it); and `namespaceSelector` is tried against empty labels (so only NotIn/DoesNotExist
//   selectors match cluster-scoped objects). With no Namespace (gator verify), a non-Namespace
//   object without metadata.namespace is cluster-scoped: namespaces, excludedNamespaces and
//   namespaceSelector cannot rule it out.
// - A namespaced object matched with no Namespace: namespaces and excludedNamespaces compare its
//   metadata.namespace; a `namespaceSelector` (even `{}`) is an error, and the framework turns it
//   into a violation of the constraint ("autoreject"). The matchers before it (kinds, scope,
//   namespaces, excludedNamespaces, labelSelector) run first and can still rule the object out;
//   `name` runs after it.
// - kinds: an entry with no kinds (or no apiGroups) matches every kind (group); `*` is a wildcard.
// - Globs: `prefix*`, `*suffix`, `*infix*` (`*` and `**` match everything, "" too); anything else
//   is an exact name. `name` also matches metadata.generateName for `prefix*` and `*infix*` globs.
// - A scope other than `Cluster` and `Namespaced` (`*`, a typo) matches everything.
// - `labelSelector: {}` selects everything; an absent (or null) selector is no condition.
import { compileSelector, selectorMatches, type Labels, type Selector } from "./labels.js";

export interface KindsEntry {
  readonly apiGroups: readonly string[];
  readonly kinds: readonly string[];
}

/** A validated `spec.match`. */
export interface CompiledMatch {
  readonly kinds: readonly KindsEntry[];
  readonly scope: string;
  readonly namespaces: readonly string[];
  readonly excludedNamespaces: readonly string[];
  readonly labelSelector?: Selector;
  readonly namespaceSelector?: Selector;
  readonly name: string;
  readonly source: string;
}

/** The glob syntax the match CRD schema enforces on namespaces, excludedNamespaces and name. */
const WILDCARD_PATTERN = /^\*?[-:a-z0-9]*\*?$/;
const SOURCES = ["All", "Generated", "Original"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string, errors: string[], pattern?: RegExp): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push(`${where} must be a list of strings`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, index) => {
    if (typeof item !== "string") errors.push(`${where}[${index}] must be a string`);
    else if (pattern && !pattern.test(item)) errors.push(`${where}[${index}] ${JSON.stringify(item)} must match ${pattern.source} (a name with an optional leading and/or trailing *)`);
    else out.push(item);
  });
  return out;
}

/**
 * Validates `value` (spec.match as decoded) as the constraint CRD and the target's
 * ValidateConstraint do. Absent or null: undefined (a constraint without match matches everything).
 */
export function compileMatch(value: unknown, path = "spec.match"): { readonly match: CompiledMatch | undefined } | { readonly errors: string[] } {
  if (value === undefined || value === null) return { match: undefined };
  if (!isRecord(value)) return { errors: [`${path} must be an object`] };
  const errors: string[] = [];
  const kinds: KindsEntry[] = [];
  const rawKinds = value["kinds"];
  if (rawKinds !== undefined && rawKinds !== null) {
    if (!Array.isArray(rawKinds)) errors.push(`${path}.kinds must be a list`);
    else
      rawKinds.forEach((entry: unknown, index) => {
        if (!isRecord(entry)) {
          errors.push(`${path}.kinds[${index}] must be an object with apiGroups and kinds`);
          return;
        }
        kinds.push({
          apiGroups: stringList(entry["apiGroups"], `${path}.kinds[${index}].apiGroups`, errors),
          kinds: stringList(entry["kinds"], `${path}.kinds[${index}].kinds`, errors),
        });
      });
  }
  const scope = value["scope"] ?? "";
  if (typeof scope !== "string") errors.push(`${path}.scope must be a string`);
  const name = value["name"] ?? "";
  if (typeof name !== "string") errors.push(`${path}.name must be a string`);
  else if (!WILDCARD_PATTERN.test(name)) errors.push(`${path}.name ${JSON.stringify(name)} must match ${WILDCARD_PATTERN.source}`);
  const source = value["source"] ?? "";
  if (typeof source !== "string" || (source !== "" && !SOURCES.includes(source))) errors.push(`${path}.source must be one of ${SOURCES.join(", ")}`);
  const namespaces = stringList(value["namespaces"], `${path}.namespaces`, errors, WILDCARD_PATTERN);
  const excludedNamespaces = stringList(value["excludedNamespaces"], `${path}.excludedNamespaces`, errors, WILDCARD_PATTERN);
  const selectors: { labelSelector?: Selector; namespaceSelector?: Selector } = {};
  for (const field of ["labelSelector", "namespaceSelector"] as const) {
    const raw = value[field];
    if (raw === undefined || raw === null) continue;
    const compiled = compileSelector(raw, `${path}.${field}`);
    if ("errors" in compiled) errors.push(...compiled.errors);
    else selectors[field] = compiled.selector;
  }
  if (errors.length) return { errors };
  return {
    match: {
      kinds,
      scope: scope as string,
      namespaces,
      excludedNamespaces,
      ...selectors,
      name: name as string,
      source: source as string,
    },
  };
}

/** wildcard.Wildcard.Matches. */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  const starts = pattern.startsWith("*");
  const ends = pattern.endsWith("*");
  if (starts && ends) return candidate.includes(pattern.slice(1, Math.max(1, pattern.length - 1)));
  if (starts) return candidate.endsWith(pattern.slice(1));
  if (ends) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

/** wildcard.Wildcard.MatchesGenerateName: only `prefix*` and `*infix*` globs can match a generateName. */
export function wildcardMatchesGenerateName(pattern: string, candidate: string): boolean {
  const starts = pattern.startsWith("*");
  const ends = pattern.endsWith("*");
  if (starts && ends) return candidate.includes(pattern.slice(1, Math.max(1, pattern.length - 1)));
  if (ends) return candidate.startsWith(pattern.slice(0, -1));
  return false;
}

/** A Namespace as the matchers see it (corev1.Namespace: its name and labels). */
export interface NamespaceInfo {
  readonly name: string;
  readonly labels: Labels;
}

/** What the matchers read of an object (match.Matchable), precomputed once per object. */
export interface MatchTarget {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly generateName: string;
  /** metadata.namespace, or "" (unstructured.GetNamespace). */
  readonly namespace: string;
  readonly labels: Labels;
  readonly isNamespace: boolean;
  /** Matchable.Namespace: the Namespace the object is matched with, if any. */
  readonly namespaceObject: NamespaceInfo | undefined;
  /** gator reviews input objects as Original (Generated is for expanded resources). */
  readonly source: "Original" | "Generated";
}

function metadataString(object: unknown, key: string): string {
  const metadata = isRecord(object) ? object["metadata"] : undefined;
  const value = isRecord(metadata) ? metadata[key] : undefined;
  return typeof value === "string" ? value : "";
}

/** unstructured.GetLabels: the labels when every value is a string, else none at all. */
export function objectLabels(object: unknown): Labels {
  const metadata = isRecord(object) ? object["metadata"] : undefined;
  const labels = isRecord(metadata) ? metadata["labels"] : undefined;
  if (!isRecord(labels)) return {};
  for (const value of Object.values(labels)) if (typeof value !== "string") return {};
  return labels as Labels;
}

/** schema.ParseGroupVersion of apiVersion: the group ("" for the core group and for no apiVersion). */
export function apiGroupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== "string") return "";
  const parts = apiVersion.split("/");
  return parts.length === 2 ? parts[0]! : "";
}

export function isNamespaceObject(object: unknown): boolean {
  return isRecord(object) && object["kind"] === "Namespace" && apiGroupOf(object["apiVersion"]) === "";
}

export function namespaceInfoOf(namespaceObject: unknown): NamespaceInfo {
  return { name: metadataString(namespaceObject, "name"), labels: objectLabels(namespaceObject) };
}

/**
 * The Namespace gator matches an object with (Expander.NamespaceForResource, then the target's
 * namespace cache, which holds the same Namespaces): an empty Namespace for an object without
 * metadata.namespace; the input's Namespace of that name; a label-less `default`; else none.
 */
export function gatorNamespaceFor(object: unknown, namespaces: ReadonlyMap<string, NamespaceInfo>): NamespaceInfo | undefined {
  const namespace = metadataString(object, "namespace");
  if (namespace === "") return { name: "", labels: {} };
  return namespaces.get(namespace) ?? (namespace === "default" ? { name: "default", labels: {} } : undefined);
}

/**
 * The Namespaces of the input by name, as gator test's Expander holds them (addNamespace: every
 * core-group Namespace, whatever its version; a later one of the same name wins).
 */
export function namespacesOf(objects: Iterable<unknown>): Map<string, NamespaceInfo> {
  const namespaces = new Map<string, NamespaceInfo>();
  for (const object of objects) {
    if (!isNamespaceObject(object)) continue;
    const info = namespaceInfoOf(object);
    namespaces.set(info.name, info);
  }
  return namespaces;
}

/** schema.GroupVersion.String() of an apiVersion: how the target keys data and its Namespace cache. */
function groupVersionKey(apiVersion: unknown): string {
  if (typeof apiVersion !== "string" || apiVersion === "" || apiVersion === "/") return "";
  const parts = apiVersion.split("/");
  if (parts.length === 1) return apiVersion;
  if (parts.length > 2) return "";
  return parts[0] === "" ? parts[1]! : apiVersion;
}

/**
 * The target's Namespace cache (pkg/target/ns_cache.go) after the objects were added as data, as
 * `gator verify` adds a case's inventory: a Namespace is cached under
 * cluster/<GroupVersion>/Namespace/<name> (namespace/<ns>/… when it has a metadata.namespace), and
 * GetNamespace only ever looks up cluster/v1/Namespace/<name>. So only core-group `v1` Namespaces
 * without metadata.namespace can be found; a later one of the same name replaces an earlier one.
 */
export function namespaceCacheOf(objects: Iterable<unknown>): Map<string, NamespaceInfo> {
  const cache = new Map<string, NamespaceInfo>();
  for (const object of objects) {
    if (!isNamespaceObject(object) || !isRecord(object)) continue;
    if (groupVersionKey(object["apiVersion"]) !== "v1" || metadataString(object, "namespace") !== "") continue;
    const info = namespaceInfoOf(object);
    cache.set(info.name, info);
  }
  return cache;
}

/**
 * The Namespace Matcher.Match uses when the review brings none (gator verify, the admission
 * webhook): none for a request without a namespace (a cluster-scoped object, a Namespace), else
 * the cached Namespace of the request's namespace, if any. Nothing is invented (not `default`).
 */
export function cachedNamespaceFor(requestNamespace: string, cache: ReadonlyMap<string, NamespaceInfo>): NamespaceInfo | undefined {
  return requestNamespace === "" ? undefined : cache.get(requestNamespace);
}

export function matchTarget(object: unknown, namespaceObject: NamespaceInfo | undefined, source: "Original" | "Generated" = "Original"): MatchTarget {
  const record = isRecord(object) ? object : {};
  return {
    group: apiGroupOf(record["apiVersion"]),
    kind: typeof record["kind"] === "string" ? record["kind"] : "",
    name: metadataString(object, "name"),
    generateName: metadataString(object, "generateName"),
    namespace: metadataString(object, "namespace"),
    labels: objectLabels(object),
    isNamespace: isNamespaceObject(object),
    namespaceObject,
    source,
  };
}

export type MatchOutcome = { readonly matched: boolean } | { readonly error: string };

const MATCHED: MatchOutcome = Object.freeze({ matched: true });
const NOT_MATCHED: MatchOutcome = Object.freeze({ matched: false });

/** match.Matches: every top-level matcher, in Gatekeeper's order; the first false or error decides. */
export function matches(match: CompiledMatch | undefined, target: MatchTarget): MatchOutcome {
  if (!match) return MATCHED; // Matcher.Match: no match block matches everything
  if (!kindsMatch(match, target)) return NOT_MATCHED;
  if (!scopeMatch(match, target)) return NOT_MATCHED;
  if (!namespacesMatch(match, target)) return NOT_MATCHED;
  if (!excludedNamespacesMatch(match, target)) return NOT_MATCHED;
  if (match.labelSelector && !selectorMatches(match.labelSelector, target.labels)) return NOT_MATCHED;
  const namespaceSelector = namespaceSelectorMatch(match, target);
  if (typeof namespaceSelector === "string") return { error: `failed to run Match criteria: ${namespaceSelector}` };
  if (!namespaceSelector) return NOT_MATCHED;
  if (match.name !== "" && !(wildcardMatches(match.name, target.name) || wildcardMatchesGenerateName(match.name, target.generateName))) return NOT_MATCHED;
  if (!sourceMatch(match, target)) return NOT_MATCHED;
  return MATCHED;
}

/** The message of the violation the constraint framework records when matching fails (autoreject). */
export function autorejectMessage(objectName: string, error: string): string {
  return `unable to match constraints: error matching the requested object: ${objectName} :${error}`;
}

/** A review's match: selected or not, or the autorejection message the framework reports instead. */
export type ReviewMatch = { readonly matched: boolean } | { readonly autoreject: string };

/**
 * target.matchAny: the review's objects in order (an admission request's object, then its
 * oldObject; for DELETE the oldObject alone, which setObjectOnDelete copied into object), all with
 * the same Namespace. The first that matches selects the review; the first error autorejects it.
 */
export function matchAny(match: CompiledMatch | undefined, targets: readonly MatchTarget[]): ReviewMatch {
  if (!match) return { matched: true }; // Matcher.Match returns before matchAny
  for (const target of targets) {
    const outcome = matches(match, target);
    if ("error" in outcome) return { autoreject: autorejectMessage(target.name, outcome.error) };
    if (outcome.matched) return { matched: true };
  }
  return { matched: false };
}

function kindsMatch(match: CompiledMatch, target: MatchTarget): boolean {
  if (match.kinds.length === 0) return true;
  for (const entry of match.kinds) {
    const kindMatches = entry.kinds.length === 0 || entry.kinds.includes("*") || entry.kinds.includes(target.kind);
    if (!kindMatches) continue;
    if (entry.apiGroups.length === 0 || entry.apiGroups.includes("*") || entry.apiGroups.includes(target.group)) return true;
  }
  return false;
}

function scopeMatch(match: CompiledMatch, target: MatchTarget): boolean {
  const hasNamespace = target.namespace !== "" || target.namespaceObject !== undefined;
  if (match.scope === "Cluster") return target.isNamespace || !hasNamespace;
  if (match.scope === "Namespaced") return !target.isNamespace && hasNamespace;
  return true;
}

/** The namespace name the (excluded)namespaces matchers compare, or undefined when they cannot judge. */
function namespaceNameFor(target: MatchTarget): string | undefined {
  if (target.isNamespace) return target.name;
  if (target.namespaceObject) return target.namespaceObject.name;
  if (target.namespace !== "") return target.namespace;
  return undefined;
}

function namespacesMatch(match: CompiledMatch, target: MatchTarget): boolean {
  if (match.namespaces.length === 0) return true;
  const namespace = namespaceNameFor(target);
  if (namespace === undefined) return true;
  return match.namespaces.some((pattern) => wildcardMatches(pattern, namespace));
}

function excludedNamespacesMatch(match: CompiledMatch, target: MatchTarget): boolean {
  if (match.excludedNamespaces.length === 0) return true;
  const namespace = namespaceNameFor(target);
  if (namespace === undefined) return true;
  return !match.excludedNamespaces.some((pattern) => wildcardMatches(pattern, namespace));
}

/** true/false, or the error Gatekeeper returns for a namespaced object without its Namespace. */
function namespaceSelectorMatch(match: CompiledMatch, target: MatchTarget): boolean | string {
  const selector = match.namespaceSelector;
  if (!selector) return true;
  if (!target.isNamespace && target.namespaceObject === undefined && target.namespace === "") return true;
  if (target.isNamespace) return selectorMatches(selector, target.labels);
  if (target.namespaceObject === undefined) return "namespace selector for namespace-scoped object but missing Namespace";
  return selectorMatches(selector, target.namespaceObject.labels);
}

function sourceMatch(match: CompiledMatch, target: MatchTarget): boolean {
  const wanted = match.source === "" ? "All" : match.source;
  return wanted === "All" || wanted === target.source;
}
