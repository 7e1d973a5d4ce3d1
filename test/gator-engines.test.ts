// Each engine of a gkc template passes gator on its own. The policies are built with
// `engine: "both"`; which templates carry CEL is read from that build, never listed here. Then, in
// copies of that out/, each suite file through its own `gator verify`:
//   - every template with CEL, its Rego stripped (the K8sNativeValidation code alone), on its
//     out/suite as shipped: gator and Gatekeeper judge a template with both engines by its CEL,
//     so out/suite asserts the CEL's messages (compiler/suite.ts, verify/cel-expectations.ts).
//   - the same templates, their CEL stripped (the Rego alone), on the same suites, each case
//     asserting the fixture's own messages instead (one per message, as the Rego gives them). A
//     template without CEL is the Rego alone already, and test/suite.test.ts runs the whole
//     out/suite.
//   - the gatekeeper-library's suites (conformance/third_party) of every kind with a CEL form, with
//     gkc's CEL-only template where the library's template.yaml was (test/conformance.test.ts runs
//     them all with the shipped templates). That includes the kinds whose template keeps to Rego
//     (`engine: "rego"`), compiled here with their CEL to show why.
//
// Messages (README, CEL, rule 25): CEL gives one message per `yield` that produces any, that
// yield's messages joined by "; ", where the Rego gives one result per message. Each case whose
// CEL assertions are not the fixture's is printed, and the same cases as shipped must fail on the
// Rego alone, each CEL message being some of the fixture's joined; but for a case that asserts
// only a count (a number the CEL may not print), which the Rego passes when it counts as many.
// The library's suites cannot be rewritten so: a library case that the CEL fails must be one whose
// `violations: N` counts what the Rego reports per container, of a kind whose template keeps to
// Rego, and `gator test` on its object, with each engine alone, must show the Rego's messages
// passing it and the CEL's being those joined.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BuildError, buildProject, type BuiltPolicy } from "../compiler/build.js";
import { renderTemplate } from "../compiler/bundle.js";
import { compilePolicyFile, createPolicyProject } from "../compiler/compile.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { exactAssertions } from "../compiler/suite.js";
import { caseFailure } from "../conformance/assertions.js";
import { findSuiteFiles, readObjects, readSuite, type GatorAssertion } from "../conformance/suites.js";
import { MESSAGE_SEPARATOR } from "../compiler/emit/cel/source.js";
import { byCodePoint, celOnlyTemplate, showsUnprintableNumber } from "../verify/cel.js";
import { CEL_RAISED_ERROR } from "../verify/cel-expectations.js";
import { CEL_ENGINE, isJoinOf, regoOnlyTemplate, templateEngines, verdictsBySuite, writeTree } from "./support/engines.js";
import { gatorVerify, inParallel, objectIdentity, runGator, type VerifyRun } from "./support/gator.js";

const TIMEOUT = 600_000;
const PARALLEL_RUNS = 2;
const LIBRARY_DIR = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library");

/** A library case as the CEL-only run met it: where its files are and what it asserts. */
interface LibraryCase {
  readonly kind: string;
  readonly directory: string;
  readonly constraint: string;
  readonly object: string;
  readonly assertions: readonly GatorAssertion[];
}

/** A library case the CEL fails, with both engines' messages on it from `gator test`. */
interface Explained {
  readonly key: string;
  readonly rego: readonly string[];
  readonly cel: readonly string[];
  readonly failure: string | undefined;
}

interface SuiteFile {
  readonly path: string;
  readonly suite: { tests: { name: string; template: string; cases: { name: string; assertions: { violations: number | string; message?: string }[] }[] }[] };
}

/** A case of out/suite whose CEL assertions are not the fixture's messages (rule 25). */
interface Rewritten {
  readonly kind: string;
  /** `<suite path>/<test>/<case>`, as gator verify -v names it (suite path relative to the tree). */
  readonly key: string;
  /** The fixture's messages. */
  readonly messages: readonly string[];
  /** The shipped case's assertions (the CEL's). */
  readonly shipped: SuiteFile["suite"]["tests"][number]["cases"][number]["assertions"];
}

