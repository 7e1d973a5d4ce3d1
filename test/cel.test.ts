// The CEL that gkc compiles (compiler/emit/cel/) equals the TypeScript in Gatekeeper's own CEL
// engine. Every policy is compiled with `engine: "both"`; a policy the emitter refuses must say
// which construct and where (it ships Rego only). For every policy with CEL, its template with the
// Rego stripped (only the K8sNativeValidation code left) runs in the pinned `gator test` (whose
// K8sNativeValidation driver is on by default) on every fixture of the policy and on generated
// inputs (the policy's arbitraries, sampled with a fixed seed), many tuples per gator run
// (test/support/gator-tuples.ts: one Constraint per tuple, matching only its object).
//
// The TypeScript side runs natively, instrumented so that each message says which `yield` produced
// it (verify/cel.ts); the messages CEL must give follow from them by the documented correspondence
// (one validation per yield, its messages joined by "; ", then what Kubernetes does to a message).
// The instrumented predicate is checked against the plain one on every tuple.
import { basename } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compilePolicyFile, createPolicyProject, type CompiledPolicy } from "../compiler/compile.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { discoverPolicies, loadPolicy, type LoadedPolicy, type Predicate } from "../compiler/policies.js";
import { celDisagreement, celRaisingPatterns, expectedCelMessages, recordRegexCalls, siteMessagesOf, type SiteMessage } from "../verify/cel.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { loadArbitraries } from "../verify/differential.js";
import { EMPTY_INVENTORY, runNative } from "../verify/engines.js";
import { loadPolicyFixtures } from "../verify/fixtures.js";
import { admissionReview } from "../verify/review.js";
import { inParallel } from "./support/gator.js";
import { asKubernetesJson, entryFor, pack, parameterValidator, runEntries, sampleTuples, type Entry, type RunOutcome, type Tuple } from "./support/gator-tuples.js";
import { testSeed } from "./support/seed.js";
import { celOnlyTemplateOf } from "./support/engines.js";

// Every policy with CEL (52), the largest taking minutes of gator runs each on a shared 2-core machine.
const TIMEOUT = 2_700_000;
/** Generated tuples sampled per policy, and how many of them gator must take. */
const SAMPLES = 600;
const MIN_GENERATED = 500;
const MAX_BATCH = 200;
/**
 * Entries of a run whose Constraint may select another's object or Constraint: each costs gator a
 * review, far less than a run, which compiles the template's CEL again. 8 gave about 1,430 runs
 * on the fixed seed, 32 about 430.
 */
const MAX_COLLISIONS = 32;
const PARALLEL_RUNS = 2;
/** Where generated tuples' indexes start (fixtures come first). */
const GENERATED_BASE = 100_000;

const SEED = testSeed(20261129, "cel");

interface Compared {
  readonly index: number;
  readonly gator: readonly string[];
  readonly yielded: readonly SiteMessage[] | { readonly error: string };
  readonly expected: readonly string[] | { readonly error: string };
  /** Runtime patterns on which the CEL raises an error on purpose or by matches() (verify/cel.ts celRaisingPatterns). */
  readonly raising: readonly string[];
  /** The plain predicate's messages, and the instrumented one's (both sorted, unique): the instrumentation changes nothing. */
  readonly plain: readonly string[] | { readonly error: string };
  readonly instrumented: readonly string[] | { readonly error: string };
}

interface PolicyCase {
  readonly slug: string;
  readonly kind: string;
  readonly compiled: CompiledPolicy;
  readonly template: Record<string, unknown>;
  readonly tuples: Map<number, Tuple>;
  readonly fixtures: number;
  readonly sampled: number;
  readonly compared: Compared[];
  readonly skipped: Map<number, string>;
  readonly errors: string[];
  /** gator runs and their time. */
  readonly log: { runs: number; ms: number };
}

const refusals = new Map<string, string>();
const cases: PolicyCase[] = [];

/** The instrumented predicate's messages with their yields, and the runtime patterns its regular-expression calls met on which the CEL raises an error. */
function messagesOf(predicate: Predicate, tuple: Tuple): { readonly yielded: ReturnType<typeof siteMessagesOf>; readonly raising: readonly string[] } {
  const { value, calls } = recordRegexCalls(() => {
    try {
      return siteMessagesOf(predicate(tuple.object, tuple.parameters ?? {}, EMPTY_INVENTORY, admissionReview(tuple.object, "CREATE")));
    } catch (error) {
      return { error: `threw ${String(error)}` };
    }
  });
  return { yielded: value, raising: celRaisingPatterns(calls) };
}

