// Proves the CEL differential check can fail, in every policy with CEL: mutants of the template's
// CEL (test/support/cel-mutants.ts: one operator at one site of one variable) must be told apart
// from the TypeScript by the check `gkc verify` runs (verify/differential.ts with a CEL target:
// the policy's fixtures and generated inputs, reviewed by Gatekeeper's own CEL driver in the
// pinned celeval), i.e. killed. The unmutated CEL is the control and must agree.
//
// Per policy: up to PER_POLICY mutants, chosen deterministically. A mutant Gatekeeper refuses to
// load (it no longer type-checks) counts as killed at load. Every policy must kill at least one,
// and all of them together MIN_TOTAL_KILL_RATE; every survivor is printed (operator, variable, the
// change), so a weak generator shows. Unlike the Rego fault injection, survivors are not yet
// triaged one by one: a total CEL form has many type guards that no JSON input can tell apart
// (`uint`, which Gatekeeper's decoding never produces; a double's integer test), and the rate is
// measured with those equivalent mutants included (72.8%, 303 of 416, over 52 policies, on 2026-12-01;
// 293 with 300 generated inputs per mutant, where 13 of the survivors needed a rarer input than
// 300 gave, such as a container with an odd integer for a name). A rate is only as good as its
// control: a mutant counts as killed only where the unmutated CEL agrees.
import { basename } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compilePolicyFile, createPolicyProject } from "../compiler/compile.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { discoverPolicies, loadPolicy, type LoadedPolicy, type Predicate } from "../compiler/policies.js";
import { verifyCel, type CelInput, type CelTarget } from "../verify/cel-differential.js";
import { CelEngine } from "../verify/cel-engine.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { loadArbitraries } from "../verify/differential.js";
import { loadPolicyFixtures } from "../verify/fixtures.js";
import type { RequestSpec } from "../verify/review.js";
import { describeCelMutant, renameKind, selectCelMutants, type CelMutant } from "./support/cel-mutants.js";
import { faultPolicies, testSeed } from "./support/seed.js";
import { celOnlyTemplateOf } from "./support/engines.js";

const SEED = testSeed(20261130, "cel-fault-injection");
const ONLY = faultPolicies();
/** Mutants per policy. */
const PER_POLICY = 8;
/** Generated inputs per mutant (after the fixtures): as many as `gkc verify` gives a template by default, and the Rego fault injection a mutant. */
const RUNS = 500;
const MIN_TOTAL_KILL_RATE = 0.7;
const TIMEOUT = 1_800_000;

interface PolicyCase {
  readonly policy: LoadedPolicy;
  readonly slug: string;
  readonly template: Record<string, unknown>;
  readonly sourceLabel: string;
  readonly instrumented: Predicate;
  /** The policy's fixtures and generated inputs, made once: every mutant is checked on the same. */
  readonly inputs: readonly CelInput[];
}

interface Outcome {
  readonly slug: string;
  readonly kind: string;
  readonly control: string | undefined;
  readonly killed: CelMutant[];
  readonly survived: CelMutant[];
  atLoad: number;
}

const policies: PolicyCase[] = [];
const outcomes: Outcome[] = [];
let engine: CelEngine;
let renamed = 0;

/** Runs the check on `template` under a fresh kind; the number of disagreements, or "refused" when Gatekeeper will not load it. */
async function disagreements(c: PolicyCase, template: Record<string, unknown>): Promise<number | "refused"> {
  const kind = `${c.policy.meta.kind}Fi${++renamed}`;
  try {
    await engine.addTemplate(renameKind(template, kind));
  } catch {
    return "refused";
  }
  // The fallback messages name the policy's own kind (messageKind), not the renamed one.
  const target: CelTarget = {
    engine,
    kind,
    sourceLabel: c.sourceLabel,
    instrumented: c.instrumented,
    messageKind: c.policy.meta.kind,
  };
  const cel = await verifyCel(c.policy, target, c.inputs, 0);
  if (cel.fixtures + cel.generated === 0) throw new Error(`${c.slug}: the CEL check compared nothing`);
  return cel.mismatches.length + cel.unreported;
}

