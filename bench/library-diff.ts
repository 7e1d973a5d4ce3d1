// `node bin/run-ts.js bench/library-diff.ts [kind...] [--samples N] [--seed S] [--no-shrink]`:
// a generated-input differential of the gatekeeper-library's hand-written templates against
// gkc's, both in the pinned `gator test` (Gatekeeper's own evaluator).
//
// For every library kind gkc ships (a kind of ../shared/gatekeeper-library/reference that has an
// out/templates/<kind>.yaml), tuples are sampled from the gkc policy's arbitraries exactly as
// test/gator-generated.test.ts samples them (same seed by default, so the first 170 are the tuples
// that test checks gkc's template against the TypeScript), and the same runs (Constraints, objects,
// inventory) go through gator twice: with gkc's template and with the library's. Per tuple the
// verdicts (any violation or none) and the message sets are compared; a few divergent tuples per
// class are shrunk (bench/library-diff/shrink.ts) for the report. Printed as a table, and written
// to bench/results/library-diff.md. A report, not a gate: exit 0 whatever it finds, 2 when the
// library or gator is missing or gator fails in a way that is no verdict.
//
// The library's templates run on their Rego: their K8sNativeValidation code is removed
// (bench/library-diff/reference.ts). gator test reviews each object as a plain object: no
// operation, userInfo or oldObject, for both sides alike; kinds whose verdicts depend on the
// request are marked.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { toolPath } from "../verify/tools.js";
import { LIBRARY_REFERENCE_ROOT, readReferenceTemplates } from "./library-diff/reference.js";
import { libraryKinds } from "./library-diff/kinds.js";
import { differential } from "./library-diff/differential.js";
import { examples } from "./library-diff/examples.js";
import { renderMarkdown, renderTable, type KindReport } from "./library-diff/report.js";

const DEFAULT_SAMPLES = 300;
/** test/gator-generated.test.ts's default seed: the first tuples are the ones it checks. */
const DEFAULT_SEED = 20260501;
const RESULTS = join(PACKAGE_ROOT, "bench", "results", "library-diff.md");

interface Options {
  readonly kinds: readonly string[];
  readonly samples: number;
  readonly seed: number;
  readonly shrink: boolean;
}

const USAGE = "usage: node bin/run-ts.js bench/library-diff.ts [kind...] [--samples N] [--seed S] [--no-shrink]";

function usage(problem: string): never {
  console.error(`library-diff: ${problem}\n${USAGE}`);
  process.exit(2);
}

function parseOptions(args: readonly string[]): Options {
  const kinds: string[] = [];
  let samples = DEFAULT_SAMPLES;
  let seed = DEFAULT_SEED;
  let shrinking = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith("--") ? (arg.split(/=(.*)/s) as [string, string | undefined]) : [arg, undefined];
    const value = (): number => {
      const text = inline ?? args[++i];
      const n = Number(text);
      if (text === undefined || !Number.isSafeInteger(n)) usage(`${flag} takes an integer, not ${JSON.stringify(text)}`);
      return n;
    };
    if (flag === "--samples") samples = value();
    else if (flag === "--seed") seed = value();
    else if (flag === "--no-shrink") shrinking = false;
    else if (flag === "--help" || flag === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    else if (flag.startsWith("-")) usage(`unknown option ${flag}`);
    else kinds.push(arg);
  }
  if (samples < 1) usage("--samples must be at least 1");
  return { kinds, samples, seed: seed | 0, shrink: shrinking };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const references = readReferenceTemplates(LIBRARY_REFERENCE_ROOT);
  if (!references) {
    console.error(`library-diff: ${relative(process.cwd(), LIBRARY_REFERENCE_ROOT)} is absent (the gatekeeper-library's templates); nothing to compare`);
    process.exit(2);
  }
  let gator: string;
  try {
    gator = toolPath("gator");
  } catch (error) {
    console.error(`library-diff: no gator: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const { cases: all, unbuilt } = await libraryKinds(references);
  const wanted = new Set(options.kinds.map((k) => k.toLowerCase()));
  const unknown = [...wanted].filter((k) => !all.some((c) => c.kind.toLowerCase() === k));
  if (unknown.length) usage(`not a library kind gkc ships: ${unknown.join(", ")} (known: ${all.map((c) => c.kind).join(", ")})`);
  const cases = wanted.size ? all.filter((c) => wanted.has(c.kind.toLowerCase())) : all;
  console.log(`library-diff: ${cases.length} library kinds, ${options.samples} samples each, seed ${options.seed}, gator ${gator}`);
  if (unbuilt.length) console.log(`library-diff: not in out/templates (run gkc build): ${unbuilt.join(", ")}`);

  const started = Date.now();
  const reports: KindReport[] = [];
  for (const [i, c] of cases.entries()) {
    const kindStarted = Date.now();
    const { classified, sampled, validators } = await differential(c, options.samples, options.seed);
    const found = await examples(c, classified, validators, options.shrink);
    const report: KindReport = {
      kind: c.kind,
      policy: basename(c.policyFile),
      reference: c.reference,
      referential: c.referential,
      requestDependent: c.requestDependent,
      sampled,
      classified,
      examples: found,
      seconds: (Date.now() - kindStarted) / 1000,
    };
    reports.push(report);
    const m = classified.messages;
    console.log(
      `[${i + 1}/${cases.length}] ${c.kind}: ${classified.compared} compared, gkc-only denials ${classified.gkcOnly.length}, library-only denials ${classified.libraryOnly.length}, ` +
        `message wording ${[...m.values()].reduce((n, p) => n + p.divergences.length, 0)} (${m.size} patterns), message values only ${classified.valuesOnly.length}` +
        `${classified.evaluation.length ? `, evaluation errors ${classified.evaluation.length}` : ""}${classified.schema.length ? `, schema ${classified.schema.length}` : ""}` +
        `${classified.tool.length ? `, TOOL FAILURES ${classified.tool.length}` : ""} (${report.seconds.toFixed(1)} s)`,
    );
  }
  const seconds = (Date.now() - started) / 1000;
  const meta = { samples: options.samples, seed: options.seed, seconds, date: new Date().toISOString(), unbuilt, partial: wanted.size > 0, shrink: options.shrink };
  console.log(`\n${renderTable(reports)}`);
  mkdirSync(join(RESULTS, ".."), { recursive: true });
  writeFileSync(RESULTS, renderMarkdown(reports, meta));
  console.log(`\nlibrary-diff: ${seconds.toFixed(0)} s; report in ${relative(process.cwd(), RESULTS)}`);
  const failures = reports.reduce((n, r) => n + r.classified.tool.length, 0);
  if (failures) {
    console.error(`library-diff: gator failed on ${failures} tuples in a way that is no verdict (see the report)`);
    process.exit(2);
  }
}

// A failure to load a policy or run a tool is no finding: exit 2, as for a missing gator.
await main().catch((error: unknown) => {
  console.error(`library-diff: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(2);
});
