// Gatekeeper's own evaluator agrees with the TypeScript on generated inputs, not only on fixtures.
// `gkc verify` (test/verify.test.ts) compares the TypeScript with OPA compiled to wasm; Gatekeeper
// evaluates the same Rego with Go OPA, which could differ (number formatting, arithmetic, builtins).
// Here every policy's arbitraries (policies/<slug>.arbitraries.ts) are sampled, the tuples
// (object, parameters[, inventory]) go through the pinned `gator test` against the shipped template
// (out/templates/<kind>.yaml, its Rego: where it carries CEL too, gator would judge it by the CEL,
// which test/cel.test.ts compares), and for every tuple the set of messages gator reports equals
// the set the TypeScript predicate yields, byte for byte.
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
// Namespace). Generated objects share names, so a Constraint may select up to MAX_COLLISIONS other
// documents of its run (objects or Constraints): a result of gen-<i> whose violatingObject is its
// tuple's object, whole, is that tuple's; one on another document of the run that gkc's matcher
// says gen-<i> selects is ignored; any other result fails the test (it would mean gkc's matcher is
// wrong). A referential policy's run holds one tuple, whose results are told by identity.
//
// Inventory. gator loads every document of a run into data.inventory (test.go AddData), so the
// TypeScript gets the inventory of every document of the run: inventoryOf, extended to place the
// generated inventory objects inventoryOf drops (no string name) where gator puts them
// (gatorInventory; a test checks it is inventoryOf on everything else). A referential policy
// (it syncs objects, or its template's Rego reads `data`: support/engines.ts regoReadsData) runs
// each tuple on its own: the template, its Constraint, its object and its inventory objects, so
// that the inventory is the tuple's. Any other policy's tuples share runs, whatever its predicate's
// parameters: gator's verdicts cannot depend on a data.inventory its Rego never reads, and the
// TypeScript still gets the run's inventory, so a predicate that reads what its Rego does not is
// caught. (`gkc verify`, test/verify.test.ts, gives both the arbitraries' own inventories.)
//
// What gator cannot take is counted, not compared: a value that is not an object, an object with
// no apiVersion version or no kind (gator's loader refuses it), a Namespace gator cannot convert
// ("cannot cache Namespace"), Gatekeeper's own kinds (gator would load them as templates,
// Constraints or mutators) and parameters the template's schema rejects (ajv, as audit does; gator's
// own refusal is caught too). At least MIN_COMPARED per policy and MIN_SHARE of all sampled tuples
// must be compared.
//
// The sampling, attribution and batching live in test/support/gator-tuples.ts (bench/library-diff.ts
// runs the same tuples through the gatekeeper-library's templates).
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { inventoryOf } from "../sdk/inventory.js";
import { loadArbitraries } from "../verify/differential.js";
import { runNative, type Outcome } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { inParallel } from "./support/gator.js";
import { regoOnlyTemplate, regoReadsData } from "./support/engines.js";
import {
  constraintName,
  entryFor,
  gatorInventory,
  inventoryOfPlaces,
  pack,
  parameterValidator,
  runEntries,
  sampleTuples,
  type Attribution,
  type Entry,
  type RunOutcome,
  type Tuple,
} from "./support/gator-tuples.js";
import { testSeed } from "./support/seed.js";

// About 1,200 gator runs, most of them one per referential tuple. Before runs were packed with
// collisions and only the Rego that reads data ran alone (2026-12-03), 7,100 runs took 835 s
// alone on the 2-core machine and up to 1,527 s beside the other suites.
const TIMEOUT = 1_800_000;
/** Sampled tuples per policy: batched policies, and referential ones (a gator run per tuple). */
const SAMPLES = 170;
const REFERENTIAL_SAMPLES = 170;
const MIN_COMPARED = 100;
const MIN_SHARE = 0.8;
const PARALLEL_RUNS = 2;
/** Tuples per gator run for policies that do not read the inventory. */
const MAX_BATCH = 200;
/**
 * Entries of a run whose Constraint or object an entry's Constraint may select. Generated objects
 * share names and namespaces, so with none a run held 2 or 3 tuples of a Pod policy; each
 * collision costs gator one more review in the run, far less than a run.
 */
const MAX_COLLISIONS = 32;

const SEED = testSeed(20260501, "gator-generated");


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

/**
 * Runs entries through gator (test/support/gator-tuples.ts runEntries) and compares each tuple's
 * messages with the TypeScript's, which gets the inventory of every document of the tuple's run.
 */
