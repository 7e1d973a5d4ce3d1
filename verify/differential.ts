// The differential check: every fixture and every generated input runs on the TypeScript
// predicate and on the shipped Rego (OPA wasm), and, when asked, on the shipped CEL (Gatekeeper's
// driver, cel-differential.ts); any difference is a bug, reported with the case, the message sets
// and the TypeScript lines that yield the disputed messages.
import { existsSync } from "node:fs";
import fc from "fast-check";
import { linesFor, yieldSitesOfFile, type YieldSite } from "../compiler/yield-sites.js";
import type { LoadedPolicy } from "../compiler/policies.js";
import { RegoEngine, runNative, sameOutcome, type Outcome } from "./engines.js";
import { loadPolicyFixtures } from "./fixtures.js";
import { definitionOf } from "../compiler/compile.js";
import { importTypeScript } from "../compiler/typescript-loader.js";
import { inventoryOf, type Inventory } from "../sdk/inventory.js";
import type { RequestSpec } from "./review.js";
import { verifyCel, type CelInput, type CelReport, type CelTarget } from "./cel-differential.js";

export interface Mismatch {
  readonly source: "fixture" | "generated";
  readonly caseName: string;
  readonly object: unknown;
  readonly parameters: unknown;
  readonly expected?: readonly string[];
  readonly inventory?: readonly unknown[];
  readonly request?: RequestSpec;
  readonly typescript: Outcome;
  /** The Rego's outcome (OPA wasm); absent when the template has no Rego (the fixture's own expectation failed). */
  readonly rego?: Outcome;
  readonly detail: string;
}

export interface PolicyReport {
  readonly kind: string;
  /** Inputs considered: fixtures, and generated inputs (each run on the Rego when the template has it). */
  readonly fixtures: number;
  readonly generated: number;
  /** Whether the Rego was compared (the template carries Rego). */
  readonly rego: boolean;
  /** Fixtures not compared with the Rego: Gatekeeper refuses their Constraint (parameters that fail the schema). */
  readonly regoRefusedFixtures: number;
  readonly mismatches: readonly Mismatch[];
  readonly seed: number | undefined;
  /** The CEL comparison, when the template carries CEL and it was asked for. */
  readonly cel?: CelReport;
}

export interface Arbitraries {
  readonly objects: fc.Arbitrary<unknown>;
  readonly parameters: fc.Arbitrary<unknown>;
  /** For referential policies: objects synced into data.inventory. */
  readonly inventory?: fc.Arbitrary<readonly unknown[]>;
  /** For policies that read the admission request: operation, oldObject, userInfo, dryRun (default: a CREATE). */
  readonly requests?: fc.Arbitrary<RequestSpec>;
}

/** The arbitraries beside the policy file or, for a re-exported library policy, beside its definition. */
export async function loadArbitraries(policyFile: string, definition: string = policyFile): Promise<Arbitraries | undefined> {
  const path = [policyFile, definition].map((f) => f.replace(/\.ts$/, ".arbitraries.ts")).find((f) => existsSync(f));
  if (!path) return undefined;
  const module = (await importTypeScript(path)) as Partial<Arbitraries>;
  if (!module.objects || !module.parameters) throw new Error(`${path}: must export 'objects' and 'parameters' arbitraries`);
  return { objects: module.objects, parameters: module.parameters, ...(module.inventory ? { inventory: module.inventory } : {}), ...(module.requests ? { requests: module.requests } : {}) };
}

export interface VerifyOptions {
  readonly runs: number;
  readonly seed?: number;
  /** Also compare the template's CEL (Gatekeeper's driver) on the same inputs, at least `runs` generated ones. */
  readonly cel?: CelTarget;
}

function describeOutcome(outcome: Outcome): string {
  return "error" in outcome ? `ERROR ${outcome.error}` : JSON.stringify(outcome.messages);
}

function explain(typescript: Outcome, rego: Outcome, sites: readonly YieldSite[]): string {
  if ("error" in typescript) return `TypeScript ${typescript.error}`;
  if ("error" in rego) return `Rego ${rego.error}`;
  const onlyTs = typescript.messages.filter((m) => !rego.messages.includes(m));
  const onlyRego = rego.messages.filter((m) => !typescript.messages.includes(m));
  const where = (m: string) => {
    const lines = linesFor(m, sites);
    return lines.length ? ` (yield at line ${lines.join(", ")})` : "";
  };
  return [
    ...onlyTs.map((m) => `only TypeScript: ${JSON.stringify(m)}${where(m)}`),
    ...onlyRego.map((m) => `only Rego: ${JSON.stringify(m)}${where(m)}`),
  ].join("; ");
}

/**
 * The TypeScript against the template's engines: the Rego (`engine`, undefined for a template with
 * CEL only) and, with `options.cel`, the CEL, on every fixture and on generated inputs.
 */
