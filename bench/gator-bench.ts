// `node bin/run-ts.js bench/gator-bench.ts [kind...] [--engine rego|cel|both] [--iterations N] [--rounds N] [--warmup N] [--cel-without-messages]`:
// Gatekeeper's own `gator bench` on every gatekeeper-library kind gkc implements, gkc's generated
// template against the library's hand-written one
// (../shared/gatekeeper-library/reference/library/**/template.yaml), for each engine asked (both
// by default, Rego first):
//   - Rego (`-e rego`): gkc's out/templates against the library's templates as they are (gator's
//     Rego driver reads only the Rego code).
//   - CEL (`-e cel`): on the kinds whose library template carries K8sNativeValidation code, gkc's
//     template built with `engine: "both"` (out/ may be Rego only) against the library's, each
//     with its Rego stripped (verify/cel.ts celOnlyTemplate). A kind whose gkc template has no CEL
//     is listed with what keeps it Rego-only. gator's CEL engine loads no referential data.
//     `--cel-without-messages` removes gkc's message expressions (each validation keeps its fixed
//     message): a diagnostic of what they cost, since Kubernetes evaluates them on every review.
//
// Per kind both templates get the same inputs, so gator's "mean latency per review" compares like
// with like. gator bench reviews every object once per iteration against every loaded constraint:
//   - constraints: the library's samples of that kind (vendored suites,
//     conformance/third_party/gatekeeper-library/library/**/samples/*/constraint.yaml). Their
//     enforcementAction is left as it is: gator evaluates deny, dryrun and warn alike (only
//     `scoped` would need gator's enforcement point; no sample uses it). Samples of one kind that
//     share a name (four kinds do) are renamed `<name>--<sample dir>`: gator would otherwise load
//     the last one over the others and still count both.
//   - objects: bench/workloads/*.yaml (a fixed, hand-written cluster: Pods, controllers, Services,
//     Ingresses, RBAC, storage, deprecated apiVersions) plus that kind's suite's
//     samples/*/example_*.yaml. gator bench also loads every reviewed object as referential data
//     (data.inventory), so the referential kinds see the workloads and the samples' inventory
//     objects as their cluster; it has no separate inventory input.
// gkc's templates are copied from out/templates when the run starts (`gkc build` rewrites them), so
// one run measures one version of them, named in the report by commit.
// Each kind is also run with an empty template (gkc's, with a Rego violation rule that never holds,
// or one CEL validation that always passes): gator's own cost per review, the floor under any
// template's ratio.
// Runs alternate gkc, library(, empty), gkc, library, … for `--rounds` rounds; each side's figure is the
// median over rounds of gator's mean and p99. Every run also counts Go heap allocations per review
// (`--memory`: a GC and a MemStats read around the timed loop, nothing inside it): a figure that
// repeats within 0.1 % between runs where latencies on a shared machine move by tens of percent,
// so it shows a rewrite's effect that one latency run cannot. Prints a markdown table per engine and writes them to
// bench/results/gator-bench.md (Rego) and bench/results/gator-bench-cel.md (CEL). A report, not a gate: exit 0 whatever the figures, 2 when the
// library or gator is missing or gator fails (with gator's stderr).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { parse, parseAllDocuments } from "yaml";
import { BuildError, buildProject } from "../compiler/build.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { celOnlyTemplate } from "../verify/cel.js";
import { ToolUnavailableError, toolPath } from "../verify/tools.js";
import { LIBRARY_REFERENCE_ROOT } from "./library-diff/reference.js";
import { filesNamed, templatesByKind } from "./template-files.js";

// A whole default run (49 kinds on Rego and 13 on CEL, × 2 templates × rounds) must stay well
// under 20 minutes on a 2-core machine, where a review costs 0.05–3 ms: gator's own default of 1,000 iterations (of ~50
// objects each) would take over an hour. 150 iterations still time ~7,000 reviews per run, enough
// for a p99; three rounds give a median that drops one disturbed run.
const DEFAULTS = { iterations: 150, warmup: 15, rounds: 3 };
const SUITES_ROOT = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library", "library");
const WORKLOADS = join(PACKAGE_ROOT, "bench", "workloads");
const GKC_TEMPLATES = join(PACKAGE_ROOT, "out", "templates");
const RESULTS: Readonly<Record<Engine, string>> = {
  rego: join(PACKAGE_ROOT, "bench", "results", "gator-bench.md"),
  cel: join(PACKAGE_ROOT, "bench", "results", "gator-bench-cel.md"),
};
const CEL_ENGINE = "K8sNativeValidation";

