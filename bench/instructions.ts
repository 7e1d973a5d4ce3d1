// `node bin/run-ts.js bench/instructions.ts [kind...] [--templates DIR]...` (npm run bench:instructions):
// the machine instructions OPA's evaluator spends per review on gkc's Rego and on the
// gatekeeper-library's hand-written Rego, counted by valgrind (callgrind's `Ir`).
//
// Why a count beside bench/gator-bench.ts: gator's latencies on a shared 2-core machine move ±10–20 %
// between runs, more than most single rewrites gain, while an instruction count repeats within a
// few percent (the Go runtime's map order and scheduling remain). It measures only the evaluation,
// the part a template controls: gator's own work per review (matching, the driver, the response)
// is left out, so its ratios are those "above the floor" of gator-bench.ts. Use it to compare two
// versions of a template (`--templates` twice: before and after); report latency with gator bench.
// Go runs with its collector off here, so an allocation costs a pointer bump: a rewrite that
// allocates less (fewer calls, no value built for a test) shows in gator bench and `opa bench`,
// hardly here.
//
// The reviews are gator bench's: each object of bench/workloads/ and of the kind's library
// examples, against each of the kind's sample Constraints that matches it (by apiGroups and
// kinds), with every object also in data.inventory. Each template is evaluated by `opa eval` in a
// query that reviews them all `with input as` each review, once and eleven times; the difference
// over ten rounds, divided by the reviews, is the count per review (the least of three). The
// empty template (a rule that never holds) gives the query's own cost, which each figure has
// subtracted for its ratio.
// Needs valgrind (`apt-get install valgrind`) and the library beside this checkout; exits 2
// without them. A report, not a gate.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { ToolUnavailableError, toolPath } from "../verify/tools.js";
import { LIBRARY_REFERENCE_ROOT, readReferenceTemplates } from "./library-diff/reference.js";
import { filesNamed, templatesByKind } from "./template-files.js";

const SUITES_ROOT = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library", "library");
const WORKLOADS = join(PACKAGE_ROOT, "bench", "workloads");
const ROUNDS = 10;
const REPEATS = 3;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Review {
  readonly review: JsonObject;
  readonly parameters: Json;
}

/** One Rego program to count: its modules and the package whose `violation` the query reads. */
interface Program {
  readonly label: string;
  readonly modules: readonly string[];
  readonly packageName: string;
  readonly v0: boolean;
}