async function prepare(policy: LoadedPolicy, compiled: CompiledPolicy): Promise<(() => Promise<void>)[]> {
  const kind = policy.meta.kind;
  const slug = basename(policy.file, ".ts");
  const template = celOnlyTemplateOf({ policy, compiled });
  const validate = parameterValidator(template);
  const c: PolicyCase = { slug, kind, compiled, template, tuples: new Map(), fixtures: 0, sampled: 0, compared: [], skipped: new Map(), errors: [], log: { runs: 0, ms: 0 } };
  cases.push(c);
  const fixtures = loadPolicyFixtures(policy.file, compiled.definition);
  const tuples: Tuple[] = fixtures.map((f, index) => ({ index, object: asKubernetesJson(f.object), parameters: asKubernetesJson(f.parameters ?? {}), inventory: [] }));
  const arbitraries = await loadArbitraries(policy.file, compiled.definition);
  if (!arbitraries) throw new Error(`${slug}: no arbitraries`);
  // Sample more where gator cannot take many generated objects (no kind, no version, ...).
  let sampled = sampleTuples(arbitraries, validate, SAMPLES, SEED);
  const taken = sampled.filter((t) => !("skipped" in entryFor(t, kind, [template], validate))).length;
  if (taken < SAMPLES * 0.9) sampled = sampleTuples(arbitraries, validate, Math.min(3000, Math.ceil((SAMPLES * SAMPLES * 0.9) / Math.max(taken, 1))), SEED);
  Object.assign(c, { sampled: sampled.length });
  for (const t of sampled) tuples.push({ ...t, index: GENERATED_BASE + t.index, inventory: [] });
  const predicate = await instrumentedPredicate(compiled.definition);
  const entries: Entry[] = [];
  for (const tuple of tuples) {
    c.tuples.set(tuple.index, tuple);
    const entry = entryFor(tuple, kind, [template], validate);
    if ("skipped" in entry) c.skipped.set(tuple.index, entry.skipped);
    else entries.push(entry);
  }
  Object.assign(c, { fixtures: fixtures.length });
  // Attributed by object (gator-tuples.ts): tuples whose Constraints select each other's objects
  // may share a run, so generated objects with common names do not split the runs.
  return pack(entries, MAX_BATCH, MAX_COLLISIONS).map((batch) => async () => {
    const outcomes = new Map<number, RunOutcome>();
    await runEntries(template, batch, [], outcomes, c.log, "object");
    for (const [index, outcome] of outcomes) {
      if (outcome.status === "skipped") c.skipped.set(index, outcome.reason);
      else if (outcome.status === "error") c.errors.push(`tuple ${index}: ${outcome.reason.slice(0, 2000)}`);
      else {
        const tuple = c.tuples.get(index)!;
        const { yielded, raising } = messagesOf(predicate, tuple);
        const plain = runNative(policy.predicate, tuple.object, tuple.parameters, EMPTY_INVENTORY);
        c.compared.push({
          index,
          gator: outcome.messages,
          yielded,
          raising,
          expected: "error" in yielded ? yielded : expectedCelMessages(yielded, kind, compiled.source),
          plain: "error" in plain ? plain : plain.messages,
          instrumented: "error" in yielded ? yielded : [...new Set(yielded.map((y) => y.message))].sort(),
        });
      }
    }
  });
}