/** The inputs `gkc verify` gives the CEL: every fixture, then RUNS generated tuples (fixed seed). */
async function inputsOf(policy: LoadedPolicy, definition: string): Promise<CelInput[]> {
  const inputs: CelInput[] = loadPolicyFixtures(policy.file, definition).map((f) => ({
    source: "fixture",
    caseName: f.name,
    object: f.object,
    parameters: f.parameters,
    inventory: f.inventory,
    ...(f.request ? { request: f.request } : {}),
  }));
  const arbitraries = await loadArbitraries(policy.file, definition);
  if (!arbitraries) throw new Error(`${policy.file}: no arbitraries`);
  const tuples = fc.tuple(arbitraries.objects, arbitraries.parameters, arbitraries.inventory ?? fc.constant([] as readonly unknown[]), arbitraries.requests ?? fc.constant<RequestSpec>({ operation: "CREATE" }));
  fc.sample(tuples, { numRuns: RUNS, seed: SEED }).forEach(([object, parameters, inventory, request], i) =>
    inputs.push({ source: "generated", caseName: `input #${i + 1}`, object, parameters, inventory, ...(arbitraries.requests ? { request } : {}) }),
  );
  return inputs;
}

describe("fault injection on CEL: the differential check kills mutants of the shipped CEL", { timeout: TIMEOUT }, () => {
  beforeAll(async () => {
    const morph = createPolicyProject();
    for (const file of discoverPolicies(PACKAGE_ROOT)) {
      const slug = basename(file, ".ts");
      if (ONLY && !ONLY.includes(slug)) continue;
      const policy = await loadPolicy(file);
      const compiled = compilePolicyFile(morph, file, policy.meta.kind, { project: PACKAGE_ROOT, engine: "both" });
      if (!compiled.cel) continue;
      policies.push({
        policy,
        slug,
        template: celOnlyTemplateOf({ policy, compiled }),
        sourceLabel: compiled.source,
        instrumented: await instrumentedPredicate(compiled.definition),
        inputs: await inputsOf(policy, compiled.definition),
      });
    }
    engine = CelEngine.start();
    for (const c of policies) {
      const control = await disagreements(c, c.template);
      const outcome: Outcome = { slug: c.slug, kind: c.policy.meta.kind, control: control === 0 ? undefined : `the unmutated CEL ${control === "refused" ? "is refused" : `disagrees on ${control} inputs`}`, killed: [], survived: [], atLoad: 0 };
      for (const mutant of selectCelMutants(c.template, PER_POLICY)) {
        const found = await disagreements(c, mutant.template);
        if (found === "refused") outcome.atLoad++;
        (found === 0 ? outcome.survived : outcome.killed).push(mutant);
      }
      outcomes.push(outcome);
    }
  }, TIMEOUT);

  afterAll(() => engine?.close());

  test("the unmutated CEL agrees (the control), and mutants are killed in every policy", () => {
    const lines = outcomes.map((o) => {
      const total = o.killed.length + o.survived.length;
      return `  ${o.kind.padEnd(40)} ${String(total).padStart(3)} mutants ${String(o.killed.length).padStart(3)} killed (${o.atLoad} at load) ${total ? ((100 * o.killed.length) / total).toFixed(0) : "-"}%`;
    });
    const survivors = outcomes.flatMap((o) => o.survived.map((m) => `  ${o.kind}: ${describeCelMutant(m)}`));
    const killed = outcomes.reduce((n, o) => n + o.killed.length, 0);
    const total = outcomes.reduce((n, o) => n + o.killed.length + o.survived.length, 0);
    console.info(`cel fault injection: seed ${SEED}, ${policies.length} policies, ${killed}/${total} mutants killed (${((100 * killed) / Math.max(total, 1)).toFixed(1)}%)\n${lines.join("\n")}\nsurvivors:\n${survivors.join("\n")}`);
    expect(outcomes.length).toBe(policies.length);
    expect(policies.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.control).map((o) => `${o.kind}: ${o.control}`)).toEqual([]);
    for (const o of outcomes) {
      const n = o.killed.length + o.survived.length;
      expect(n, `${o.kind}: no mutant`).toBeGreaterThan(0);
      expect(o.killed.length, `${o.kind}: no mutant killed`).toBeGreaterThan(0);
    }
    if (!ONLY) expect(killed / total).toBeGreaterThanOrEqual(MIN_TOTAL_KILL_RATE);
  });
});