/** gator bench's engine names (`-e`). */
type Engine = "rego" | "cel";

interface Options {
  readonly kinds: readonly string[];
  readonly engines: readonly Engine[];
  readonly iterations: number;
  readonly warmup: number;
  readonly rounds: number;
  /** gkc's CEL without its message expressions (a diagnostic; the report says so). */
  readonly celWithoutMessages: boolean;
}

/** What one `gator bench` run reports, latencies in nanoseconds. */
interface Run {
  readonly mean: number;
  readonly p99: number;
  readonly objects: number;
  readonly constraints: number;
  readonly violations: number;
  /** Go heap allocations per review (gator's `--memory`: its Mallocs over the timed reviews). */
  readonly allocs: number;
}

interface KindInputs {
  readonly kind: string;
  readonly gkcTemplate: string;
  readonly libraryTemplate: string;
  /**
   * gkc's template with a Rego that never violates, or a CEL whose one validation always passes:
   * what gator costs per review whatever the template does (matching, the driver, the response),
   * so the floor of any ratio.
   */
  readonly floorTemplate?: string;
  /** Constraint files, written to the run's temporary directory when a rename was needed. */
  readonly constraints: readonly string[];
  readonly examples: readonly string[];
}

interface KindResult {
  readonly kind: string;
  readonly gkc: Run;
  readonly library: Run;
  readonly floor?: Run;
}

class ToolError extends Error {}

function fail(message: string): never {
  console.error(`gator-bench: ${message}`);
  process.exit(2);
}

function parseOptions(args: readonly string[]): Options {
  const kinds: string[] = [];
  const numbers = { ...DEFAULTS };
  let engines: Engine[] = ["rego", "cel"];
  let celWithoutMessages = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--cel-without-messages") {
      celWithoutMessages = true;
      continue;
    }
    const engine = /^--engine(?:=(.*))?$/.exec(arg);
    if (engine) {
      const text = engine[1] ?? args[++i];
      if (text !== "rego" && text !== "cel" && text !== "both") fail(`--engine needs rego, cel or both, got ${text ?? "nothing"}`);
      engines = text === "both" ? ["rego", "cel"] : [text];
      continue;
    }
    const flag = /^--(iterations|warmup|rounds)(?:=(.*))?$/.exec(arg);
    if (!flag) {
      if (arg.startsWith("-")) fail(`unknown option ${arg}\nusage: node bin/run-ts.js bench/gator-bench.ts [kind...] [--engine rego|cel|both] [--iterations N] [--rounds N] [--warmup N] [--cel-without-messages]`);
      kinds.push(arg);
      continue;
    }
    const text = flag[2] ?? args[++i];
    const value = Number(text);
    const name = flag[1] as keyof typeof DEFAULTS;
    if (!Number.isInteger(value) || value < (name === "warmup" ? 0 : 1)) fail(`--${name} needs a positive integer, got ${text ?? "nothing"}`);
    numbers[name] = value;
  }
  return { kinds, engines, celWithoutMessages, ...numbers };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function documentKinds(file: string): string[] {
  return parseAllDocuments(readFileSync(file, "utf8")).map((d) => {
    const value: unknown = d.toJS();
    return isRecord(value) && typeof value["kind"] === "string" ? value["kind"] : "";
  });
}

/**
 * Renames a constraint by editing its `metadata.name` line, so every other byte reaches gator as
 * the library wrote it (re-emitting YAML could change what YAML 1.1 reads from a plain scalar).
 */
function renamed(text: string, name: string): string {
  const lines = text.split("\n");
  const metadata = lines.findIndex((l) => /^metadata:\s*$/.test(l));
  for (let i = metadata + 1; metadata >= 0 && i < lines.length && /^(\s|$)/.test(lines[i]!); i++) {
    if (/^\s+name:/.test(lines[i]!)) {
      lines[i] = lines[i]!.replace(/name:.*$/, `name: ${name}`);
      const result = lines.join("\n");
      if ((parse(result) as { metadata?: { name?: unknown } })?.metadata?.name === name) return result;
    }
  }
  throw new ToolError(`cannot rename the constraint to ${name}: no plain metadata.name line`);
}

