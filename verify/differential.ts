// The differential check: every fixture and every generated input runs on the TypeScript
// predicate and on the shipped Rego (OPA wasm); any difference is a bug, reported with the case,
// both message sets and the TypeScript lines that yield the disputed messages.
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

export interface Mismatch {
  readonly source: "fixture" | "generated";
  readonly caseName: string;
  readonly object: unknown;
  readonly parameters: unknown;
  readonly expected?: readonly string[];
  readonly inventory?: readonly unknown[];
  readonly request?: RequestSpec;
  readonly typescript: Outcome;
  readonly rego: Outcome;
  readonly detail: string;
}

export interface PolicyReport {
  readonly kind: string;
  readonly fixtures: number;
  readonly generated: number;
  readonly mismatches: readonly Mismatch[];
  readonly seed: number | undefined;
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

export async function verifyPolicy(policy: LoadedPolicy, engine: RegoEngine, options: VerifyOptions): Promise<PolicyReport> {
  const definition = definitionOf(policy.file);
  const sites = yieldSitesOfFile(definition);
  const mismatches: Mismatch[] = [];
  const fixtures = loadPolicyFixtures(policy.file, definition);
  for (const fixture of fixtures) {
    const inventory = inventoryOf(fixture.inventory);
    const typescript = runNative(policy.predicate, fixture.object, fixture.parameters, inventory, fixture.request);
    const rego = engine.evaluate(fixture.object, fixture.parameters, fixture.request, inventory);
    const expected = [...new Set(fixture.violations)].sort();
    const expectedOutcome: Outcome = { messages: expected };
    if (!sameOutcome(typescript, rego) || !sameOutcome(typescript, expectedOutcome)) {
      const detail = !sameOutcome(typescript, rego)
        ? explain(typescript, rego, sites)
        : `both engines differ from the fixture's expected violations: ${explain(typescript, expectedOutcome, sites)}`;
      mismatches.push({
        source: "fixture",
        caseName: fixture.name,
        object: fixture.object,
        parameters: fixture.parameters,
        ...(fixture.inventory.length ? { inventory: fixture.inventory } : {}),
        expected,
        typescript,
        rego,
        detail,
      });
    }
  }

  let generated = 0;
  const arbitraries = await loadArbitraries(policy.file, definition);
  if (arbitraries && options.runs > 0) {
    const inventories = arbitraries.inventory ?? fc.constant([] as readonly unknown[]);
    const requests = arbitraries.requests ?? fc.constant<RequestSpec>({ operation: "CREATE" });
    const property = fc.property(arbitraries.objects, arbitraries.parameters, inventories, requests, (object, parameters, synced, request) => {
      generated++;
      const inventory: Inventory = inventoryOf(synced);
      return sameOutcome(runNative(policy.predicate, object, parameters, inventory, request), engine.evaluate(object, parameters, request, inventory));
    });
    const result = fc.check(property, { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    if (result.failed && result.counterexample) {
      const [object, parameters, synced, request] = result.counterexample;
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
    return { kind: policy.meta.kind, fixtures: fixtures.length, generated: result.numRuns, mismatches, seed: result.seed };
  }
  return { kind: policy.meta.kind, fixtures: fixtures.length, generated, mismatches, seed: undefined };
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
    `    Rego/wasm:  ${describeOutcome(m.rego)}`,
    `    ${m.detail}`,
  ].join("\n");
}
