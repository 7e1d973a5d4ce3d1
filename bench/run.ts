// `npm run bench`: compile time of every policy, and evaluations per second of the TypeScript
// predicate and of the OPA wasm module on the same generated inputs. Benchmarks, not tests:
// they report figures and never fail on them.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import fc from "fast-check";
import { buildProject } from "../compiler/build.js";
import { loadArbitraries } from "../verify/differential.js";
import { RegoEngine, readTemplateRego, runNative } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { emitRegoModule } from "../compiler/emit/rego/module.js";

const INPUTS = Number(process.env["GKC_BENCH_INPUTS"] ?? 2000);
const MIN_SECONDS = 1;

function rate(run: () => void, count: number): number {
  // Repeat the whole batch until at least MIN_SECONDS have passed, for a stable figure.
  let rounds = 0;
  const start = performance.now();
  do {
    run();
    rounds++;
  } while (performance.now() - start < MIN_SECONDS * 1000);
  return (rounds * count) / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  console.log(`gkc bench on ${process.platform}/${process.arch}, node ${process.version}, ${INPUTS} inputs per policy\n`);
  await buildProject(PACKAGE_ROOT); // warm up ts-morph and the module cache
  const compileTimes: number[] = [];
  let built = await buildProject(PACKAGE_ROOT);
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    built = await buildProject(PACKAGE_ROOT);
    compileTimes.push(performance.now() - start);
  }
  compileTimes.sort((a, b) => a - b);
  console.log(`compile (all ${built.policies.length} policies, TS → IR → Rego → YAML): median ${compileTimes[1]!.toFixed(0)} ms\n`);

  // "before": the same IR emitted without the optimizer (README, Semantics: the optimizer).
  console.log("| template | TypeScript evals/s | OPA wasm evals/s | wasm / TypeScript | wasm evals/s without the optimizer | optimizer speed-up |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const speedups: number[] = [];
  for (const { policy, compiled } of built.policies) {
    const arbitraries = await loadArbitraries(policy.file);
    if (!arbitraries) continue;
    const inputs = fc.sample(fc.tuple(arbitraries.objects, arbitraries.parameters), { numRuns: INPUTS, seed: 20261127 });
    const engine = await RegoEngine.fromTemplate(readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`)));
    const tsRate = rate(() => {
      for (const [object, parameters] of inputs) runNative(policy.predicate, object, parameters);
    }, inputs.length);
    const wasmRate = rate(() => {
      for (const [object, parameters] of inputs) engine.evaluate(object, parameters);
    }, inputs.length);
    const plainRego = emitRegoModule(compiled.program, { packageName: compiled.packageName, sourceLabel: compiled.source, optimize: false });
    const plain = await RegoEngine.fromTemplate({ kind: policy.meta.kind, packageName: compiled.packageName, rego: plainRego });
    const plainRate = rate(() => {
      for (const [object, parameters] of inputs) plain.evaluate(object, parameters);
    }, inputs.length);
    speedups.push(wasmRate / plainRate);
    console.log(`| ${policy.meta.kind} | ${tsRate.toFixed(0)} | ${wasmRate.toFixed(0)} | ${(wasmRate / tsRate).toFixed(3)} | ${plainRate.toFixed(0)} | ${(wasmRate / plainRate).toFixed(2)}× |`);
  }
  const geomean = Math.exp(speedups.reduce((sum, x) => sum + Math.log(x), 0) / speedups.length);
  console.log(`\nOPA wasm evaluations per second, optimized / unoptimized: geometric mean ${geomean.toFixed(2)}× over ${speedups.length} templates`);
}

await main();