async function runCase(c: PolicyCase, entries: readonly Entry[], extra: readonly unknown[], attribution: Attribution): Promise<void> {
  const outcomes = new Map<number, RunOutcome>();
  const log = { runs: 0, ms: 0, onReport: (documents: unknown[]) => void c.inventories.push(documents) };
  await runEntries(c.template, entries, extra, outcomes, log, attribution);
  timing.runs += log.runs;
  timing.ms += log.ms;
  for (const [index, outcome] of outcomes) {
    if (outcome.status !== "ran") {
      c.outcomes.set(index, outcome);
      continue;
    }
    const tuple = c.tuples.get(index)!;
    c.outcomes.set(index, {
      status: "compared",
      gator: outcome.messages,
      native: runNative(c.policy.predicate, tuple.object, tuple.parameters, gatorInventory(outcome.documents)),
    });
  }
}

/** Samples a policy's tuples, sorts out what gator cannot take, and returns its runs. */
async function preparePolicy(file: string): Promise<{ referential: boolean; runs: (() => Promise<void>)[] }> {
  const policy = await loadPolicy(file);
  const slug = basename(file, ".ts");
  const arbitraries = await loadArbitraries(file);
  if (!arbitraries) throw new Error(`${file}: no ${slug}.arbitraries.ts`);
  const kind = policy.meta.kind;
  // The shipped template's Rego: a template with CEL too is judged by its CEL in gator, which
  // test/cel.test.ts compares with the TypeScript.
  const template = regoOnlyTemplate(parse(readFileSync(join(PACKAGE_ROOT, "out", "templates", `${kind.toLowerCase()}.yaml`), "utf8")) as Record<string, unknown>);
  const validate = parameterValidator(template);
  const referential = (policy.meta.syncs?.length ?? 0) > 0 || regoReadsData(template);
  const sampled = referential ? REFERENTIAL_SAMPLES : SAMPLES;
  const c: PolicyCase = { slug, policy, template, referential, validate, sampled, tuples: new Map(), inventories: [], outcomes: new Map() };
  cases.push(c);

  const entries: Entry[] = [];
  for (const tuple of sampleTuples(arbitraries, validate, sampled, SEED)) {
    c.tuples.set(tuple.index, tuple);
    const entry = entryFor(tuple, kind, [template], validate);
    if ("skipped" in entry) c.outcomes.set(tuple.index, { status: "skipped", reason: entry.skipped });
    else entries.push(entry);
  }
  if (referential) return { referential, runs: entries.map((e) => () => runCase(c, [e], e.tuple.inventory, "identity")) };
  return { referential, runs: pack(entries, MAX_BATCH, MAX_COLLISIONS).map((batch) => () => runCase(c, batch, [], "object")) };
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

describe("which templates run a tuple alone (regoReadsData)", () => {
  const template = (rego: string, libs: string[] = [], inCode = false): unknown => ({
    spec: { targets: [inCode ? { code: [{ engine: "Rego", source: { rego, libs } }] } : { rego, libs }] },
  });
  it("sees every reference to the root document, in the Rego, its libs or its code entry", () => {
    for (const read of ["x := data.inventory.cluster", 'x := data["inventory"]', "x := data[k]", "x := data", "some x in data.inventory.namespace[ns]"]) {
      expect(regoReadsData(template(`package p\nviolation contains {"msg": "m"} if {\n\t${read}\n}`)), read).toBe(true);
    }
    expect(regoReadsData(template("package p", ["package lib.x\nf := data.inventory"]))).toBe(true);
    expect(regoReadsData(template("package p\ny := data.inventory", [], true))).toBe(true);
    // Over-approximated: "data" as a string counts too, which costs runs, never a verdict.
    expect(regoReadsData(template('package p\nx := object.get(o, "data", 1)'))).toBe(true);
  });
  it("does not count a field named data, a longer name or Gatekeeper's libs", () => {
    for (const read of ["x := input.review.object.data", "x := metadata.name", "import data.lib.helpers", "x := data.lib.helpers.f(1)", "x := mydata"]) {
      expect(regoReadsData(template(`package p\n${read}`)), read).toBe(false);
    }
  });
  it("refuses a template with no Rego", () => {
    expect(() => regoReadsData({ spec: { targets: [{ code: [{ engine: "K8sNativeValidation", source: {} }] }] } })).toThrow(/no Rego/);
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
