// Gatekeeper's own evaluator agrees with the TypeScript on generated inputs, not only on fixtures.
// `gkc verify` (test/verify.test.ts) compares the TypeScript with OPA compiled to wasm; Gatekeeper
// evaluates the same Rego with Go OPA, which could differ (number formatting, arithmetic, builtins).
// Here every policy's arbitraries (policies/<slug>.arbitraries.ts) are sampled, the tuples
// (object, parameters[, inventory]) go through the pinned `gator test` against the shipped template
// (out/templates/<kind>.yaml), and for every tuple the set of messages gator reports equals the set
// the TypeScript predicate yields, byte for byte.
//
// The seed is fixed (test/support/seed.ts), so CI samples the same tuples on every run; it is printed once,
// and GKC_TEST_SEED=<seed> samples others (exploration) or replays a run.
//
// Attribution. A run holds the template, one Constraint per tuple (gen-<i>, its parameters and a
// `match` that selects only its own object) and the tuples' objects. gator reviews every document
// against every Constraint, so a match is built per object from what Gatekeeper's matcher compares
// (pkg/mutation/match/match.go): `kinds` (the object's API group and kind), `name` (a glob:
// `match.name` must fit ^\*?[-:a-z0-9]*\*?$, so a name outside that alphabet is selected by its
// longest fitting part, as a prefix*, *suffix or *infix* glob) and, for namespaced objects,
// `namespaces` (a glob of the namespace, the same way). `scope` is of no use under gator: it hands
// the matcher an empty Namespace for cluster-scoped objects (expand.go NamespaceForResource), so
// every object "has a namespace" and a cluster-scoped object's namespace is "". Which Constraint
// selects which document is computed with gkc's matcher (audit/match.ts, with gator test's
// Namespace), and tuples go to the same run only if no Constraint selects any document of the run
// but its own object. A result of gen-<i> is then gen-<i>'s tuple's; any other result fails the
// test (it would mean gkc's matcher is wrong).
//
// Inventory. gator loads every document of a run into data.inventory (test.go AddData), so the
// TypeScript gets the inventory of every document of the run: inventoryOf, extended to place the
// generated inventory objects inventoryOf drops (no string name) where gator puts them
// (gatorInventory; a test checks it is inventoryOf on everything else). A referential policy
// (syncs, or a predicate that reads the inventory) runs each tuple on its own: the template, its
// Constraint, its object and its inventory objects, so that the inventory is the tuple's.
//
// What gator cannot take is counted, not compared: a value that is not an object, an object with
// no apiVersion version or no kind (gator's loader refuses it), a Namespace gator cannot convert
// ("cannot cache Namespace"), Gatekeeper's own kinds (gator would load them as templates,
// Constraints or mutators) and parameters the template's schema rejects (ajv, as audit does; gator's
// own refusal is caught too). At least MIN_COMPARED per policy and MIN_SHARE of all sampled tuples
// must be compared.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { inventoryOf, type Inventory } from "../sdk/inventory.js";
import { loadArbitraries } from "../verify/differential.js";
import { runNative, type Outcome } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { compileMatch, gatorNamespaceFor, isNamespaceObject, matches, matchTarget, type CompiledMatch, type NamespaceInfo } from "../audit/match.js";
import { CONSTRAINT_API_VERSION, inParallel, objectIdentity, runGator, type GatorRun } from "./support/gator.js";
import { testSeed } from "./support/seed.js";

const TIMEOUT = 900_000;
/** Sampled tuples per policy: batched policies, and referential ones (a gator run per tuple). */
const SAMPLES = 170;
const REFERENTIAL_SAMPLES = 170;
const MIN_COMPARED = 100;
const MIN_SHARE = 0.8;
const PARALLEL_RUNS = 2;
/** Tuples per gator run for policies that do not read the inventory. */
const MAX_BATCH = 200;

const SEED = testSeed(20260501, "gator-generated");


function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// What Go sees

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The value as gator reads it: JSON (undefined dropped, -0 as 0) with lone surrogates as U+FFFD,
 * which is what Go's JSON decoder makes of them. Both engines get this value.
 */
function asKubernetesJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  const fix = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(LONE_SURROGATE, "\uFFFD");
    if (Array.isArray(v)) return v.map(fix);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(LONE_SURROGATE, "\uFFFD"), fix(x)]));
    return v;
  };
  return fix(JSON.parse(text));
}

/** unstructured.Unstructured's view of an object: the fields Gatekeeper's matcher reads. */
interface GoView {
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

function goView(object: unknown): GoView {
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
function refusal(document: unknown): string | undefined {
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
 * string name and a canonical apiVersion this is inventoryOf (a test below checks it); it also
 * places what inventoryOf drops (a generated inventory object with a broken name), so that the
 * TypeScript reads exactly what the Rego reads.
 */
function gatorInventory(documents: readonly unknown[]): Inventory {
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
function inventoryOfPlaces(document: unknown): boolean {
  if (!isRecord(document) || !isRecord(document["metadata"]) || typeof document["metadata"]["name"] !== "string") return false;
  const view = goView(document);
  return goGroupVersion(view) === document["apiVersion"];
}

/** gator refused an object (rather than a template or a Constraint). */
const OBJECT_REJECTED = /adding data of GVK|invalid request object|cannot cache|error creating expander/;
/** gator refused a Constraint's parameters against the template's schema. */
const PARAMETERS_REJECTED = /adding constraint "([^"]*)": schema validation failed/;

// ---------------------------------------------------------------------------------------------
// Runs

interface Tuple {
  readonly index: number;
  readonly object: unknown;
  readonly parameters: unknown;
  readonly inventory: readonly unknown[];
}

/** A tuple ready for gator: its Constraint and what the matcher sees of its object. */
interface Entry {
  readonly tuple: Tuple;
  readonly view: GoView;
  readonly match: CompiledMatch;
  readonly constraint: Record<string, unknown>;
}

interface Compared {
  readonly status: "compared";
  readonly gator: readonly string[];
  readonly native: Outcome;
}

type TupleOutcome =
  | Compared
  | { readonly status: "skipped"; readonly reason: string }
  | { readonly status: "error"; readonly reason: string };

interface PolicyCase {
  readonly slug: string;
  readonly policy: LoadedPolicy;
  readonly template: Record<string, unknown>;
  readonly referential: boolean;
  readonly validate: ValidateFunction;
  readonly sampled: number;
  readonly tuples: Map<number, Tuple>;
  /** The documents of every run (for the check of gatorInventory against inventoryOf). */
  readonly inventories: unknown[][];
  readonly outcomes: Map<number, TupleOutcome>;
}

const cases: PolicyCase[] = [];
const timing = { runs: 0, ms: 0 };

function constraintName(index: number): string {
  return `gen-${index}`;
}

/** Whether the entry's Constraint selects the document (by gkc's matcher, as gator runs it). */
function selects(entry: Entry, document: unknown): boolean {
  return gatorMatches(entry.match, document);
}

/** Every document of a run: the template, the Constraints, the objects, then extra documents (inventory). */
function runDocuments(c: PolicyCase, entries: readonly Entry[], extra: readonly unknown[]): unknown[] {
  return [c.template, ...entries.map((e) => e.constraint), ...entries.map((e) => e.tuple.object), ...extra];
}

/**
 * Runs entries through one gator invocation. A refused Constraint skips its tuple and the rest run
 * again; any other failure halves the run until the failing tuple is alone, so the others are still
 * compared.
 */
async function runEntries(c: PolicyCase, entries: readonly Entry[], extra: readonly unknown[]): Promise<void> {
  const documents = runDocuments(c, entries, extra);
  const started = Date.now();
  const run: GatorRun = await runGator(documents);
  timing.runs++;
  timing.ms += Date.now() - started;
  if (run.results === undefined) {
    const refused = PARAMETERS_REJECTED.exec(run.output)?.[1];
    const refusedEntry = entries.find((e) => constraintName(e.tuple.index) === refused);
    if (refusedEntry) {
      c.outcomes.set(refusedEntry.tuple.index, { status: "skipped", reason: `gator rejects the parameters: ${run.output}` });
      const rest = entries.filter((e) => e !== refusedEntry);
      if (rest.length) await runEntries(c, rest, extra);
    } else if (entries.length > 1) {
      const half = Math.ceil(entries.length / 2);
      await runEntries(c, entries.slice(0, half), extra);
      await runEntries(c, entries.slice(half), extra);
    } else if (OBJECT_REJECTED.test(run.output)) {
      c.outcomes.set(entries[0]!.tuple.index, { status: "skipped", reason: `gator rejects the object: ${run.output}` });
    } else {
      c.outcomes.set(entries[0]!.tuple.index, { status: "error", reason: `gator failed (exit ${run.status}): ${run.output}` });
    }
    return;
  }
  const byName = new Map(entries.map((e) => [constraintName(e.tuple.index), e] as const));
  const messages = new Map<number, Set<string>>(entries.map((e) => [e.tuple.index, new Set<string>()]));
  const stray: string[] = [];
  for (const result of run.results) {
    const entry = byName.get(result.constraint.metadata?.name ?? "");
    // The match selects one document of the run: the entry's object. The report repeats it whole.
    const view = goView(result.violatingObject);
    const own =
      entry !== undefined &&
      typeof result.msg === "string" &&
      JSON.stringify([view.apiVersion, view.kind, view.namespace, view.name]) ===
        JSON.stringify([entry.view.apiVersion, entry.view.kind, entry.view.namespace, entry.view.name]);
    if (own) messages.get(entry.tuple.index)!.add(result.msg);
    else if (stray.push(`${result.constraint.metadata?.name} on ${objectIdentity(result.violatingObject)}: ${JSON.stringify(result.msg)}`) > 20) stray.length = 20;
  }
  const inventory = gatorInventory(documents);
  c.inventories.push(documents);
  for (const { tuple } of entries) {
    if (stray.length) {
      c.outcomes.set(tuple.index, { status: "error", reason: `gator reported results that no tuple's Constraint should select (is gkc's matcher wrong?):\n${stray.join("\n")}` });
    } else {
      c.outcomes.set(tuple.index, {
        status: "compared",
        gator: [...messages.get(tuple.index)!].sort(),
        native: runNative(c.policy.predicate, tuple.object, tuple.parameters, inventory),
      });
    }
  }
}

/** Packs entries into runs in which no Constraint selects another entry's object or Constraint. */
function pack(entries: readonly Entry[]): Entry[][] {
  const batches: Entry[][] = [];
  for (const entry of entries) {
    const fits = (batch: Entry[]): boolean =>
      batch.length < MAX_BATCH &&
      batch.every(
        (other) =>
          !selects(entry, other.tuple.object) && !selects(other, entry.tuple.object) && !selects(entry, other.constraint) && !selects(other, entry.constraint),
      );
    const batch = batches.find(fits);
    if (batch) batch.push(entry);
    else batches.push([entry]);
  }
  return batches;
}

/** Samples a policy's tuples, sorts out what gator cannot take, and returns its runs. */
async function preparePolicy(file: string): Promise<{ referential: boolean; runs: (() => Promise<void>)[] }> {
  const policy = await loadPolicy(file);
  const slug = basename(file, ".ts");
  const arbitraries = await loadArbitraries(file);
  if (!arbitraries) throw new Error(`${file}: no ${slug}.arbitraries.ts`);
  const kind = policy.meta.kind;
  const template = parse(readFileSync(join(PACKAGE_ROOT, "out", "templates", `${kind.toLowerCase()}.yaml`), "utf8")) as Record<string, unknown>;
  const schema = (template as { spec?: { crd?: { spec?: { validation?: { openAPIV3Schema?: unknown } } } } }).spec?.crd?.spec?.validation?.openAPIV3Schema;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(isRecord(schema) ? schema : {});
  const referential = (policy.meta.syncs?.length ?? 0) > 0 || policy.predicate.length >= 3;
  const sampled = referential ? REFERENTIAL_SAMPLES : SAMPLES;
  const c: PolicyCase = { slug, policy, template, referential, validate, sampled, tuples: new Map(), inventories: [], outcomes: new Map() };
  cases.push(c);

  const inventories = arbitraries.inventory ?? fc.constant([] as readonly unknown[]);
  // gator refuses a Constraint whose parameters its schema rejects: draw parameters it accepts
  // (the TypeScript = wasm check covers the rejected ones).
  const parameters = arbitraries.parameters.filter((p) => validate(asKubernetesJson(p) ?? {}));
  const samples = fc.sample(fc.tuple(arbitraries.objects, parameters, inventories), { numRuns: sampled, seed: SEED });
  const entries: Entry[] = [];
  samples.forEach(([object, parameters, synced], index) => {
    const tuple: Tuple = {
      index,
      object: asKubernetesJson(object),
      parameters: asKubernetesJson(parameters),
      inventory: (asKubernetesJson(synced) as unknown[] | null) ?? [],
    };
    c.tuples.set(index, tuple);
    const skip = (reason: string): void => void c.outcomes.set(index, { status: "skipped", reason });
    const refused = refusal(tuple.object);
    if (refused) return skip(`the object: ${refused}`);
    const refusedInventory = tuple.inventory.map(refusal).find((r) => r !== undefined);
    if (refusedInventory) return skip(`an inventory object: ${refusedInventory}`);
    if (!validate(tuple.parameters ?? {})) return skip(`parameters the template's schema rejects: ${JSON.stringify(validate.errors?.[0])}`);
    const view = goView(tuple.object);
    const match = matchFor(tuple.object, view);
    const constraint = {
      apiVersion: CONSTRAINT_API_VERSION,
      kind,
      metadata: { name: constraintName(index) },
      spec: { match, ...(tuple.parameters !== undefined ? { parameters: tuple.parameters } : {}) },
    };
    const entry: Entry = { tuple, view, match: compiled(match), constraint };
    if (!selects(entry, tuple.object)) return skip(`its match ${JSON.stringify(match)} does not select it`);
    if ([template, constraint, ...tuple.inventory].some((d) => selects(entry, d))) {
      return skip("its Constraint would also select the template, itself or an inventory object");
    }
    entries.push(entry);
  });
  if (referential) return { referential, runs: entries.map((e) => () => runEntries(c, [e], e.tuple.inventory)) };
  return { referential, runs: pack(entries).map((batch) => () => runEntries(c, batch, [])) };
}

async function compareAll(): Promise<void> {
  const started = Date.now();
  const batched: (() => Promise<void>)[] = [];
  const single: (() => Promise<void>)[] = [];
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const { referential, runs } = await preparePolicy(file);
    (referential ? single : batched).push(...runs);
  }
  // The big batches first, so that they do not trail behind at the end.
  await inParallel([...batched, ...single], PARALLEL_RUNS);
  timing.ms = Date.now() - started;
}

function describeOutcome(outcome: Outcome): string {
  return "error" in outcome ? `ERROR ${outcome.error}` : JSON.stringify(outcome.messages);
}

describe("gator (Gatekeeper's evaluator) agrees with the TypeScript on generated inputs", { timeout: TIMEOUT }, () => {
  beforeAll(compareAll, TIMEOUT);

  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const slug = basename(file, ".ts");
    it(`${slug}: gator's messages equal the TypeScript's on every sampled tuple gator can take`, () => {
      const c = cases.find((x) => x.slug === slug);
      if (!c) throw new Error(`${slug} was not run`);
      expect(c.outcomes.size, "every sampled tuple has an outcome").toBe(c.sampled);
      const errors = [...c.outcomes.entries()].filter(([, o]) => o.status === "error").map(([i, o]) => `tuple ${i}: ${(o as { reason: string }).reason}`);
      expect(errors, `gator runs that failed (seed ${SEED})`).toEqual([]);
      const mismatches: string[] = [];
      let compared = 0;
      for (const [index, outcome] of [...c.outcomes].sort(([a], [b]) => a - b)) {
        if (outcome.status !== "compared") continue;
        compared++;
        const same = !("error" in outcome.native) && JSON.stringify(outcome.native.messages) === JSON.stringify(outcome.gator);
        if (!same) mismatches.push(describeMismatch(c, index, outcome));
      }
      const shown = mismatches.length > 10 ? [...mismatches.slice(0, 10), `... and ${mismatches.length - 10} more`] : mismatches;
      expect(shown, `gator and the TypeScript disagree on ${mismatches.length}/${compared} tuples (seed ${SEED}, replay with GKC_TEST_SEED=${SEED})`).toEqual([]);
      expect(compared, `${slug}: only ${compared}/${c.sampled} tuples compared:\n${skipSummary(c)}`).toBeGreaterThanOrEqual(MIN_COMPARED);
    });
  }

  it("gives the TypeScript inventoryOf(every document of the run) wherever inventoryOf places them", () => {
    const runs = cases.flatMap((c) => c.inventories);
    expect(runs.length).toBeGreaterThan(0);
    for (const documents of runs) {
      const placed = documents.filter(inventoryOfPlaces);
      expect(gatorInventory(placed)).toEqual(inventoryOf(placed));
    }
  });

  it(`compares at least ${MIN_SHARE * 100}% of all sampled tuples`, () => {
    const lines = cases.map((c) => {
      const compared = [...c.outcomes.values()].filter((o): o is Compared => o.status === "compared");
      const violating = compared.filter((o) => o.gator.length > 0).length;
      const skips = skipSummary(c);
      return `  ${c.slug}: ${compared.length}/${c.sampled} compared, ${violating} with violations${c.referential ? " (one run per tuple)" : ""}${skips ? `\n${skips}` : ""}`;
    });
    const sampled = cases.reduce((n, c) => n + c.sampled, 0);
    const compared = cases.reduce((n, c) => n + [...c.outcomes.values()].filter((o) => o.status === "compared").length, 0);
    console.info(`gator-generated: ${compared}/${sampled} tuples compared in ${timing.runs} gator runs, ${timing.ms} ms\n${lines.join("\n")}`);
    expect(cases.length).toBe(discoverPolicies(PACKAGE_ROOT).length);
    expect(compared / sampled, `only ${compared}/${sampled} tuples compared:\n${lines.join("\n")}`).toBeGreaterThanOrEqual(MIN_SHARE);
  });
});