/** The library's sample constraints and example objects for each kind, from the vendored suites. */
function samplesByKind(work: string): Map<string, { constraints: string[]; examples: string[] }> {
  const byKind = new Map<string, { constraints: string[]; examples: string[]; names: Set<string>; suites: Set<string> }>();
  for (const file of filesNamed(SUITES_ROOT, (n) => n === "constraint.yaml")) {
    const constraint: unknown = parse(readFileSync(file, "utf8"));
    if (!isRecord(constraint) || typeof constraint["kind"] !== "string" || basename(dirname(dirname(file))) !== "samples") continue;
    const kind = constraint["kind"];
    const entry = byKind.get(kind) ?? { constraints: [], examples: [], names: new Set(), suites: new Set() };
    byKind.set(kind, entry);
    const name = String(isRecord(constraint["metadata"]) ? constraint["metadata"]["name"] : "");
    if (entry.names.has(name)) {
      const unique = `${name}--${basename(dirname(file))}`;
      const copy = join(work, "constraints", kind, `${basename(dirname(file))}.yaml`);
      mkdirSync(dirname(copy), { recursive: true });
      writeFileSync(copy, renamed(readFileSync(file, "utf8"), unique));
      entry.names.add(unique);
      entry.constraints.push(copy);
    } else {
      entry.names.add(name);
      entry.constraints.push(file);
    }
    entry.suites.add(dirname(dirname(dirname(file))));
  }
  for (const entry of byKind.values()) {
    for (const suite of entry.suites) {
      for (const example of filesNamed(join(suite, "samples"), (n) => /^example_.*\.ya?ml$/.test(n))) {
        // An AdmissionReview would be reviewed as an object of that kind, not as the request it wraps.
        if (!documentKinds(example).includes("AdmissionReview")) entry.examples.push(example);
      }
    }
  }
  return byKind;
}

/** Nanoseconds in a Go duration string as gator prints it: "873.401µs", "1.2s", "1m2.5s". */
function nanoseconds(duration: unknown): number {
  const units: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  const parts = typeof duration === "string" ? [...duration.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g)] : [];
  if (!parts.length) throw new ToolError(`gator printed a duration gator-bench cannot read: ${JSON.stringify(duration)}`);
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * units[unit!]!, 0);
}

type Side = "gkc" | "library" | "floor";

