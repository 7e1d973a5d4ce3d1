// Generated tuples (object, parameters[, inventory]) through the pinned `gator test`, with every
// result attributed to its tuple. Shared by test/gator-generated.test.ts (gator against the
// TypeScript) and bench/library-diff.ts (gkc's templates against the gatekeeper-library's, both in
// gator); the test's header explains attribution, inventory and what gator refuses.
import { Ajv, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { compileMatch, gatorNamespaceFor, isNamespaceObject, matches, matchTarget, type CompiledMatch, type NamespaceInfo } from "../../audit/match.js";
import type { Inventory } from "../../sdk/inventory.js";
import type { Arbitraries } from "../../verify/differential.js";
import { asGoJson } from "../../verify/cel-native.js";
import { CONSTRAINT_API_VERSION, objectIdentity, runGator, type GatorRun } from "./gator.js";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// What Go sees

/**
 * The value as gator reads it: verify/cel-native.ts asGoJson (JSON, undefined dropped, -0 as 0,
 * lone surrogates as U+FFFD, as Go's decoder makes them), with an undefined value as null.
 * Both engines get this value.
 */
export function asKubernetesJson(value: unknown): unknown {
  return asGoJson(value) ?? null;
}

/** unstructured.Unstructured's view of an object: the fields Gatekeeper's matcher reads. */
export interface GoView {
  readonly apiVersion: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly generateName: string;
}

function goString(value: unknown, ...path: string[]): string {
  let v = value;
  for (const key of path) v = isRecord(v) ? v[key] : undefined;
  return typeof v === "string" ? v : "";
}

/** schema.ParseGroupVersion; an unparseable apiVersion gives an empty group and version (FromAPIVersionAndKind). */
function parseGroupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === "" || apiVersion === "/") return { group: "", version: "" };
  const slashes = apiVersion.split("/").length - 1;
  if (slashes === 0) return { group: "", version: apiVersion };
  if (slashes === 1) {
    const i = apiVersion.indexOf("/");
    return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
  }
  return { group: "", version: "" };
}

export function goView(object: unknown): GoView {
  const apiVersion = goString(object, "apiVersion");
  return {
    apiVersion,
    ...parseGroupVersion(apiVersion),
    kind: goString(object, "kind"),
    name: goString(object, "metadata", "name"),
    namespace: goString(object, "metadata", "namespace"),
    generateName: goString(object, "metadata", "generateName"),
  };
}

/** GroupVersion.String(): how gator keys data.inventory. */
function goGroupVersion(view: GoView): string {
  if (view.group === "" && view.version === "") return "";
  return view.group === "" ? view.version : `${view.group}/${view.version}`;
}

// ---------------------------------------------------------------------------------------------
// Matching, as gator runs it: gkc's matcher (audit/match.ts) with gator test's Namespace

/** The match blocks built here: kinds, name and namespaces (see matchFor). */
interface GatorMatch {
  readonly kinds: readonly { readonly apiGroups: readonly string[]; readonly kinds: readonly string[] }[];
  readonly namespaces?: readonly string[];
  readonly name?: string;
}

const GLOB_ALPHABET = /^[-:a-z0-9]+$/;

/**
 * No Namespaces: the match blocks built here read no Namespace labels and no scope, and the
 * namespace name a known Namespace gives (its name) is the object's metadata.namespace, so
 * gatorNamespaceFor(object, namespacesOf(run)) matches the same as with none: only the empty
 * Namespace of cluster-scoped objects matters.
 */
const NO_NAMESPACES: ReadonlyMap<string, NamespaceInfo> = new Map();

/** Whether the compiled match selects the document, as gator test matches it. */
function gatorMatches(match: CompiledMatch, document: unknown): boolean {
  const outcome = matches(match, matchTarget(document, gatorNamespaceFor(document, NO_NAMESPACES)));
  if ("error" in outcome) throw new Error(`unexpected match error (no namespaceSelector is built): ${outcome.error}`);
  return outcome.matched;
}