function skipSummary(c: PolicyCase): string {
  const reasons = new Map<string, number>();
  for (const o of c.outcomes.values()) {
    if (o.status !== "skipped") continue;
    const reason = o.reason.split(":")[0] === "parameters the template's schema rejects" ? "parameters the template's schema rejects" : o.reason.split("\n")[0]!.slice(0, 120);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  return [...reasons.entries()].map(([r, n]) => `    skipped ${n}: ${r}`).join("\n");
}

function describeMismatch(c: PolicyCase, index: number, outcome: Compared): string {
  const tuple = c.tuples.get(index)!;
  const native = outcome.native;
  const onlyGator = "error" in native ? outcome.gator : outcome.gator.filter((m) => !native.messages.includes(m));
  const onlyNative = "error" in native ? [] : native.messages.filter((m) => !outcome.gator.includes(m));
  return [
    `tuple ${index} (${constraintName(index)}):`,
    `  object:     ${JSON.stringify(tuple.object)}`,
    `  parameters: ${JSON.stringify(tuple.parameters)}`,
    ...(c.referential ? [`  inventory:  ${JSON.stringify(tuple.inventory)}`] : []),
    `  gator:      ${JSON.stringify(outcome.gator)}`,
    `  TypeScript: ${describeOutcome(native)}`,
    ...onlyGator.map((m) => `  only gator:      ${JSON.stringify(m)}`),
    ...onlyNative.map((m) => `  only TypeScript: ${JSON.stringify(m)}`),
  ].join("\n");
}