function gatorBench(gator: string, engine: Engine, side: Side, inputs: KindInputs, options: Options): Run {
  const template = side === "gkc" ? inputs.gkcTemplate : side === "floor" ? inputs.floorTemplate! : inputs.libraryTemplate;
  const files = [template, ...inputs.constraints, WORKLOADS, ...inputs.examples];
  const args = ["bench", "-e", engine, "-n", String(options.iterations), "--warmup", String(options.warmup), "--memory", "-o", "json", ...files.flatMap((f) => ["-f", f])];
  // stdin closed: gator reads a piped stdin as one more input.
  const run = spawnSync(gator, args, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const stderr = (run.stderr ?? "")
    .replace(/^.*WARNING - Resource named .* is already defined in .*\n?/gm, "")
    .replace(/^Warning: \d+ iterations may not provide statistically meaningful P99 metrics.*\n*/m, "")
    .trim();
  const what =
    side === "floor"
      ? `the empty template for ${basename(inputs.gkcTemplate)}`
      : engine === "rego"
        ? side === "gkc"
          ? `gkc's out/templates/${basename(template)}`
          : relative(PACKAGE_ROOT, template)
        : `${side === "gkc" ? "gkc's" : "the library's"} CEL-only template`;
  const where = `gator bench -e ${engine} on ${inputs.kind} with ${what}`;
  if (run.error) throw new ToolError(`${where} did not run: ${run.error.message}`);
  if (run.status !== 0) throw new ToolError(`${where} exited ${run.status ?? run.signal}:\n${stderr || run.stdout}`);
  let results: unknown;
  try {
    results = JSON.parse(run.stdout);
  } catch {
    throw new ToolError(`${where} printed no JSON report:\n${run.stdout.slice(0, 2000)}\n${stderr}`);
  }
  const result = Array.isArray(results) ? results.find((r) => isRecord(r) && r["engine"] === engine) : undefined;
  if (!isRecord(result) || !isRecord(result["latencies"])) throw new ToolError(`${where}: no ${engine} result in its report:\n${run.stdout.slice(0, 2000)}`);
  const skipped = [result["skippedTemplates"], result["skippedConstraints"], result["skippedDataObjects"]].flatMap((s) => (Array.isArray(s) ? s : []));
  if (skipped.length) throw new ToolError(`${where} skipped ${skipped.join(", ")}:\n${stderr}`);
  const memory = result["memoryStats"];
  const reviews = Number(result["iterations"]) * Number(result["objectCount"]);
  if (!isRecord(memory) || typeof memory["totalAllocs"] !== "number" || !(reviews > 0)) throw new ToolError(`${where}: no allocation count (memoryStats) in its report`);
  return {
    mean: nanoseconds(result["latencies"]["mean"]),
    p99: nanoseconds(result["latencies"]["p99"]),
    objects: Number(result["objectCount"]),
    constraints: Number(result["constraintCount"]),
    violations: Number(result["violationCount"]),
    // gator's own allocsPerReview is truncated to an integer; the total keeps the fraction.
    allocs: memory["totalAllocs"] / reviews,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median run of each side: latencies are medians over rounds; counts come from the first run. */
function summarise(runs: readonly Run[]): Run {
  return { ...runs[0]!, mean: median(runs.map((r) => r.mean)), p99: median(runs.map((r) => r.p99)), allocs: median(runs.map((r) => r.allocs)) };
}

function formatAllocs(allocs: number): string {
  return allocs >= 100 ? allocs.toFixed(0) : allocs.toFixed(1);
}

function formatTime(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(0)} µs`;
}

/**
 * Which gkc templates were measured: HEAD, whether the sources they come from differ from it, and a
 * hash of the copies measured (two runs with the same hash timed the same code).
 */
function templatesVersion(files: readonly string[], from: string, sources: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(readFileSync(file));
  const digest = `sha256 ${hash.digest("hex").slice(0, 12)}`;
  const git = (...args: string[]) => spawnSync("git", args, { cwd: PACKAGE_ROOT, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return `${from}, ${digest}`;
  const dirty = git("status", "--porcelain", "--", ...sources).stdout.trim() !== "";
  return `${from} at ${head.stdout.trim()}${dirty ? " with uncommitted changes" : ""}, ${digest}`;
}

/** A kind measured on one engine only by the library: gkc's template has no code for it. */
interface Unmeasured {
  readonly kind: string;
  readonly reason: string;
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, r) => sum + Math.log(r), 0) / values.length);
}

function render(engine: Engine, results: readonly KindResult[], unmeasured: readonly Unmeasured[], options: Options, workloadCount: number, version: string): string {
  const ratios = results.map((r) => r.gkc.mean / r.library.mean);
  const atOrBelow = ratios.filter((r) => r <= 1).length;
  const what =
    engine === "rego"
      ? `gator bench (Rego engine, pinned gator) on ${process.platform}/${process.arch}: gkc's templates (${version}) against the gatekeeper-library's`
      : `gator bench -e cel (Gatekeeper's K8sNativeValidation engine, pinned gator) on ${process.platform}/${process.arch}: gkc's CEL (${version})${options.celWithoutMessages ? " WITH ITS MESSAGE EXPRESSIONS REMOVED (--cel-without-messages, a diagnostic: each validation keeps its fixed message)" : ""} against the gatekeeper-library's hand-written CEL, both templates with the Rego stripped, on the library kinds that carry CEL`;
  const data = engine === "rego" ? "all also loaded as referential data" : "gator's CEL engine loads no referential data";
  const floors = results.every((r) => r.floor !== undefined);
  const floorHeader = floors ? " empty template mean | floor / library | empty template allocs |" : "";
  const floorCells = (r: KindResult) => (r.floor ? ` ${formatTime(r.floor.mean)} | ${(r.floor.mean / r.library.mean).toFixed(2)}× | ${formatAllocs(r.floor.allocs)} |` : "");
  const lines = [
    `${what}, ` +
      `${options.rounds} interleaved round${options.rounds === 1 ? "" : "s"} of ${options.iterations} iterations (warmup ${options.warmup}); median of the rounds' mean and p99 latency per review. ` +
      `A review is one object against all of the kind's constraints; objects = ${workloadCount} workload objects (bench/workloads) + the kind's library examples, ` +
      `${data}; constraints = the kind's library samples. Figures on a shared machine are noisy.`,
    "",
    `| kind | objects | constraints | gkc mean | library mean | ratio gkc/library (mean) | gkc p99 | library p99 | ratio (p99) | gkc allocs | library allocs | ratio (allocs) |${floorHeader}`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${floors ? "---:|---:|---:|" : ""}`,
    ...results.map(
      (r) =>
        `| ${r.kind} | ${r.gkc.objects} | ${r.gkc.constraints} | ${formatTime(r.gkc.mean)} | ${formatTime(r.library.mean)} | ${(r.gkc.mean / r.library.mean).toFixed(2)}× | ` +
        `${formatTime(r.gkc.p99)} | ${formatTime(r.library.p99)} | ${(r.gkc.p99 / r.library.p99).toFixed(2)}× | ` +
        `${formatAllocs(r.gkc.allocs)} | ${formatAllocs(r.library.allocs)} | ${(r.gkc.allocs / r.library.allocs).toFixed(2)}× |${floorCells(r)}`,
    ),
    "",
    results.length
      ? `Geometric mean of the mean ratios over ${results.length} kinds: ${geometricMean(ratios).toFixed(2)}× (p99: ${geometricMean(results.map((r) => r.gkc.p99 / r.library.p99)).toFixed(2)}×); ${atOrBelow} of ${results.length} kinds at or below 1.0×. ` +
        `Allocations per review (gator's \`--memory\`, which repeats within 0.1 % where latencies move by tens of percent): geometric mean of the ratios ${geometricMean(results.map((r) => r.gkc.allocs / r.library.allocs)).toFixed(2)}×, ` +
        `${results.filter((r) => r.gkc.allocs <= r.library.allocs).length} of ${results.length} kinds at or below 1.0×.`
      : "No kind measured.",
  ];
  if (floors && results.length) {
    const floorRatios = results.map((r) => r.floor!.mean / r.library.mean);
    lines.push(
      "",
      `Empty template: gkc's template with ${engine === "rego" ? "a Rego whose violation rule never holds" : "one CEL validation, `true`, and no variables"}, on the same inputs: what gator costs per review whatever a template does ` +
        `(matching, the driver, the response). floor / library is the lowest ratio any template could reach; its geometric mean is ${geometricMean(floorRatios).toFixed(2)}×. ` +
        `Above the floor, gkc's templates cost ${geometricMean(results.map((r) => Math.max(r.gkc.mean - r.floor!.mean, 1) / Math.max(r.library.mean - r.floor!.mean, 1))).toFixed(2)}× the library's (geometric mean of (gkc − floor) / (library − floor), each at least 1 ns) ` +
        `and allocate ${geometricMean(results.map((r) => Math.max(r.gkc.allocs - r.floor!.allocs, 1) / Math.max(r.library.allocs - r.floor!.allocs, 1))).toFixed(2)}× what the library's do (the same, over allocations per review, each at least 1); ` +
        `the empty template's allocations are ${geometricMean(results.map((r) => r.floor!.allocs / r.library.allocs)).toFixed(2)}× the library's (geometric mean).`,
    );
  }
  if (unmeasured.length) {
    lines.push("", `Library kinds with CEL where gkc's template has none (Rego only), not measured: ${unmeasured.map((u) => `${u.kind} (${u.reason})`).join("; ")}.`);
  }
  // Different violation counts mean the two templates did different work on the same inputs.
  const differing = results.filter((r) => r.gkc.violations !== r.library.violations);
  if (differing.length) {
    lines.push(
      "",
      "Results per run differ (gkc / library; gator bench counts every result, not distinct messages) for: " +
        differing.map((r) => `${r.kind} (${r.gkc.violations} / ${r.library.violations})`).join(", ") +
        (engine === "rego"
          ? ". bench/library-diff.ts compares the two templates' verdicts and messages."
          : ". A CEL validation gives one result: gkc has one validation per `yield` (its messages joined), the library one per check it wrote, so counts may differ where verdicts agree."),
    );
  }
  return lines.join("\n") + "\n";
}

/** Runs both sides of every kind, interleaved, `options.rounds` times; throws ToolError on a failure. */
function measure(gator: string, engine: Engine, inputs: readonly KindInputs[], options: Options): KindResult[] {
  const results: KindResult[] = [];
  for (const [index, kindInputs] of inputs.entries()) {
    const { kind } = kindInputs;
    const kindStarted = performance.now();
    const runs = { gkc: [] as Run[], library: [] as Run[], floor: [] as Run[] };
    for (let round = 0; round < options.rounds; round++) {
      runs.gkc.push(gatorBench(gator, engine, "gkc", kindInputs, options));
      runs.library.push(gatorBench(gator, engine, "library", kindInputs, options));
      if (kindInputs.floorTemplate !== undefined) runs.floor.push(gatorBench(gator, engine, "floor", kindInputs, options));
    }
    const result: KindResult = { kind, gkc: summarise(runs.gkc), library: summarise(runs.library), ...(runs.floor.length ? { floor: summarise(runs.floor) } : {}) };
    if (result.gkc.objects !== result.library.objects || result.gkc.constraints !== result.library.constraints) {
      throw new ToolError(`${kind}: gator loaded different inputs for the two templates (objects ${result.gkc.objects}/${result.library.objects}, constraints ${result.gkc.constraints}/${result.library.constraints})`);
    }
    // The floor is a floor only if gator did the same reviews and the template judged nothing.
    if (result.floor && (result.floor.objects !== result.gkc.objects || result.floor.constraints !== result.gkc.constraints || result.floor.violations !== 0)) {
      throw new ToolError(
        `${kind}: the empty template's run is no floor (objects ${result.floor.objects}/${result.gkc.objects}, constraints ${result.floor.constraints}/${result.gkc.constraints}, violations ${result.floor.violations})`,
      );
    }
    results.push(result);
    const seconds = ((performance.now() - kindStarted) / 1000).toFixed(1);
    const spread = (side: Side) => (runs[side].length > 1 ? ` [rounds ${runs[side].map((r) => formatTime(r.mean)).join(", ")}]` : "");
    console.error(
      `[${engine} ${index + 1}/${inputs.length}] ${kind}: gkc ${formatTime(result.gkc.mean)}${spread("gkc")}, library ${formatTime(result.library.mean)}${spread("library")} ` +
        `(${(result.gkc.mean / result.library.mean).toFixed(2)}×)${result.floor ? `, empty template ${formatTime(result.floor.mean)}${spread("floor")}` : ""}; ` +
        `allocations per review ${formatAllocs(result.gkc.allocs)} / ${formatAllocs(result.library.allocs)}${result.floor ? ` / ${formatAllocs(result.floor.allocs)}` : ""} in ${seconds} s`,
    );
  }
  return results;
}

/** A ConstraintTemplate's `code` entries, over all its targets (none where it has no such list). */
function codeEntries(template: unknown): Record<string, unknown>[] {
  const targets = isRecord(template) && isRecord(template["spec"]) && Array.isArray(template["spec"]["targets"]) ? template["spec"]["targets"] : [];
  return targets.flatMap((t: unknown) => (isRecord(t) && Array.isArray(t["code"]) ? t["code"].filter(isRecord) : []));
}

/**
 * gkc's template with its Rego replaced by one whose violation rule never holds (the same kind,
 * schema and package), written as JSON to `path`: gator does everything but evaluate a policy.
 */
function floorTemplate(gkcTemplate: string, path: string): string {
  const template: unknown = parse(readFileSync(gkcTemplate, "utf8"));
  const rego = codeEntries(template).find((c) => c["engine"] === "Rego");
  const source = isRecord(rego?.["source"]) ? rego["source"] : undefined;
  const packageName = typeof source?.["rego"] === "string" ? /^package (\S+)$/m.exec(source["rego"])?.[1] : undefined;
  if (source === undefined || packageName === undefined) throw new ToolError(`${gkcTemplate}: no Rego code with a package to replace`);
  source["rego"] = `package ${packageName}\n\nviolation contains {"msg": "never"} if {\n\tfalse\n}\n`;
  writeFileSync(path, `${JSON.stringify(template, null, 2)}\n`);
  return path;
}

/**
 * gkc's CEL-only template with its K8sNativeValidation source replaced by one validation that
 * always passes (no variables, no message expression), written as JSON to `path`.
 */
function celFloorTemplate(celOnly: Record<string, unknown>, path: string): string {
  const template = structuredClone(celOnly);
  const cel = codeEntries(template).find((c) => c["engine"] === CEL_ENGINE);
  if (cel === undefined) throw new ToolError(`${path}: no ${CEL_ENGINE} code to replace`);
  cel["source"] = { validations: [{ expression: "true", message: "never" }] };
  writeFileSync(path, `${JSON.stringify(template, null, 2)}\n`);
  return path;
}

/** A copy of a CEL-only template whose validations have no `messageExpression` (their fixed `message` stays). */
function withoutMessageExpressions(celOnly: Record<string, unknown>): Record<string, unknown> {
  const template = structuredClone(celOnly);
  for (const code of codeEntries(template)) {
    const validations = isRecord(code["source"]) && Array.isArray(code["source"]["validations"]) ? code["source"]["validations"] : [];
    for (const validation of validations) if (isRecord(validation)) delete validation["messageExpression"];
  }
  return template;
}

function hasCel(template: unknown): boolean {
  return codeEntries(template).some((c) => c["engine"] === CEL_ENGINE);
}

/**
 * The CEL side's templates, written as JSON (valid YAML, read alike by gator's YAML 1.1 reader):
 * gkc's (built with `engine: "both"`) and the library's, each with its Rego stripped, for the
 * kinds whose library template carries CEL; and the kinds where gkc's has none, with the reason.
 */
async function celTemplates(kinds: readonly string[], reference: ReadonlyMap<string, string>, work: string, withoutMessages: boolean): Promise<{ pairs: Map<string, { gkc: string; library: string; floor: string }>; unmeasured: Unmeasured[]; files: string[] }> {
  let build: Awaited<ReturnType<typeof buildProject>>;
  try {
    build = await buildProject(PACKAGE_ROOT, undefined, { engine: "both" });
  } catch (error) {
    if (error instanceof BuildError) throw new ToolError(`gkc build --engine both failed: ${[...error.failure.errors, ...error.failure.diagnostics.map((d) => d.message)].slice(0, 3).join("; ")}`);
    throw error;
  }
  const directory = join(work, "cel");
  mkdirSync(directory);
  const pairs = new Map<string, { gkc: string; library: string; floor: string }>();
  const unmeasured: Unmeasured[] = [];
  for (const kind of kinds) {
    // The text first: the `yaml` package refuses one library template without CEL (templateKind).
    const libraryText = readFileSync(reference.get(kind)!, "utf8");
    if (!libraryText.includes(CEL_ENGINE)) continue;
    const library: unknown = parse(libraryText);
    if (!hasCel(library)) continue;
    const built = build.policies.find((p) => p.policy.meta.kind === kind);
    const text = build.files.get(`templates/${kind.toLowerCase()}.yaml`);
    if (!built || text === undefined) throw new ToolError(`gkc build --engine both produced no template of kind ${kind}`);
    const gkc: unknown = parse(text);
    if (!hasCel(gkc)) {
      const refused = built.compiled.celRefused;
      unmeasured.push({ kind, reason: refused ? `${refused.construct} at ${refused.at}` : "no CEL" });
      continue;
    }
    const celOnly = celOnlyTemplate(gkc as Record<string, unknown>);
    const paths = {
      gkc: join(directory, `gkc-${kind.toLowerCase()}.yaml`),
      library: join(directory, `library-${kind.toLowerCase()}.yaml`),
      floor: celFloorTemplate(celOnly, join(directory, `floor-${kind.toLowerCase()}.yaml`)),
    };
    writeFileSync(paths.gkc, `${JSON.stringify(withoutMessages ? withoutMessageExpressions(celOnly) : celOnly, null, 2)}\n`);
    writeFileSync(paths.library, `${JSON.stringify(celOnlyTemplate(library as Record<string, unknown>), null, 2)}\n`);
    pairs.set(kind, paths);
  }
  return { pairs, unmeasured, files: [...pairs.values()].map((p) => p.gkc) };
}

function writeReport(engine: Engine, report: string): void {
  process.stdout.write(report);
  mkdirSync(dirname(RESULTS[engine]), { recursive: true });
  writeFileSync(RESULTS[engine], report);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!existsSync(LIBRARY_REFERENCE_ROOT)) fail(`the gatekeeper-library reference is missing: ${LIBRARY_REFERENCE_ROOT}`);
  let gator: string;
  try {
    gator = toolPath("gator");
  } catch (error) {
    if (error instanceof ToolUnavailableError) fail(error.message);
    throw error;
  }
  const reference = templatesByKind(LIBRARY_REFERENCE_ROOT, (n) => n === "template.yaml");
  const gkc = templatesByKind(GKC_TEMPLATES, (n) => n.endsWith(".yaml"));
  const implemented = [...reference.keys()].filter((k) => gkc.has(k)).sort();
  const lowered = new Map(implemented.map((k) => [k.toLowerCase(), k]));
  const unknown = options.kinds.filter((k) => !lowered.has(k.toLowerCase()));
  if (unknown.length) fail(`not a library kind gkc implements: ${unknown.join(", ")}`);
  const kinds = options.kinds.length ? [...new Set(options.kinds.map((k) => lowered.get(k.toLowerCase())!))] : implemented;
  const workloadCount = filesNamed(WORKLOADS, (n) => n.endsWith(".yaml")).flatMap(documentKinds).length;

  const work = mkdtempSync(join(tmpdir(), "gkc-gator-bench-"));
  const started = performance.now();
  const reports: [Engine, string][] = [];
  let measured = 0;
  try {
    const samples = samplesByKind(work);
    const inputsOf = (kind: string, gkcTemplate: string, libraryTemplate: string): KindInputs => {
      const sample = samples.get(kind);
      if (!sample) throw new ToolError(`no library sample constraint of kind ${kind} under ${relative(PACKAGE_ROOT, SUITES_ROOT)}`);
      return { kind, gkcTemplate, libraryTemplate, ...sample };
    };
    if (options.engines.includes("rego")) {
      const snapshot = join(work, "gkc-templates");
      mkdirSync(snapshot);
      const gkcTemplates = new Map(kinds.map((kind) => [kind, join(snapshot, basename(gkc.get(kind)!))]));
      for (const kind of kinds) copyFileSync(gkc.get(kind)!, gkcTemplates.get(kind)!);
      const version = templatesVersion([...gkcTemplates.values()], "out/templates", ["out/templates"]);
      const floors = new Map(kinds.map((kind) => [kind, floorTemplate(gkcTemplates.get(kind)!, join(snapshot, `floor-${kind.toLowerCase()}.json`))]));
      const results = measure(gator, "rego", kinds.map((kind) => ({ ...inputsOf(kind, gkcTemplates.get(kind)!, reference.get(kind)!), floorTemplate: floors.get(kind)! })), options);
      measured += results.length;
      reports.push(["rego", render("rego", results, [], options, workloadCount, version)]);
    }
    if (options.engines.includes("cel")) {
      const cel = await celTemplates(kinds, reference, work, options.celWithoutMessages);
      const version = templatesVersion(cel.files, "gkc build --engine both of policies/", ["policies", "compiler", "sdk"]);
      const celKinds = [...cel.pairs.keys()];
      const results = measure(gator, "cel", celKinds.map((kind) => ({ ...inputsOf(kind, cel.pairs.get(kind)!.gkc, cel.pairs.get(kind)!.library), floorTemplate: cel.pairs.get(kind)!.floor })), options);
      measured += results.length;
      reports.push(["cel", render("cel", results, cel.unmeasured, options, workloadCount, version)]);
    }
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    rmSync(work, { recursive: true, force: true });
    fail(error.message); // exits: the `finally` below would not run
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const [engine, report] of reports) writeReport(engine, report);
  console.error(
    `gator-bench: ${measured} kind measurements in ${((performance.now() - started) / 60000).toFixed(1)} min; written to ${reports.map(([engine]) => relative(PACKAGE_ROOT, RESULTS[engine])).join(", ")}`,
  );
}

await main();