export async function verifyPolicy(policy: LoadedPolicy, engine: RegoEngine | undefined, options: VerifyOptions): Promise<PolicyReport> {
  const definition = definitionOf(policy.file);
  const sites = yieldSitesOfFile(definition);
  const mismatches: Mismatch[] = [];
  const fixtures = loadPolicyFixtures(policy.file, definition);
  const celInputs: CelInput[] = [];
  let regoRefusedFixtures = 0;
  for (const fixture of fixtures) {
    const inventory = inventoryOf(fixture.inventory);
    const typescript = runNative(policy.predicate, fixture.object, fixture.parameters, inventory, fixture.request);
    // Gatekeeper admits no Constraint with these parameters: the Rego never sees them.
    const refused = engine !== undefined && !engine.acceptsParameters(fixture.parameters);
    if (refused) regoRefusedFixtures++;
    const rego = refused ? undefined : engine?.evaluate(fixture.object, fixture.parameters, fixture.request, inventory);
    const expected = [...new Set(fixture.violations)].sort();
    const expectedOutcome: Outcome = { messages: expected };
    celInputs.push({ source: "fixture", caseName: fixture.name, object: fixture.object, parameters: fixture.parameters, inventory: fixture.inventory, request: fixture.request });
    const regoDiffers = rego !== undefined && !sameOutcome(typescript, rego);
    if (regoDiffers || !sameOutcome(typescript, expectedOutcome)) {
      const detail = regoDiffers
        ? explain(typescript, rego, sites)
        : `${rego ? "both engines differ" : "the TypeScript differs"} from the fixture's expected violations: ${explain(typescript, expectedOutcome, sites)}`;
      mismatches.push({
        source: "fixture",
        caseName: fixture.name,
        object: fixture.object,
        parameters: fixture.parameters,
        ...(fixture.inventory.length ? { inventory: fixture.inventory } : {}),
        expected,
        typescript,
        ...(rego ? { rego } : {}),
        detail,
      });
    }
  }

  let generated = 0;
  let seed: number | undefined;
  const arbitraries = await loadArbitraries(policy.file, definition);
  if (arbitraries && options.runs > 0) {
    const inventories = arbitraries.inventory ?? fc.constant([] as readonly unknown[]);
    const requests = arbitraries.requests ?? fc.constant<RequestSpec>({ operation: "CREATE" });
    const tuples = fc.tuple(arbitraries.objects, arbitraries.parameters, inventories, requests);
    const toInput = ([object, parameters, synced, request]: [unknown, unknown, readonly unknown[], RequestSpec], caseName: string): CelInput => ({
      source: "generated",
      caseName,
      object,
      parameters,
      inventory: synced,
      ...(arbitraries.requests ? { request } : {}),
    });
    // The CEL side reviews the very inputs of the runs (not the shrinks after a failure).
    let shrinking = false;
    const property = fc.property(tuples, (tuple) => {
      const [object, parameters, synced, request] = tuple;
      if (!shrinking) {
        generated++;
        celInputs.push(toInput(tuple, `input #${generated}`));
      }
      if (!engine) return true;
      // Only Constraints Gatekeeper admits count: fast-check draws another input instead.
      fc.pre(engine.acceptsParameters(parameters));
      const inventory: Inventory = inventoryOf(synced);
      const same = sameOutcome(runNative(policy.predicate, object, parameters, inventory, request), engine.evaluate(object, parameters, request, inventory));
      if (!same) shrinking = true;
      return same;
    });
    const result = fc.check(property, { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    seed = result.seed;
    generated = result.numRuns;
    if (engine && result.failed && !result.counterexample) {
      // fast-check gave up drawing inputs Gatekeeper admits: a check that saw too little fails.
      const detail = `only ${result.numRuns} of ${options.runs} generated inputs had parameters Gatekeeper admits (${result.numSkips} refused by the schema): the arbitraries must generate Constraints that fit it`;
      mismatches.push({ source: "generated", caseName: `stopped after ${result.numRuns} runs (replay: --seed ${result.seed})`, object: undefined, parameters: undefined, typescript: { error: detail }, detail });
    }
    if (engine && result.failed && result.counterexample) {
      const [[object, parameters, synced, request]] = result.counterexample;
      const inventory = inventoryOf(synced);
      const typescript = runNative(policy.predicate, object, parameters, inventory, request);
      const rego = engine.evaluate(object, parameters, request, inventory);
      mismatches.push({
        source: "generated",
        caseName: `counterexample after ${result.numRuns} runs and ${result.numShrinks} shrinks (replay: --seed ${result.seed})`,
        object,
        parameters,
        ...(synced.length ? { inventory: synced } : {}),
        ...(arbitraries.requests ? { request } : {}),
        typescript,
        rego,
        detail: explain(typescript, rego, sites),
      });
    }
    if (options.cel) {
      const base = seed;
      // Further inputs from seeds derived from the run's, so a replay with --seed gives them again.
      const more = (count: number, round: number) =>
        fc.sample(tuples, { numRuns: count, seed: (base + round * 0x9e3779b1) | 0 }).map((tuple, i) => toInput(tuple, `extra input #${i + 1} of round ${round} (replay: --seed ${base})`));
      for (const input of celInputs) if (input.source === "generated") Object.assign(input, { caseName: `${input.caseName} (replay: --seed ${base})` });
      const cel = await verifyCel(policy, options.cel, celInputs, options.runs, more);
      return { kind: policy.meta.kind, fixtures: fixtures.length, generated, rego: engine !== undefined, regoRefusedFixtures, mismatches, seed, cel };
    }
  }
  const cel = options.cel ? await verifyCel(policy, options.cel, celInputs, 0) : undefined;
  return { kind: policy.meta.kind, fixtures: fixtures.length, generated, rego: engine !== undefined, regoRefusedFixtures, mismatches, seed, ...(cel ? { cel } : {}) };
}

export function formatMismatch(m: Mismatch): string {
  return [
    `  ✗ ${m.source} ${m.caseName}`,
    `    object:     ${JSON.stringify(m.object)}`,
    `    parameters: ${JSON.stringify(m.parameters)}`,
    ...(m.inventory ? [`    inventory:  ${JSON.stringify(m.inventory)}`] : []),
    ...(m.request ? [`    request:    ${JSON.stringify(m.request)}`] : []),
    ...(m.expected ? [`    expected:   ${JSON.stringify(m.expected)}`] : []),
    `    TypeScript: ${describeOutcome(m.typescript)}`,
    ...(m.rego ? [`    Rego/wasm:  ${describeOutcome(m.rego)}`] : []),
    `    ${m.detail}`,
  ].join("\n");
}
