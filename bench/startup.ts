// `node bin/run-ts.js bench/startup.ts`: what a CI run pays before gkc does any work. Medians of
// several runs of `node -e 0`, `gkc --help`, and `gkc audit` on a small generated corpus (73
// objects) with Gatekeeper-native constraints, with this repository's own constraints (which
// loads its 61 TypeScript policies), and in a team's project adopting the four card policies,
// each against the pinned `gator test` on the same files. Prints markdown; reports figures,
// never fails on them.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { checkSourcesRecord, SOURCES_FILE } from "../compiler/sources.js";
import { toolPath } from "../verify/tools.js";
import { coreConstraints, generateCorpus } from "../test/data/audit/corpus.js";

const RUNS = Number(process.env["GKC_BENCH_STARTUP_RUNS"] ?? 7);
const GKC = join(PACKAGE_ROOT, "bin", "gkc.js");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The library files of the four card policies a team adopts first. */
const CARD_POLICIES = ["required-labels", "approved-registries", "container-limits", "naming-convention"];

/** Median wall time in milliseconds; the exit status must be one of `ok`. */
function time(command: string, args: readonly string[], ok: readonly number[] = [0], cwd = PACKAGE_ROOT): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
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

  // A team's own project, as `gkc init` and the README's adoption example make it: the four card
  // policies re-exported from gkc's library with their sample constraints (gkc installed as a
  // dependency: here a symlink to this checkout), built once. Its gate runs in project mode.
  const team = join(work, "team");
  mkdirSync(join(team, "policies"), { recursive: true });
  mkdirSync(join(team, "node_modules"));
  symlinkSync(PACKAGE_ROOT, join(team, "node_modules", "gkc"), "dir");
  writeFileSync(join(team, "gkc.config.json"), JSON.stringify({ policies: "policies", out: "out" }, null, 2) + "\n");
  copyFileSync(join(PACKAGE_ROOT, "templates", "init", "policies", "package.json"), join(team, "policies", "package.json"));
  for (const file of CARD_POLICIES) {
    writeFileSync(join(team, "policies", `${file}.ts`), `export { template, violations, constraints } from "gkc/library/${file}";\nexport type { Parameters } from "gkc/library/${file}";\n`);
  }
  const built = spawnSync(process.execPath, [GKC, "build"], { cwd: team, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`gkc build in the team project failed: ${built.stderr}`);
  const teamConstraints = readdirSync(join(team, "out", "constraints")).length;

  const node = time(process.execPath, ["-e", "0"]);
  const help = time(process.execPath, [GKC, "--help"]);
  const auditNative = time(process.execPath, [GKC, "audit", corpusDir, "--constraints", constraintsFile, "--format", "json", "--no-progress"], [0, 1]);
  const auditProject = time(process.execPath, [GKC, "audit", corpusDir, "--format", "json", "--no-progress"], [0, 1]);
  const gatorTest = time(gator, ["test", "-f", templatesDir, "-f", constraintsFile, "-f", corpusDir, "-o", "json"], [0, 1]);
  const auditTeam = time(process.execPath, [GKC, "audit", corpusDir, "--format", "json", "--no-progress"], [0, 1], team);
  // Without out/'s record of its sources, the audit loads the policies to learn their constraints.
  const record = join(team, "out", SOURCES_FILE);
  renameSync(record, `${record}.aside`);
  const auditTeamLoading = time(process.execPath, [GKC, "audit", corpusDir, "--format", "json", "--no-progress"], [0, 1], team);
  renameSync(`${record}.aside`, record);
  const ownRecord = checkSourcesRecord(PACKAGE_ROOT, join(PACKAGE_ROOT, "out")).current;
  const gatorTeam = time(gator, ["test", "-f", join(team, "out", "templates"), "-f", join(team, "out", "constraints"), "-f", corpusDir, "-o", "json"], [0, 1], team);

  console.log(`start-up bench on ${process.platform}/${process.arch}, node ${process.version}: median of ${RUNS} runs; ${corpus.length} objects\n`);
  console.log("| command | ms | vs `node -e 0` | vs `gator test` |");
  console.log("|---|---:|---:|---:|");
  const row = (name: string, ms: number) => console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / node).toFixed(2)}× | ${(ms / gatorTest).toFixed(2)}× |`);
  row("`node -e 0`", node);
  row("`gkc --help`", help);
  row(`\`gkc audit\`, ${constraints.length} Gatekeeper constraints (\`--constraints\`)`, auditNative);
  row(`\`gkc audit\`, this repository's ${readdirSync(join(PACKAGE_ROOT, "out", "constraints")).length} constraints (${ownRecord ? "out/ current: read from out/constraints" : "out/ stale: loads its TypeScript policies"})`, auditProject);
  row(`\`gator test\`, the same ${constraints.length} constraints`, gatorTest);
  console.log("");
  console.log(`A team project adopting the four card policies (${teamConstraints} constraints):\n`);
  console.log("| command | ms | vs `gator test` |");
  console.log("|---|---:|---:|");
  console.log(`| \`gkc audit manifests/\`, out/ current (constraints read from out/) | ${auditTeam.toFixed(0)} | ${(auditTeam / gatorTeam).toFixed(2)}× |`);
  console.log(`| \`gkc audit manifests/\`, no record of out/'s sources (loads the 4 TypeScript policies) | ${auditTeamLoading.toFixed(0)} | ${(auditTeamLoading / gatorTeam).toFixed(2)}× |`);
  console.log(`| \`gator test\` with its out/templates and out/constraints | ${gatorTeam.toFixed(0)} | 1.00× |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
