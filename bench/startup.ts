// `node bin/run-ts.js bench/startup.ts`: what a CI run pays before gkc does any work. Medians of
// several runs of `node -e 0`, `gkc --help`, and `gkc audit` on a small generated corpus (73
// objects) with Gatekeeper-native constraints and with the project's own constraints (which
// loads the TypeScript policies), against the pinned `gator test` on the same files. Prints
// markdown; reports figures, never fails on them.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { toolPath } from "../verify/tools.js";
import { coreConstraints, generateCorpus } from "../test/data/audit/corpus.js";

const RUNS = Number(process.env["GKC_BENCH_STARTUP_RUNS"] ?? 7);
const GKC = join(PACKAGE_ROOT, "bin", "gkc.js");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median wall time in milliseconds; the exit status must be one of `ok`. */
function time(command: string, args: readonly string[], ok: readonly number[] = [0]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, { cwd: PACKAGE_ROOT, stdio: ["ignore", "ignore", "pipe"] });
    samples.push(performance.now() - started);
    if (!ok.includes(run.status ?? -1)) throw new Error(`${command} ${args.join(" ")} exited ${run.status}: ${run.stderr.toString().slice(0, 300)}`);
  }
  return median(samples);
}

const work = mkdtempSync(join(tmpdir(), "gkc-bench-startup-"));
try {
  const corpusDir = join(work, "manifests");
  mkdirSync(corpusDir);
  const corpus = generateCorpus({ seed: 11, count: 66 });
  writeFileSync(join(corpusDir, "all.yaml"), corpus.map((o) => JSON.stringify(o)).join("\n---\n") + "\n");
  const constraints = coreConstraints();
  const constraintsFile = join(work, "constraints.yaml");
  writeFileSync(constraintsFile, constraints.map((c) => JSON.stringify(c)).join("\n---\n") + "\n");
  const gator = toolPath("gator");
  // gator gets only the templates these constraints use, as a user would give it.
  const templatesDir = join(work, "templates");
  mkdirSync(templatesDir);
  for (const kind of new Set(constraints.map((c) => String((c as { kind: unknown }).kind).toLowerCase()))) {
    copyFileSync(join(PACKAGE_ROOT, "out", "templates", `${kind}.yaml`), join(templatesDir, `${kind}.yaml`));
  }

  const node = time(process.execPath, ["-e", "0"]);
  const help = time(process.execPath, [GKC, "--help"]);
  const auditNative = time(process.execPath, [GKC, "audit", corpusDir, "--constraints", constraintsFile, "--format", "json", "--no-progress"], [0, 1]);
  const auditProject = time(process.execPath, [GKC, "audit", corpusDir, "--format", "json", "--no-progress"], [0, 1]);
  const gatorTest = time(gator, ["test", "-f", templatesDir, "-f", constraintsFile, "-f", corpusDir, "-o", "json"], [0, 1]);

  console.log(`start-up bench on ${process.platform}/${process.arch}, node ${process.version}: median of ${RUNS} runs; ${corpus.length} objects\n`);
  console.log("| command | ms | vs `node -e 0` | vs `gator test` |");
  console.log("|---|---:|---:|---:|");
  const row = (name: string, ms: number) => console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / node).toFixed(2)}× | ${(ms / gatorTest).toFixed(2)}× |`);
  row("`node -e 0`", node);
  row("`gkc --help`", help);
  row(`\`gkc audit\`, ${constraints.length} Gatekeeper constraints (\`--constraints\`)`, auditNative);
  row("`gkc audit`, the project's constraints (loads its TypeScript policies)", auditProject);
  row(`\`gator test\`, the same ${constraints.length} constraints`, gatorTest);
} finally {
  rmSync(work, { recursive: true, force: true });
}