function compiled(match: GatorMatch): CompiledMatch {
  const result = compileMatch(match);
  if ("errors" in result || result.match === undefined) throw new Error(`matchFor built an invalid match ${JSON.stringify(match)}: ${"errors" in result ? result.errors.join("; ") : "none"}`);
  return result.match;
}

/**
 * The narrowest glob the match schema allows that matches `value`: the value itself when it fits
 * the alphabet, else its longest fitting run as prefix*, *suffix or *infix*; undefined when no
 * character fits (the field is left out and matches anything).
 */
function globFor(value: string): string | undefined {
  if (GLOB_ALPHABET.test(value)) return value;
  let best: { start: number; text: string } | undefined;
  for (const m of value.matchAll(/[-:a-z0-9]+/g)) {
    if (!best || m[0].length > best.text.length) best = { start: m.index, text: m[0] };
  }
  if (!best) return undefined;
  const atStart = best.start === 0;
  const atEnd = best.start + best.text.length === value.length;
  return atStart ? `${best.text}*` : atEnd ? `*${best.text}` : `*${best.text}*`;
}

function matchFor(document: unknown, view: GoView): GatorMatch {
  const name = globFor(view.name);
  const namespace = !isNamespaceObject(document) && view.namespace !== "" ? globFor(view.namespace) : undefined;
  return {
    kinds: [{ apiGroups: [view.group], kinds: [view.kind] }],
    ...(namespace !== undefined ? { namespaces: [namespace] } : {}),
    ...(name !== undefined ? { name } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// What gator refuses

/** Groups gator handles itself: templates, Constraints, mutators, expansion templates, config. */
const GATEKEEPER_GROUP = /(^|\.)gatekeeper\.sh$/;

const STRING_METADATA = ["name", "namespace", "generateName", "uid", "resourceVersion", "selfLink"];
const TYPED_METADATA = ["generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences", "managedFields"];

function isStringMap(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/**
 * Whether gator can convert a Namespace to a corev1.Namespace (nsCache.Add and the expander do;
 * a failure is "cannot cache Namespace" for the whole run). Conservative: fields whose type
 * conversion is not obvious reject the object.
 */
function namespaceConvertible(object: Record<string, unknown>): boolean {
  const { metadata, spec, status } = object;
  if (metadata != null) {
    if (!isRecord(metadata)) return false;
    for (const [key, value] of Object.entries(metadata)) {
      if (value === null) continue;
      if (STRING_METADATA.includes(key) && typeof value !== "string") return false;
      if ((key === "labels" || key === "annotations") && !isStringMap(value)) return false;
      if (key === "finalizers" && !isStringList(value)) return false;
      if (TYPED_METADATA.includes(key)) return false;
    }
  }
  if (spec != null && !(isRecord(spec) && (spec["finalizers"] == null || isStringList(spec["finalizers"])))) return false;
  if (status != null && !(isRecord(status) && (status["phase"] == null || typeof status["phase"] === "string") && status["conditions"] == null)) return false;
  return true;
}

/** Why gator cannot take this document (as an object to review, or an inventory object), or undefined. */
export function refusal(document: unknown): string | undefined {
  if (!isRecord(document)) return "not an object";
  if (typeof document["apiVersion"] !== "string" || typeof document["kind"] !== "string") return "no string apiVersion and kind";
  const view = goView(document);
  if (view.version === "") return "an apiVersion with no version (gator refuses it)";
  if (view.kind === "") return "an empty kind (gator refuses it)";
  if (GATEKEEPER_GROUP.test(view.group)) return "a Gatekeeper kind (gator would load it as a template, Constraint or mutator)";
  if (isNamespaceObject(document) && !namespaceConvertible(document)) return "a Namespace gator cannot convert (cannot cache Namespace)";
  return undefined;
}

/** Reads an own property, creating it as an empty object (safe for keys like `__proto__`). */
function child(record: Record<string, unknown>, key: string): Record<string, unknown> {
  if (!Object.prototype.hasOwnProperty.call(record, key)) Object.defineProperty(record, key, { value: {}, enumerable: true, writable: true, configurable: true });
  return record[key] as Record<string, unknown>;
}

/**
 * data.inventory as gator loads it (K8sValidationTarget.processUnstructured): every document, by
 * metadata.namespace (cluster-scoped if it is not a non-empty string), GroupVersion().String(),
 * kind and name ("" if not a string), later documents replacing earlier ones. On documents with a
 * string name and a canonical apiVersion this is inventoryOf (test/gator-generated.test.ts checks
 * it); it also places what inventoryOf drops (a generated inventory object with a broken name), so
 * that the TypeScript reads exactly what the Rego reads.
 */
export function gatorInventory(documents: readonly unknown[]): Inventory {
  const cluster: Record<string, unknown> = {};
  const namespaced: Record<string, unknown> = {};
  for (const document of documents) {
    if (!isRecord(document)) continue;
    const view = goView(document);
    const root = view.namespace !== "" ? child(namespaced, view.namespace) : cluster;
    Object.defineProperty(child(child(root, goGroupVersion(view)), view.kind), view.name, { value: document, enumerable: true, writable: true, configurable: true });
  }
  return { cluster, namespace: namespaced } as Inventory;
}

/** Whether inventoryOf places the document as gator does: a string name and a canonical apiVersion. */
export function inventoryOfPlaces(document: unknown): boolean {
  if (!isRecord(document) || !isRecord(document["metadata"]) || typeof document["metadata"]["name"] !== "string") return false;
  const view = goView(document);
  return goGroupVersion(view) === document["apiVersion"];
}

/** gator refused an object (rather than a template or a Constraint). */
const OBJECT_REJECTED = /adding data of GVK|invalid request object|cannot cache|error creating expander/;
/** gator refused a Constraint's parameters against the template's schema. */
const PARAMETERS_REJECTED = /adding constraint "([^"]*)": schema validation failed/;

// ---------------------------------------------------------------------------------------------
// Tuples and their Constraints

export interface Tuple {
  readonly index: number;
  readonly object: unknown;
  readonly parameters: unknown;
  readonly inventory: readonly unknown[];
}

/** A tuple ready for gator: its Constraint and what the matcher sees of its object. */
export interface Entry {
  readonly tuple: Tuple;
  readonly view: GoView;
  readonly match: CompiledMatch;
  readonly constraint: Record<string, unknown>;
}

export function constraintName(index: number): string {
  return `gen-${index}`;
}

/** Whether the entry's Constraint selects the document (by gkc's matcher, as gator runs it). */
function selects(entry: Entry, document: unknown): boolean {
  return gatorMatches(entry.match, document);
}

/** The validator of a template's parameter schema (ajv, as audit validates Constraints). */
export function parameterValidator(template: unknown): ValidateFunction {
  const schema = (template as { spec?: { crd?: { spec?: { validation?: { openAPIV3Schema?: unknown } } } } }).spec?.crd?.spec?.validation?.openAPIV3Schema;
  return new Ajv({ allErrors: true, strict: false }).compile(isRecord(schema) ? schema : {});
}

/**
 * Samples `count` tuples (fixed `seed`) as gator reads them. gator refuses a Constraint whose
 * parameters its schema rejects: parameters are drawn among those `validate` accepts (the
 * TypeScript = wasm check covers the rejected ones).
 */
export function sampleTuples(arbitraries: Arbitraries, validate: ValidateFunction, count: number, seed: number): Tuple[] {
  const inventories = arbitraries.inventory ?? fc.constant([] as readonly unknown[]);
  const parameters = arbitraries.parameters.filter((p) => validate(asKubernetesJson(p) ?? {}));
  const samples = fc.sample(fc.tuple(arbitraries.objects, parameters, inventories), { numRuns: count, seed });
  return samples.map(([object, parameters, synced], index) => ({
    index,
    object: asKubernetesJson(object),
    parameters: asKubernetesJson(parameters),
    inventory: (asKubernetesJson(synced) as unknown[] | null) ?? [],
  }));
}

/**
 * The tuple's Entry (a Constraint of `kind` whose match selects only its object), or why gator
 * cannot take the tuple. `templates` are the templates it will run with: its match must not select them.
 */
export function entryFor(tuple: Tuple, kind: string, templates: readonly unknown[], validate: ValidateFunction): Entry | { readonly skipped: string } {
  const refused = refusal(tuple.object);
  if (refused) return { skipped: `the object: ${refused}` };
  const refusedInventory = tuple.inventory.map(refusal).find((r) => r !== undefined);
  if (refusedInventory) return { skipped: `an inventory object: ${refusedInventory}` };
  if (!validate(tuple.parameters ?? {})) return { skipped: `parameters the template's schema rejects: ${JSON.stringify(validate.errors?.[0])}` };
  const view = goView(tuple.object);
  const match = matchFor(tuple.object, view);
  const constraint = {
    apiVersion: CONSTRAINT_API_VERSION,
    kind,
    metadata: { name: constraintName(tuple.index) },
    spec: { match, ...(tuple.parameters !== undefined ? { parameters: tuple.parameters } : {}) },
  };
  const entry: Entry = { tuple, view, match: compiled(match), constraint };
  if (!selects(entry, tuple.object)) return { skipped: `its match ${JSON.stringify(match)} does not select it` };
  if ([...templates, constraint, ...tuple.inventory].some((d) => selects(entry, d))) {
    return { skipped: "its Constraint would also select the template, itself or an inventory object" };
  }
  return entry;
}

/** Whether either entry's Constraint selects the other's object or Constraint. */
function collide(entry: Entry, other: Entry): boolean {
  return selects(entry, other.tuple.object) || selects(other, entry.tuple.object) || selects(entry, other.constraint) || selects(other, entry.constraint);
}

/**
 * Packs entries into runs of at most `maxBatch` in which no Constraint selects another entry's
 * object or Constraint; with `maxCollisions`, an entry may collide with that many entries of its
 * run (for runs attributed by object, see runEntries).
 */
export function pack(entries: readonly Entry[], maxBatch: number, maxCollisions = 0): Entry[][] {
  const batches: Entry[][] = [];
  for (const entry of entries) {
    const fits = (batch: Entry[]): boolean => {
      if (batch.length >= maxBatch) return false;
      let collisions = 0;
      return batch.every((other) => !collide(entry, other) || ++collisions <= maxCollisions);
    };
    const batch = batches.find(fits);
    if (batch) batch.push(entry);
    else batches.push([entry]);
  }
  return batches;
}

// ---------------------------------------------------------------------------------------------
// Runs

/** What gator made of one tuple: its messages (sorted, unique) and every document of its run. */
export type RunOutcome =
  | { readonly status: "ran"; readonly messages: readonly string[]; readonly documents: readonly unknown[] }
  | { readonly status: "skipped"; readonly reason: string }
  | { readonly status: "error"; readonly reason: string };

/** What a caller follows of the runs: their count and time, and the documents of every run gator reported on. */
export interface RunLog {
  runs: number;
  ms: number;
  readonly onReport?: (documents: unknown[]) => void;
}

/**
 * How a result is given to its tuple. "identity": its Constraint is the tuple's and its
 * violatingObject has the tuple's object's apiVersion, kind, namespace and name (runs packed with
 * no collisions). "object": its Constraint is the tuple's and its violatingObject is the tuple's
 * object, whole (canonical JSON); a result of a Constraint on another document of the run that
 * gkc's matcher says it selects is a review of a colliding entry's object or Constraint, and
 * ignored. Under either, any other result is a stray: every tuple of the run errs.
 */
export type Attribution = "identity" | "object";

/** JSON with sorted keys: how an object is recognised in gator's report, which repeats it whole. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (typeof v === "object" && v !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: sort((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value)) ?? "null";
}

/** Every document of a run: the template, the Constraints, the objects, then extra documents (inventory). */
function runDocuments(template: unknown, entries: readonly Entry[], extra: readonly unknown[]): unknown[] {
  return [template, ...entries.map((e) => e.constraint), ...entries.map((e) => e.tuple.object), ...extra];
}

/**
 * Runs entries through one gator invocation with `template`, adding each tuple's outcome to
 * `outcomes`. A refused Constraint skips its tuple and the rest run again; any other failure
 * halves the run until the failing tuple is alone, so the others are still compared.
 */
export async function runEntries(
  template: unknown,
  entries: readonly Entry[],
  extra: readonly unknown[],
  outcomes: Map<number, RunOutcome>,
  log?: RunLog,
  attribution: Attribution = "identity",
): Promise<void> {
  const documents = runDocuments(template, entries, extra);
  const started = Date.now();
  const run: GatorRun = await runGator(documents);
  if (log) {
    log.runs++;
    log.ms += Date.now() - started;
  }
  if (run.results === undefined) {
    const refused = PARAMETERS_REJECTED.exec(run.output)?.[1];
    const refusedEntry = entries.find((e) => constraintName(e.tuple.index) === refused);
    if (refusedEntry) {
      outcomes.set(refusedEntry.tuple.index, { status: "skipped", reason: `gator rejects the parameters: ${run.output}` });
      const rest = entries.filter((e) => e !== refusedEntry);
      if (rest.length) await runEntries(template, rest, extra, outcomes, log, attribution);
    } else if (entries.length > 1) {
      const half = Math.ceil(entries.length / 2);
      await runEntries(template, entries.slice(0, half), extra, outcomes, log, attribution);
      await runEntries(template, entries.slice(half), extra, outcomes, log, attribution);
    } else if (OBJECT_REJECTED.test(run.output)) {
      outcomes.set(entries[0]!.tuple.index, { status: "skipped", reason: `gator rejects the object: ${run.output}` });
    } else {
      outcomes.set(entries[0]!.tuple.index, { status: "error", reason: `gator failed (exit ${run.status}): ${run.output}` });
    }
    return;
  }
  const byName = new Map(entries.map((e) => [constraintName(e.tuple.index), e] as const));
  const messages = new Map<number, Set<string>>(entries.map((e) => [e.tuple.index, new Set<string>()]));
  const stray: string[] = [];
  // "object": every document of the run by its canonical JSON, for the results of a Constraint on
  // a colliding entry's object or Constraint.
  const byCanonical = new Map<string, unknown[]>();
  if (attribution === "object") {
    for (const document of documents) {
      const key = canonical(document);
      byCanonical.set(key, [...(byCanonical.get(key) ?? []), document]);
    }
  }
  for (const result of run.results) {
    const entry = byName.get(result.constraint.metadata?.name ?? "");
    // gator's report leaves out an empty msg (omitempty).
    const msg: unknown = result.msg ?? "";
    // The match selects one document of the run: the entry's object. The report repeats it whole.
    const view = goView(result.violatingObject);
    const object = attribution === "object" ? canonical(result.violatingObject) : "";
    const own =
      entry !== undefined &&
      typeof msg === "string" &&
      (attribution === "object"
        ? object === canonical(entry.tuple.object)
        : JSON.stringify([view.apiVersion, view.kind, view.namespace, view.name]) ===
          JSON.stringify([entry.view.apiVersion, entry.view.kind, entry.view.namespace, entry.view.name]));
    if (own) messages.get(entry.tuple.index)!.add(msg);
    // A review of another document of the run that gkc's matcher says the Constraint selects
    // (packed with collisions): not the tuple's, and not a stray either.
    else if (entry !== undefined && (byCanonical.get(object) ?? []).some((d) => selects(entry, d))) continue;
    else if (stray.push(`${result.constraint.metadata?.name} on ${objectIdentity(result.violatingObject)}: ${JSON.stringify(msg)}`) > 20) stray.length = 20;
  }
  log?.onReport?.(documents);
  for (const { tuple } of entries) {
    if (stray.length) {
      outcomes.set(tuple.index, { status: "error", reason: `gator reported results that no tuple's Constraint should select (is gkc's matcher wrong?):\n${stray.join("\n")}` });
    } else {
      outcomes.set(tuple.index, { status: "ran", messages: [...messages.get(tuple.index)!].sort(), documents });
    }
  }
}