function fail(message: string): never {
  console.error(`bench/instructions: ${message}`);
  process.exit(2);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function documents(file: string): JsonObject[] {
  return parseAllDocuments(readFileSync(file, "utf8"))
    .map((d) => d.toJSON() as unknown)
    .filter((o): o is JsonObject => isObject(o) && typeof o["kind"] === "string" && typeof o["apiVersion"] === "string");
}

function groupOf(object: JsonObject): string {
  const apiVersion = String(object["apiVersion"]);
  return apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
}

/**
 * Whether a Constraint's match.kinds selects the object. gator also applies namespaces, label
 * selectors and scope, which some samples set: such a review is counted here and skipped there.
 */
function matches(constraint: JsonObject, object: JsonObject): boolean {
  const match = isObject(constraint["spec"]) && isObject(constraint["spec"]["match"]) ? constraint["spec"]["match"] : {};
  const kinds = Array.isArray(match["kinds"]) ? match["kinds"] : [{ apiGroups: ["*"], kinds: ["*"] }];
  return kinds.some((k) => {
    if (!isObject(k)) return false;
    const groups = Array.isArray(k["apiGroups"]) ? k["apiGroups"] : ["*"];
    const names = Array.isArray(k["kinds"]) ? k["kinds"] : ["*"];
    return groups.some((g) => g === "*" || g === groupOf(object)) && names.some((n) => n === "*" || n === object["kind"]);
  });
}

/** data.inventory of every object, as gator bench loads the objects it reviews. */
function inventoryOf(objects: readonly JsonObject[]): JsonObject {
  const cluster: JsonObject = {};
  const namespaced: JsonObject = {};
  const at = (root: JsonObject, key: string): JsonObject => (isObject(root[key]) ? root[key] : (root[key] = {}));
  for (const object of objects) {
    const metadata = isObject(object["metadata"]) ? object["metadata"] : {};
    const name = typeof metadata["name"] === "string" ? metadata["name"] : "";
    const namespace = typeof metadata["namespace"] === "string" ? metadata["namespace"] : "";
    const root = namespace ? at(namespaced, namespace) : cluster;
    at(at(root, String(object["apiVersion"])), String(object["kind"]))[name] = object;
  }
  return { cluster, namespace: namespaced };
}

/** The kind's reviews: every workload and example object against every sample Constraint matching it. */
function reviewsOf(kind: string, workloads: readonly JsonObject[]): { reviews: Review[]; objects: JsonObject[] } {
  const samples = filesNamed(SUITES_ROOT, (name) => name === "constraint.yaml")
    .map((file) => ({ file, constraint: parse(readFileSync(file, "utf8")) as unknown }))
    .filter((s): s is { file: string; constraint: JsonObject } => isObject(s.constraint) && s.constraint["kind"] === kind);
  const examples = samples.flatMap((s) => filesNamed(join(s.file, ".."), (name) => name.startsWith("example_") && name.endsWith(".yaml")).flatMap(documents));
  const objects = [...workloads, ...examples];
  const reviews: Review[] = [];
  for (const object of objects) {
    for (const { constraint } of samples) {
      if (!matches(constraint, object)) continue;
      const metadata = isObject(object["metadata"]) ? object["metadata"] : {};
      const version = String(object["apiVersion"]).split("/").pop() ?? "";
      const spec = isObject(constraint["spec"]) ? constraint["spec"] : {};
      reviews.push({
        review: { object, kind: { group: groupOf(object), version, kind: object["kind"] ?? null }, name: metadata["name"] ?? null, namespace: metadata["namespace"] ?? null, operation: "CREATE" },
        parameters: spec["parameters"] ?? {},
      });
    }
  }
  return { reviews, objects };
}

/** A template's Rego modules (its rego and libs). */
function regoOf(template: unknown): { rego: string; libs: string[] } | undefined {
  const target = isObject(template) && isObject(template["spec"]) && Array.isArray(template["spec"]["targets"]) ? template["spec"]["targets"][0] : undefined;
  if (!isObject(target)) return undefined;
  const code = Array.isArray(target["code"]) ? target["code"].find((c) => isObject(c) && c["engine"] === "Rego") : undefined;
  const source = isObject(code) && isObject(code["source"]) ? code["source"] : target;
  const rego = typeof source["rego"] === "string" ? source["rego"] : typeof target["rego"] === "string" ? target["rego"] : undefined;
  const libs = Array.isArray(source["libs"]) ? source["libs"] : Array.isArray(target["libs"]) ? target["libs"] : [];
  return rego === undefined ? undefined : { rego, libs: libs.filter((l): l is string => typeof l === "string") };
}

function packageOf(rego: string): string {
  return /^package\s+(\S+)/m.exec(rego)?.[1] ?? fail("a template's Rego has no package");
}

/**
 * Instructions callgrind counts for one `opa eval` of the program over the reviews, `rounds` times;
 * undefined, with the reason on stderr, when the evaluation fails (a library template that
 * raises a conflict on some review, as K8sPSPHostProbesLifecycle's does).
 */
function instructions(opa: string, program: Program, data: string, rounds: number): number | undefined {
  const work = mkdtempSync(join(tmpdir(), "gkc-instructions-"));
  try {
    program.modules.forEach((module, i) => writeFileSync(join(work, `m${i}.rego`), module));
    writeFileSync(join(work, "data.json"), data);
    writeFileSync(
      join(work, "query.rego"),
      `package gkcbench\nresults := [count(v) | r := numbers.range(1, ${rounds})[_]; x := data.reviews[_]; v := data.${program.packageName}.violation with input as x]\n`,
    );
    const args = ["--tool=callgrind", "--callgrind-out-file=/dev/null", opa, "eval", ...(program.v0 ? ["--v0-compatible"] : []), "--format", "json", "-d", work, "data.gkcbench.results"];
    // Go's preemption signals crash callgrind, and its collector would add noise: neither runs.
    // A spinning lock reads the clock with RDTSCP, which valgrind 3.19 cannot decode (SIGILL on a
    // busy machine): cpu.rdtscp=off makes Go use LFENCE and RDTSC instead.
    const env = { ...process.env, GODEBUG: "asyncpreemptoff=1,cpu.rdtscp=off", GOMAXPROCS: "1", GOGC: "off" };
    const run = spawnSync("valgrind", args, { encoding: "utf8", maxBuffer: 1 << 28, env });
    const collected = /Collected : (\d+)/.exec(run.stderr ?? "");
    if (run.status !== 0 || !collected) {
      const error = /"message": "([^"]*)"/.exec(run.stdout ?? "")?.[1] ?? (run.stderr ?? "").split("\n").slice(-3).join(" ");
      console.error(`${program.label}: not counted: ${error}`);
      return undefined;
    }
    return Number(collected[1]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Instructions per review: (11 rounds − 1 round) / 10 / reviews, the least of REPEATS such
 * measurements. What varies between runs is extra work (the Go runtime's randomised map order
 * and scheduling), so the least is the steadiest: one measurement of a small template moves by
 * up to 10 %, the least of three by a few.
 */
function perReview(opa: string, program: Program, data: string, reviews: number): number | undefined {
  let least: number | undefined;
  for (let i = 0; i < REPEATS; i++) {
    const many = instructions(opa, program, data, ROUNDS + 1);
    const one = many === undefined ? undefined : instructions(opa, program, data, 1);
    if (many === undefined || one === undefined) return undefined;
    const count = (many - one) / ROUNDS / reviews;
    least = least === undefined ? count : Math.min(least, count);
  }
  return least;
}

function parseOptions(args: readonly string[]): { kinds: string[]; templates: string[] } {
  const kinds: string[] = [];
  const templates: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--templates") templates.push(args[++i] ?? fail("--templates needs a directory"));
    else if (arg.startsWith("--templates=")) templates.push(arg.slice("--templates=".length));
    else if (arg.startsWith("-")) fail(`unknown option ${arg}\nusage: node bin/run-ts.js bench/instructions.ts [kind...] [--templates DIR]...`);
    else kinds.push(arg);
  }
  return { kinds, templates: templates.length ? templates : [join(PACKAGE_ROOT, "out", "templates")] };
}

function main(): void {
  const { kinds, templates } = parseOptions(process.argv.slice(2));
  if (spawnSync("valgrind", ["--version"]).status !== 0) fail("valgrind not found: apt-get install valgrind");
  let opa: string;
  try {
    opa = toolPath("opa");
  } catch (error) {
    if (error instanceof ToolUnavailableError) fail(error.message);
    throw error;
  }
  const library = readReferenceTemplates(LIBRARY_REFERENCE_ROOT) ?? fail(`the gatekeeper-library's templates are not at ${LIBRARY_REFERENCE_ROOT}`);
  const workloads = filesNamed(WORKLOADS, (name) => name.endsWith(".yaml")).flatMap(documents);
  const sets = templates.map((directory) => ({ directory, byKind: templatesByKind(directory, (name) => name.endsWith(".yaml")) }));
  const selected = (kinds.length ? kinds : [...library.keys()].filter((k) => sets[0]?.byKind.has(k))).sort();
  // Each set is named by its directory as given: two sets may both end in out/templates.
  const names = sets.map((s) => relative(process.cwd(), s.directory) || ".");
  const header = `| kind | reviews | library | ${names.join(" | ")} | ${names.map((name) => `${name}: ratio above the empty template`).join(" | ")} |`;
  const rows: string[] = [header, `|---|---:|---:|${sets.map(() => "---:|").join("")}${sets.map(() => "---:|").join("")}`];
  for (const kind of selected) {
    const reference = library.get(kind);
    const libraryRego = reference && regoOf(reference.template);
    if (!libraryRego) {
      console.error(`${kind}: no library template; skipped`);
      continue;
    }
    const { reviews, objects } = reviewsOf(kind, workloads);
    if (reviews.length === 0) {
      console.error(`${kind}: no review matches its sample Constraints; skipped`);
      continue;
    }
    const data = JSON.stringify({ reviews, inventory: inventoryOf(objects) });
    const count = (program: Program) => perReview(opa, program, data, reviews.length);
    const libraryProgram: Program = { label: `${kind} (library)`, modules: [libraryRego.rego, ...libraryRego.libs], packageName: packageOf(libraryRego.rego), v0: true };
    const empty: Program = { label: `${kind} (empty)`, modules: [`package gkcempty\nviolation contains 1 if input.review.kind.kind == "-"\n`], packageName: "gkcempty", v0: false };
    const floor = count(empty) ?? fail(`${kind}: the empty template could not be counted`);
    const libraryCount = count(libraryProgram);
    const gkc = sets.map((set) => {
      const file = set.byKind.get(kind);
      const rego = file ? regoOf(parse(readFileSync(file, "utf8"))) : undefined;
      return rego ? count({ label: `${kind} (${set.directory})`, modules: [rego.rego, ...rego.libs], packageName: packageOf(rego.rego), v0: false }) : undefined;
    });
    const thousands = (n: number | undefined) => (n === undefined ? "–" : `${Math.round(n / 1000)}k`);
    const ratio = (n: number | undefined) => (n === undefined || libraryCount === undefined ? "–" : `${((n - floor) / Math.max(1, libraryCount - floor)).toFixed(2)}×`);
    const row = `| ${kind} | ${reviews.length} | ${thousands(libraryCount)} | ${gkc.map(thousands).join(" | ")} | ${gkc.map(ratio).join(" | ")} |`;
    console.error(row);
    rows.push(row);
  }
  console.log(`Instructions per review (valgrind callgrind Ir, OPA ${execFileSync(opa, ["version"], { encoding: "utf8" }).split("\n")[0]?.replace(/^Version:\s*/, "")}); the empty template's are subtracted for the ratios.\n\n${rows.join("\n")}`);
}

main();
