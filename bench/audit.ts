// `node bin/run-ts.js bench/audit.ts [objects]`: `gkc audit` throughput on a generated corpus
// (10,000 objects by default; test/data/audit/corpus.ts) with the parity constraints, against
// the pinned `gator test` on the same files. Both run end to end as CLIs with JSON output
// (`gkc audit --format json`, `gator test -o json`); gkc's phases are also timed in-process.
// Prints markdown. A benchmark, not a test: it reports figures and never fails on them.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { constraintsFromFiles } from "../audit/constraints.js";
import { evaluateConstraints } from "../audit/evaluate.js";
import { readInputs } from "../audit/inputs.js";
import { loadBundle, readTemplates } from "../audit/templates.js";
import { coreConstraints, generateCorpus } from "../test/data/audit/corpus.js";
import { runGatorTest } from "../test/data/audit/gator.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const OBJECTS = Number(process.argv[2] ?? process.env["GKC_BENCH_AUDIT_OBJECTS"] ?? 10_000);
const SEED = 7;

function runCli(args: readonly string[]): Promise<{ seconds: number; status: number | null; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd: PACKAGE_ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let bytes = 0;
    child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
    child.on("error", reject);
    child.on("close", (status) => resolve({ seconds: (performance.now() - started) / 1000, status, bytes }));
  });
}

async function timed<T>(run: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, (performance.now() - started) / 1000];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "gkc-bench-audit-"));
  try {
    const corpus = generateCorpus({ seed: SEED, count: OBJECTS - 7 });
    const corpusDir = join(work, "corpus");
    mkdirSync(corpusDir);
    // Ten files of JSON documents (valid YAML, read identically by both tools).
    const perFile = Math.ceil(corpus.length / 10);
    for (let i = 0; i * perFile < corpus.length; i++) {
      writeFileSync(join(corpusDir, `part-${i}.yaml`), corpus.slice(i * perFile, (i + 1) * perFile).map((o) => JSON.stringify(o)).join("\n---\n") + "\n");
    }
    const constraints = coreConstraints();
    const constraintsFile = join(work, "constraints.yaml");
    writeFileSync(constraintsFile, constraints.map((c) => JSON.stringify(c)).join("\n---\n") + "\n");
    const outDir = join(PACKAGE_ROOT, "out");
    const gatorTemplates = join(outDir, "templates");

    console.log(`gkc audit bench on ${process.platform}/${process.arch}, node ${process.version}: ${corpus.length} objects, ${constraints.length} constraints (seed ${SEED})\n`);

    // gkc, phase by phase, in-process.
    const { templates } = readTemplates(outDir);
    const [set, tConstraints] = await timed(() => constraintsFromFiles([constraintsFile], templates));
    const [inputs, tRead] = await timed(() => readInputs([corpusDir]));
    const kinds = new Set(set.constraints.map((c) => c.ref.kind));
    const [{ bundle }, tCompile] = await timed(() => loadBundle([...templates.values()].filter((t) => kinds.has(t.kind))));
    const enforced = set.constraints.filter((c) => c.actions.length);
    const [evaluation, tEvaluate] = await timed(() => evaluateConstraints(inputs.objects, enforced, bundle));
    console.log("| gkc phase | seconds |");
    console.log("|---|---:|");
    console.log(`| read and parse ${inputs.objects.length} objects | ${tRead.toFixed(2)} |`);
    console.log(`| load and validate ${set.constraints.length} constraints | ${tConstraints.toFixed(3)} |`);
    console.log(`| compile ${kinds.size} templates into one wasm module (cached per user) | ${tCompile.toFixed(2)} |`);
    console.log(`| match and evaluate (${evaluation.evaluated} matched pairs, ${evaluation.violations.length} violations) | ${tEvaluate.toFixed(2)} |`);
    console.log("");

    // End to end: both CLIs, JSON to a pipe.
    const gkcRun = await runCli(["audit", corpusDir, "--constraints", constraintsFile, "--format", "json", "--no-progress"]);
    const gatorRun = await runGatorTest([gatorTemplates, constraintsFile, corpusDir]);
    if (gatorRun.results === undefined) console.error(`gator failed (exit ${gatorRun.status}): ${gatorRun.output.slice(0, 500)}`);
    const gkcRate = corpus.length / gkcRun.seconds;
    const gatorRate = corpus.length / gatorRun.seconds;
    console.log("| objects | constraints | gkc audit s | gkc objects/s | gator test s | gator objects/s | gkc speed / gator |");
    console.log("|---:|---:|---:|---:|---:|---:|---:|");
    console.log(
      `| ${corpus.length} | ${constraints.length} | ${gkcRun.seconds.toFixed(2)} | ${gkcRate.toFixed(0)} | ${gatorRun.seconds.toFixed(2)} | ${gatorRate.toFixed(0)} | ${(gkcRate / gatorRate).toFixed(2)}× |`,
    );
    console.log(`\n(exit codes: gkc ${gkcRun.status}, gator ${gatorRun.status}; gator results: ${gatorRun.results?.length ?? "none"}; gkc violations: ${evaluation.violations.length})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