const scratch = mkdtempSync(join(tmpdir(), "gkc-gator-engines-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** The trees gator verifies: copies of the build's out/ with one engine stripped, and the library's suites. */
const roots = { out: join(scratch, "out"), rego: join(scratch, "rego"), cel: join(scratch, "cel"), regoShipped: join(scratch, "rego-shipped"), library: join(scratch, "library") };
type Tree = Exclude<keyof typeof roots, "out">;

let build: Awaited<ReturnType<typeof buildProject>>;
/** Parsed templates of the build, by kind; the kinds whose template carries CEL. */
const templates = new Map<string, Record<string, unknown>>();
const celKinds: string[] = [];
/** Templates that keep to Rego (`engine: "rego"`) though their predicate has a CEL form, compiled with it; by kind. */
const pinned = new Map<string, Record<string, unknown>>();
const rewritten: Rewritten[] = [];
/** The library's cases of the CEL kinds, by key; those the CEL fails, with both engines' messages. */
const libraryCases = new Map<string, LibraryCase>();
const explained: Explained[] = [];
/** Per tree: every case its suites hold (keys relative to the tree), and gator's run. */
const expected = new Map<Tree, string[]>();
const runs = new Map<Tree, VerifyRun>();
const timing = { buildMs: 0, gatorMs: 0 };

const fileName = (kind: string): string => kind.toLowerCase();
/** GKC_CEL_POLICY=<kind,...> runs only those kinds (as in test/cel.test.ts, while developing the emitter). */
const only = process.env["GKC_CEL_POLICY"]?.split(",");

/**
 * A copy of out/ with only the suites of `kinds`, whose templates keep one engine alone; with
 * `only`, each suite keeps only the cases whose `suite/<file>/<test>/<case>` key it holds.
 */
function strippedTree(directory: string, kinds: readonly string[], engine: "rego" | "cel", only?: ReadonlySet<string>): string[] {
  cpSync(roots.out, directory, { recursive: true });
  rmSync(join(directory, "suite"), { recursive: true });
  for (const kind of kinds) {
    const path = `suite/${fileName(kind)}.yaml`;
    cpSync(join(roots.out, path), join(directory, path));
    cpSync(join(roots.out, "suite", fileName(kind)), join(directory, "suite", fileName(kind)), { recursive: true });
    if (!only) continue;
    const { suite } = readSuiteFile(join(roots.out, path));
    const tests = suite.tests.map((t) => ({ ...t, cases: t.cases.filter((c) => only.has(`${path}/${t.name}/${c.name}`)) })).filter((t) => t.cases.length);
    writeTree(directory, [[path, { ...suite, tests }] as const]);
  }
  const strip = engine === "rego" ? regoOnlyTemplate : celOnlyTemplate;
  writeTree(directory, kinds.map((kind) => [`templates/${fileName(kind)}.yaml`, strip(templates.get(kind)!)] as const));
  return kinds.map((kind) => join(directory, "suite", `${fileName(kind)}.yaml`));
}

/** The library's suites of the kinds with CEL, gkc's CEL-only template where the library's was. */
function libraryTree(directory: string): string[] {
  const suites: string[] = [];
  libraryCases.clear();
  for (const file of findSuiteFiles(LIBRARY_DIR)) {
    const suite = readSuite(file);
    const first = suite?.tests[0];
    const [constraint] = first?.constraint ? (readObjects(join(dirname(file), first.constraint)) as { kind?: unknown }[]) : [];
    const kind = constraint?.kind;
    const template = typeof kind === "string" ? (pinned.get(kind) ?? (celKinds.includes(kind) ? templates.get(kind) : undefined)) : undefined;
    if (typeof kind !== "string" || !template) continue;
    const target = join(directory, relative(LIBRARY_DIR, dirname(file)));
    cpSync(dirname(file), target, { recursive: true });
    // The vendored suites name the library's template.yaml but do not carry it: gkc's goes there.
    const named = [...new Set((suite?.tests ?? []).map((t) => t.template).filter((t): t is string => t !== undefined))];
    writeTree(target, named.map((t) => [t, celOnlyTemplate(template)] as const));
    const copy = join(target, relative(dirname(file), file));
    suites.push(copy);
    for (const test of suite?.tests ?? []) {
      for (const c of test.cases) {
        if (test.constraint && c.object) libraryCases.set(`${relative(directory, copy)}/${test.name}/${c.name}`, { kind, directory: target, constraint: test.constraint, object: c.object, assertions: c.assertions });
      }
    }
  }
  return suites;
}

function kindOf(template: unknown): string {
  const kind = (template as { spec?: { crd?: { spec?: { names?: { kind?: unknown } } } } }).spec?.crd?.spec?.names?.kind;
  if (typeof kind !== "string") throw new Error("a built template has no kind");
  return kind;
}

function readSuiteFile(path: string): SuiteFile {
  return { path, suite: parse(readFileSync(path, "utf8")) as SuiteFile["suite"] };
}

/** gator verify -v names a case `<test>/<case>` within its suite. */
function caseKeys(file: SuiteFile): string[] {
  return file.suite.tests.flatMap((t) => t.cases.map((c) => `${t.name}/${c.name}`));
}

/** Every case of the suites, keyed as verdictsBySuite keys them (absolute suite paths). */
function keysOf(files: readonly string[]): string[] {
  return files.flatMap((path) => caseKeys(readSuiteFile(path)).map((k) => `${path}/${k}`));
}

/** A run's verdicts, its keys relative to `root` (gator prints the suite paths it found). */
function verdictsUnder(run: VerifyRun, root: string): [string, boolean][] {
  return verdictsBySuite(run.output).map(([key, passed]) => [relative(root, key), passed]);
}

/**
 * The out/suite of one CEL kind, each case asserting the fixture's own messages as the Rego gives
 * them; each case whose shipped (CEL) assertions differ is recorded in `rewritten`, keyed
 * `suiteKey/<test>/<case>`.
 */
function regoSuite(built: BuiltPolicy, file: SuiteFile, suiteKey: string): SuiteFile["suite"] {
  const { kind } = built.policy.meta;
  const fixtures = new Map(built.fixtures.map((f) => [f.name, f]));
  const suite = structuredClone(file.suite);
  for (const test of suite.tests) {
    for (const c of test.cases) {
      const fixture = fixtures.get(c.name);
      if (!fixture) throw new Error(`${kind}: the suite's case '${c.name}' is no fixture of the policy`);
      const assertions = exactAssertions(fixture.violations);
      if (JSON.stringify(assertions) === JSON.stringify(c.assertions)) continue;
      rewritten.push({ kind, key: `${suiteKey}/${test.name}/${c.name}`, messages: [...new Set(fixture.violations)].sort(), shipped: c.assertions });
      c.assertions = assertions;
    }
  }
  return suite;
}

/** A case that asserts only how many validations fail (a number the CEL may not print, README CEL rule 21). */
function countOnly(r: Rewritten): boolean {
  return r.shipped.length === 1 && r.shipped[0]!.message === undefined && typeof r.shipped[0]!.violations === "number";
}

/** The messages a case's assertions require exactly (count first, then one anchored message each), unanchored and unescaped. */
function assertedMessages(assertions: Rewritten["shipped"]): string[] {
  return assertions.filter((a) => a.message !== undefined && a.message !== CEL_RAISED_ERROR).map((a) => a.message!.slice(1, -1).replace(/\\(.)/g, "$1"));
}

beforeAll(async () => {
  const started = Date.now();
  try {
    build = await buildProject(PACKAGE_ROOT, undefined, { engine: "both" });
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    throw new Error(`gkc build --engine both failed:\n${[...error.failure.diagnostics.map((d) => formatDiagnostic(d, PACKAGE_ROOT)), ...error.failure.errors].join("\n")}`);
  }
  timing.buildMs = Date.now() - started;
  writeTree(roots.out, build.files);
  for (const [path, text] of build.files) {
    if (!path.startsWith("templates/")) continue;
    const template = parse(text) as Record<string, unknown>;
    templates.set(kindOf(template), template);
    if (templateEngines(template).includes(CEL_ENGINE) && (!only || only.includes(kindOf(template)))) celKinds.push(kindOf(template));
  }
  celKinds.sort();
  const morph = createPolicyProject();
  for (const { policy } of build.policies) {
    if (policy.meta.engine !== "rego" || (only && !only.includes(policy.meta.kind))) continue;
    const compiled = compilePolicyFile(morph, policy.file, policy.meta.kind, { project: PACKAGE_ROOT, engine: "both" });
    if (compiled.cel) pinned.set(policy.meta.kind, parse(renderTemplate({ policy, compiled })) as Record<string, unknown>);
  }

  // The CEL alone: the templates with CEL, their Rego stripped, on their suites as shipped.
  const celSuites = strippedTree(roots.cel, celKinds, "cel");
  // The Rego alone, each case asserting the fixture's messages.
  const regoSuites = strippedTree(roots.rego, celKinds, "rego");
  for (const kind of celKinds) {
    const built = build.policies.find((p) => p.policy.meta.kind === kind)!;
    const path = join(roots.rego, "suite", `${fileName(kind)}.yaml`);
    writeTree(roots.rego, [[relative(roots.rego, path), regoSuite(built, readSuiteFile(path), relative(roots.rego, path))] as const]);
  }
  // The Rego alone on the rewritten cases as shipped (the others are the same in both copies).
  const regoShippedSuites = strippedTree(roots.regoShipped, [...new Set(rewritten.map((r) => r.kind))].sort(), "rego", new Set(rewritten.map((r) => r.key)));
  const librarySuites = libraryTree(roots.library);

  const trees: [Tree, string[]][] = [
    ["rego", regoSuites],
    ["cel", celSuites],
    ["regoShipped", regoShippedSuites],
    ["library", librarySuites],
  ];
  for (const [tree, suites] of trees) expected.set(tree, keysOf(suites).map((k) => relative(roots[tree], k)));
  const gatorStarted = Date.now();
  // One gator per suite file, two at a time: gator verify builds a client and compiles the
  // template for every case, which for CEL costs far more than the review.
  const outputs = new Map<Tree, VerifyRun[]>(trees.map(([tree]) => [tree, []]));
  await inParallel(
    trees.flatMap(([tree, suites]) => suites.map((suite) => async () => void outputs.get(tree)!.push(await gatorVerify(suite)))),
    PARALLEL_RUNS,
  );
  for (const [tree, list] of outputs) {
    if (list.length) runs.set(tree, { status: Math.max(...list.map((r) => r.status)), output: list.map((r) => r.output).join("\n"), cases: new Map() });
  }
  // Each library case the CEL fails, through `gator test` with each engine alone: the messages
  // gator gives the case's object under the case's Constraint.
  await inParallel(
    failing("library").map((key) => async () => {
      const c = libraryCases.get(key);
      if (!c) throw new Error(`${key}: not a library case the test knows`);
      const object = readObjects(join(c.directory, c.object));
      // Without its match: gator verify matched the object (the Rego passes the case's count
      // there, see the test), while gator test may not match the same object (it gives an object
      // without a namespace none, where a suite's review runs in "default").
      const constraint = readObjects(join(c.directory, c.constraint)).map((d) => {
        const copy = structuredClone(d) as { spec?: { match?: unknown } };
        delete copy.spec?.match;
        return copy;
      });
      const messages = async (template: Record<string, unknown>): Promise<string[]> => {
        const run = await runGator([template, ...constraint, ...object]);
        if (!run.results) throw new Error(`${key}: gator test printed no report: ${run.output}`);
        const identity = objectIdentity(object[0]);
        return run.results.filter((r) => objectIdentity(r.violatingObject) === identity).map((r) => r.msg).sort();
      };
      const template = pinned.get(c.kind) ?? templates.get(c.kind)!;
      const [rego, cel] = [await messages(regoOnlyTemplate(template)), await messages(celOnlyTemplate(template))];
      explained.push({ key, rego, cel, failure: caseFailure(c.assertions, cel) });
    }),
    PARALLEL_RUNS,
  );
  timing.gatorMs = Date.now() - gatorStarted;
}, TIMEOUT);

/** The cases of a tree that failed in gator, or that gator gave no verdict on (checked separately). */
function failing(tree: Tree): string[] {
  const run = runs.get(tree);
  if (!run) return [];
  const verdicts = verdictsUnder(run, roots[tree]);
  return [...verdicts].filter(([, passed]) => !passed).map(([key]) => key).sort();
}

function expectEveryCaseRun(tree: Tree): void {
  const run = runs.get(tree);
  const cases = expected.get(tree) ?? [];
  if (!cases.length) return;
  expect(run, `${tree}: gator verify did not run`).toBeDefined();
  const verdicts = verdictsUnder(run!, roots[tree]);
  expect(verdicts.map(([key]) => key).sort(), `${tree}: gator verify's cases are not the suites' cases:\n${run!.output.slice(-3000)}`).toEqual([...cases].sort());
}

describe("the helpers reading gator verify and CEL's messages", () => {
  it("reads every case's verdict per suite, repeated names included", () => {
    const output = ["=== RUN   t", "    === RUN   a", "    --- PASS: a\t(0.1s)", "    === RUN   a", "    --- FAIL: a\t(0.1s)", "        got 1 violations", "--- FAIL: t\t(0.2s)", "FAIL\t/x/s.yaml\t0.2s", "=== RUN   t", "    --- PASS: a\t(0.1s)", "ok\t/y/s.yaml\t0.1s", "FAIL"].join("\n");
    expect(verdictsBySuite(output)).toEqual([
      ["/x/s.yaml/t/a", true],
      ["/x/s.yaml/t/a", false],
      ["/y/s.yaml/t/a", true],
    ]);
  });

  it("tells a join of messages, whose parts may hold the separator, from anything else", () => {
    expect(isJoinOf("a; b; c", ["c", "a", "b"], "; ", byCodePoint)).toBe(true);
    expect(isJoinOf("x; y; z", ["x; y", "z"], "; ", byCodePoint)).toBe(true);
    expect(isJoinOf("b; a", ["a", "b"], "; ", byCodePoint)).toBe(false);
    expect(isJoinOf("a; a", ["a"], "; ", byCodePoint)).toBe(false);
    expect(isJoinOf("a, b", ["a", "b"], "; ", byCodePoint)).toBe(false);
  });
});

describe("each engine of gkc's templates passes gator verify on its own", { timeout: TIMEOUT }, () => {
  it("builds templates with CEL (derived from the build) and without", () => {
    const without = [...templates.keys()].filter((k) => !celKinds.includes(k)).sort();
    console.info(
      `gator-engines: ${celKinds.length} of ${templates.size} templates carry CEL (build ${timing.buildMs} ms, gator ${timing.gatorMs} ms); ` +
        `Rego only, so not in the CEL runs: ${without.join(", ")}`,
    );
    expect(celKinds.length).toBeGreaterThan(0);
    expect(templates.size).toBe(build.policies.length);
    for (const kind of celKinds) expect(templateEngines(celOnlyTemplate(templates.get(kind)!)), kind).toEqual([CEL_ENGINE]);
    for (const [kind, template] of templates) expect(templateEngines(regoOnlyTemplate(template)), kind).toEqual(["Rego"]);
  });

  it("with the Rego stripped, every template with CEL passes its out/suite as shipped (it asserts the CEL's messages)", () => {
    expectEveryCaseRun("cel");
    expect(failing("cel"), runs.get("cel")?.output.slice(-3000)).toEqual([]);
    expect(runs.get("cel")!.status).toBe(0);
    const raising = rewritten.filter((r) => r.shipped.some((a) => a.message === CEL_RAISED_ERROR));
    console.info(
      `gator-engines: CEL ran ${expected.get("cel")!.length} cases of ${celKinds.length} suites; ${raising.length} assert the CEL's deliberate error (${raising.map((r) => r.key).join(", ")}); ${rewritten.length - raising.length} assert CEL's joined messages where the fixture has several:\n` +
        rewritten
          .filter((r) => !raising.includes(r))
          .map((r) => `  ${r.key}\n    fixture: ${JSON.stringify(r.messages)}\n    CEL:     ${countOnly(r) ? `${r.shipped[0]!.violations} failing (count only)` : JSON.stringify(assertedMessages(r.shipped))}`)
          .join("\n"),
    );
  });

  it("with the CEL stripped, every template with CEL passes its out/suite with each case asserting the fixture's messages", () => {
    expectEveryCaseRun("rego");
    expect(failing("rego"), runs.get("rego")?.output.slice(-3000)).toEqual([]);
    expect(runs.get("rego")!.status).toBe(0);
    expect(expected.get("rego")!.length).toBe(expected.get("cel")!.length);
  });

  it("on the suites as shipped, the Rego alone fails exactly the cases whose CEL assertions differ, and each CEL message is a join of the fixture's messages", () => {
    expectEveryCaseRun("regoShipped");
    expect(rewritten.length).toBeGreaterThan(0);
    // A count-only case that counts one violation per message asserts what the Rego gives too:
    // the Rego alone passes it.
    const regoPasses = (r: Rewritten): boolean => countOnly(r) && r.shipped[0]!.violations === r.messages.length;
    expect(failing("regoShipped")).toEqual(rewritten.filter((r) => !regoPasses(r)).map((r) => r.key).sort());
    for (const r of rewritten) {
      if (countOnly(r)) {
        expect(r.messages.some(showsUnprintableNumber), r.key).toBe(true);
        expect(r.shipped[0]!.violations, r.key).toBeLessThanOrEqual(r.messages.length);
        continue;
      }
      if (r.shipped.some((a) => a.message === CEL_RAISED_ERROR)) {
        // A pattern from the parameters that the CEL raises an error on (rule 23): it denies with the error.
        expect(r.shipped, r.key).toEqual([{ violations: "yes", message: CEL_RAISED_ERROR }]);
        continue;
      }
      const cel = assertedMessages(r.shipped);
      // Same verdict, fewer messages: each CEL message joins some of the fixture's with "; ".
      expect(cel.length, r.key).toBeGreaterThan(0);
      expect(cel.length, r.key).toBeLessThan(r.messages.length);
      expect(r.shipped[0], r.key).toEqual({ violations: cel.length });
      const joined = cel.map((m) => r.messages.filter((part) => m.includes(part)));
      for (const [i, m] of cel.entries()) expect(isJoinOf(m, joined[i]!, MESSAGE_SEPARATOR, byCodePoint), `${r.key}: ${JSON.stringify(m)}`).toBe(true);
      expect(new Set(joined.flat()), r.key).toEqual(new Set(r.messages));
    }
  });

  it("with the Rego stripped, gkc's CEL passes the gatekeeper-library's suites of those kinds, but for counts of messages it joins, all in kinds that keep to Rego", () => {
    expectEveryCaseRun("library");
    const failed = failing("library");
    console.info(
      `gator-engines: the library's suites of the CEL kinds: ${expected.get("library")!.length} cases, ${failed.length} fail on the CEL alone, each because CEL gives one message per yield:\n` +
        explained
          .sort((a, b) => (a.key < b.key ? -1 : 1))
          .map((e) => `  ${e.key}: ${e.failure}\n    Rego: ${JSON.stringify(e.rego)}\n    CEL:  ${JSON.stringify(e.cel)}`)
          .join("\n"),
    );
    expect(expected.get("library")!.length).toBeGreaterThan(0);
    expect(explained.map((e) => e.key).sort()).toEqual(failed);
    // The templates that keep to Rego though they have a CEL form are exactly the kinds whose
    // library suite the CEL fails: every shipped CEL is drop-in for the library's suites.
    expect([...new Set(failed.map((key) => libraryCases.get(key)!.kind))].sort()).toEqual([...pinned.keys()].sort());
    for (const e of explained) {
      const c = libraryCases.get(e.key)!;
      // The Rego alone passes the case on the same object (as test/conformance.test.ts shows for
      // every library case); gator's CEL messages fail it as gator verify did, and they are the
      // Rego's messages joined: fewer, and together the same.
      expect(caseFailure(c.assertions, e.rego), `${e.key}: the Rego's messages ${JSON.stringify(e.rego)}`).toBeUndefined();
      expect(e.failure, `${e.key}: gator test's CEL messages pass the case that gator verify failed`).toBeDefined();
      expect(e.failure, e.key).toMatch(/^got \d+ violations.* but want exactly \d+/);
      expect(e.cel.length, e.key).toBeLessThan(e.rego.length);
      expect(e.cel.length, e.key).toBeGreaterThan(0);
      const parts = e.cel.map((m) => e.rego.filter((part) => m.includes(part)));
      for (const [i, m] of e.cel.entries()) expect(isJoinOf(m, parts[i]!, MESSAGE_SEPARATOR, byCodePoint), `${e.key}: ${JSON.stringify(m)}`).toBe(true);
      expect(new Set(parts.flat()), e.key).toEqual(new Set(e.rego));
    }
  });
});