describe("CEL (Gatekeeper's K8sNativeValidation engine, in gator) agrees with the TypeScript", { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const morph = createPolicyProject();
    const runs: (() => Promise<void>)[] = [];
    // GKC_CEL_POLICY=<kind,...> runs only those kinds (while developing the emitter).
    const only = process.env["GKC_CEL_POLICY"]?.split(",");
    for (const file of discoverPolicies(PACKAGE_ROOT)) {
      const policy = await loadPolicy(file);
      if (only && !only.includes(policy.meta.kind)) continue;
      const compiled = compilePolicyFile(morph, file, policy.meta.kind, { project: PACKAGE_ROOT, engine: "both" });
      if (compiled.cel) runs.push(...(await prepare(policy, compiled)));
      else refusals.set(policy.meta.kind, compiled.celRefused ? `${compiled.celRefused.construct} (${compiled.celRefused.at}): ${compiled.celRefused.reason}` : "");
    }
    await inParallel(runs, PARALLEL_RUNS);
  }, TIMEOUT);

  it("compiles every policy to CEL or names the construct, and the line, that keeps it Rego-only", () => {
    const total = cases.length + refusals.size;
    console.info(`cel: ${cases.length} of ${total} policies have CEL: ${cases.map((c) => c.kind).join(", ")}`);
    if (!process.env["GKC_CEL_POLICY"]) expect(total).toBe(discoverPolicies(PACKAGE_ROOT).length);
    for (const [kind, reason] of refusals) expect(reason, kind).toMatch(/^.+ \(.+\.ts:\d+\): .+$/);
    if (!process.env["GKC_CEL_POLICY"]) expect(cases.length).toBeGreaterThanOrEqual(4);
  });

  it("the template with CEL only is a K8sNativeValidation source with one validation per yield", () => {
    for (const c of cases) {
      const code = (c.template as { spec: { targets: { code: { engine: string; source: { validations: unknown[] } }[] }[] } }).spec.targets[0]!.code;
      expect(code.map((x) => x.engine), c.kind).toEqual(["K8sNativeValidation"]);
      expect(code[0]!.source.validations.length, c.kind).toBe(c.compiled.yieldSites.length);
    }
  });

  it(`gator's CEL messages equal the TypeScript's (as documented) on every fixture and at least ${MIN_GENERATED} generated inputs per policy`, () => {
    const lines: string[] = [];
    const failures: string[] = [];
    for (const c of cases) {
      failures.push(...c.errors.map((e) => `${c.slug}: a gator run failed: ${e.slice(0, 600)}`));
      const fixturesCompared = c.compared.filter((x) => x.index < GENERATED_BASE).length;
      const generatedCompared = c.compared.length - fixturesCompared;
      const violating = c.compared.filter((x) => x.gator.length > 0).length;
      const raising = c.compared.filter((x) => x.raising.length > 0).length;
      lines.push(`  ${c.kind}: ${fixturesCompared}/${c.fixtures} fixtures, ${generatedCompared}/${c.sampled} generated compared, ${violating} denied, ${raising} with a pattern CEL raises on, ${c.skipped.size} skipped, ${c.log.runs} gator runs in ${c.log.ms} ms`);
      for (const x of c.compared.sort((a, b) => a.index - b.index)) {
        const tuple = c.tuples.get(x.index)!;
        const cut = (v: unknown) => JSON.stringify(v).slice(0, 600);
        const show = () => `${c.kind} tuple ${x.index}: object ${cut(tuple.object)} parameters ${cut(tuple.parameters)}`;
        if ("error" in x.expected || "error" in x.plain) {
          failures.push(`${show()}: the TypeScript failed: ${JSON.stringify(x.expected)}`);
          continue;
        }
        // Exact messages, or (where a runtime pattern makes the CEL raise an error) the documented weaker correspondence.
        const disagreement = "error" in x.yielded ? x.yielded.error : celDisagreement(x.gator, x.yielded, c.kind, c.compiled.source, x.raising);
        if (disagreement) failures.push(`${show()}: ${disagreement}\n    CEL:        ${cut(x.gator)}\n    expected:   ${cut(x.expected)}\n    TypeScript: ${cut(x.plain)}`);
        // Denied by CEL if and only if the TypeScript yields anything (with a raising pattern, celDisagreement decides).
        if (x.raising.length === 0 && (x.gator.length > 0) !== (x.plain.length > 0)) failures.push(`${show()}: verdicts differ`);
      }
      if (fixturesCompared === 0) failures.push(`${c.slug}: gator took no fixture`);
      if (generatedCompared < MIN_GENERATED) failures.push(`${c.slug}: gator took ${generatedCompared} generated tuples, fewer than ${MIN_GENERATED} (${[...new Set(c.skipped.values())].slice(0, 5).join("; ")})`);
    }
    console.info(`cel: seed ${SEED}\n${lines.join("\n")}`);
    const byPolicy = new Map<string, number>();
    for (const f of failures) byPolicy.set(f.split(" ")[0]!, (byPolicy.get(f.split(" ")[0]!) ?? 0) + 1);
    if (failures.length) console.info(`cel: failures per policy: ${JSON.stringify([...byPolicy])}`);
    const shown = failures.length > 10 ? [...failures.slice(0, 10), `... and ${failures.length - 10} more`] : failures;
    expect(shown, `CEL and the TypeScript disagree (seed ${SEED})`).toEqual([]);
  });

  it("the instrumented predicate yields what the plain one yields", () => {
    let compared = 0;
    for (const c of cases) {
      for (const x of c.compared) {
        expect(x.instrumented, `${c.kind} tuple ${x.index}`).toEqual(x.plain);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});
