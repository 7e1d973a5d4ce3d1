// Gatekeeper's own evaluator agrees with the TypeScript. Every policy fixture runs through the
// pinned `gator test` (Gatekeeper's Go Rego driver, OPA as a library) against the ConstraintTemplate
// gkc compiles from the policy now, and the set of messages gator reports for the fixture's object
// must equal the set the TypeScript predicate yields natively, byte for byte.
//
// One gator run per (parameters set, batch): the run holds the template, one Constraint with those
// parameters and no `match` (so it matches every object), and one object per fixture. gator's report
// names the violating object, and a fixture's object is not renamed (its name can be in the
// messages), so a batch only holds objects that differ in apiVersion/kind/namespace/name; fixtures
// whose objects collide go to further batches. gator also reviews the template and the Constraint
// themselves as objects: those results are ignored.
//
// Fixtures gator cannot take as a Kubernetes object (no string apiVersion and kind, or an object
// its loader refuses, e.g. a Namespace whose metadata is not an object) are skipped and counted;
// at least MIN_COMPARED_SHARE of all fixtures must be compared.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProject } from "../compiler/build.js";
import { discoverPolicies, type Predicate } from "../compiler/policies.js";
import { runNative } from "../verify/engines.js";
import { loadFixtures, type Fixture } from "../verify/fixtures.js";
import { PROJECT_ROOT } from "../verify/tools.js";
import { CONSTRAINT_API_VERSION, inParallel, objectIdentity, runGator, type GatorRun } from "./support/gator.js";

const TIMEOUT = 240_000;
const MIN_COMPARED_SHARE = 0.8;
const PARALLEL_RUNS = 4;

/** The policies that have fixtures, by file; fixtures are read at collection time for it.for. */
const POLICIES = discoverPolicies(PROJECT_ROOT)
  .map((file) => ({ file, slug: basename(file, ".ts"), fixtures: loadFixtures(file) }))
  .filter((p) => p.fixtures.length > 0);

type FixtureOutcome =
  | { readonly status: "compared"; readonly gator: readonly string[]; readonly native: ReturnType<typeof runNative> }
  | { readonly status: "skipped"; readonly reason: string }
  | { readonly status: "error"; readonly reason: string };

/** Outcome per policy slug, then per fixture name. */
const outcomes = new Map<string, Map<string, FixtureOutcome>>();

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * gkc's templates say `import rego.v1`, which Gatekeeper v3.23.0's regorewriter rejects ("invalid
 * import: bad import: \"rego.v1\"", gatekeeper#3907): only `future.*` and lib imports pass. With
 * `version: v1` the import is a no-op, so it is dropped here to compare messages at all; the
 * "compiles every template" test below checks the shipped templates as they are.
 */
function withoutRegoV1Import(template: unknown): unknown {
  const copy = structuredClone(template) as { spec?: { targets?: { rego?: string; code?: { source?: { rego?: string } }[] }[] } };
  for (const target of copy.spec?.targets ?? []) {
    if (typeof target.rego === "string") target.rego = target.rego.replace(/^import rego\.v1\n/m, "");
    for (const code of target.code ?? []) {
      if (code.source && typeof code.source.rego === "string") code.source.rego = code.source.rego.replace(/^import rego\.v1\n/m, "");
    }
  }
  return copy;
}

function templateKind(template: unknown): string | undefined {
  const kind = (template as { spec?: { crd?: { spec?: { names?: { kind?: unknown } } } } }).spec?.crd?.spec?.names?.kind;
  return typeof kind === "string" ? kind : undefined;
}

/** gator refused to load an object (rather than a template or a constraint). */
const OBJECT_REJECTED = /adding data of GVK|invalid request object|cannot cache/;
/** gator refused the Constraint's parameters against the template's schema. */
const PARAMETERS_REJECTED = /adding constraint "[^"]*": schema validation failed/;

interface Batch {
  readonly template: unknown;
  readonly constraint: Record<string, unknown>;
  readonly fixtures: readonly Fixture[];
}

/** Runs one batch; splits it on a refused object so the other fixtures still get compared. */
async function runBatch(batch: Batch, predicate: Predicate, into: Map<string, FixtureOutcome>): Promise<void> {
  const run: GatorRun = await runGator([batch.template, batch.constraint, ...batch.fixtures.map((f) => f.object)]);
  if (run.results === undefined) {
    if (PARAMETERS_REJECTED.test(run.output)) {
      for (const f of batch.fixtures) into.set(f.name, { status: "skipped", reason: `gator rejects the parameters: ${run.output}` });
    } else if (OBJECT_REJECTED.test(run.output) && batch.fixtures.length > 1) {
      await Promise.all(batch.fixtures.map((f) => runBatch({ ...batch, fixtures: [f] }, predicate, into)));
    } else if (OBJECT_REJECTED.test(run.output)) {
      into.set(batch.fixtures[0]!.name, { status: "skipped", reason: `gator rejects the object: ${run.output}` });
    } else {
      for (const f of batch.fixtures) into.set(f.name, { status: "error", reason: `gator failed (exit ${run.status}): ${run.output}` });
    }
    return;
  }
  const byIdentity = new Map(batch.fixtures.map((f) => [objectIdentity(f.object), f] as const));
  const ignored = new Set([objectIdentity(batch.template), objectIdentity(batch.constraint)]);
  const messages = new Map<string, Set<string>>(batch.fixtures.map((f) => [f.name, new Set<string>()]));
  const constraintName = (batch.constraint["metadata"] as { name: string }).name;
  const stray: string[] = [];
  for (const result of run.results) {
    const identity = objectIdentity(result.violatingObject);
    if (ignored.has(identity)) continue;
    const fixture = byIdentity.get(identity);
    if (!fixture || result.constraint.metadata?.name !== constraintName || typeof result.msg !== "string") {
      stray.push(JSON.stringify(result).slice(0, 500));
      continue;
    }
    messages.get(fixture.name)!.add(result.msg);
  }
  for (const f of batch.fixtures) {
    if (stray.length) {
      into.set(f.name, { status: "error", reason: `gator reported results no fixture of the run accounts for: ${stray.join("\n")}` });
    } else {
      into.set(f.name, { status: "compared", gator: [...messages.get(f.name)!].sort(), native: runNative(predicate, f.object, f.parameters) });
    }
  }
}

/** Splits fixtures sharing parameters into batches whose objects have distinct identities. */
function batchesByIdentity(fixtures: readonly Fixture[], reserved: readonly string[]): Fixture[][] {
  const batches: { identities: Set<string>; fixtures: Fixture[] }[] = [];
  for (const fixture of fixtures) {
    const identity = objectIdentity(fixture.object);
    let batch = batches.find((b) => !b.identities.has(identity));
    if (!batch) {
      batch = { identities: new Set(reserved), fixtures: [] };
      batches.push(batch);
    }
    batch.identities.add(identity);
    batch.fixtures.push(fixture);
  }
  return batches.map((b) => b.fixtures);
}

async function compareAllFixtures(): Promise<void> {
  // Compile the policies as they are now (out/ may lag behind policies/ and the compiler).
  const build = await buildProject(PROJECT_ROOT);
  const templates = new Map<string, unknown>();
  for (const [path, text] of build.files) {
    if (!path.startsWith("templates/")) continue;
    const template: unknown = parse(text);
    const kind = templateKind(template);
    if (kind) templates.set(kind, withoutRegoV1Import(template));
  }
  const tasks: (() => Promise<void>)[] = [];
  for (const { file, slug, fixtures } of POLICIES) {
    const built = build.policies.find((p) => p.policy.file === file);
    if (!built) throw new Error(`${file}: not produced by buildProject`);
    const { kind } = built.policy.meta;
    const template = templates.get(kind);
    if (!template) throw new Error(`${file}: the build has no ConstraintTemplate of kind ${kind}`);
    const into = new Map<string, FixtureOutcome>();
    outcomes.set(slug, into);

    const groups = new Map<string, Fixture[]>();
    for (const fixture of fixtures) {
      const object = fixture.object;
      if (fixture.operation !== "CREATE") {
        into.set(fixture.name, { status: "skipped", reason: `gator only reviews CREATE, the fixture is ${fixture.operation}` });
      } else if (!isRecord(object) || typeof object["apiVersion"] !== "string" || !object["apiVersion"] || typeof object["kind"] !== "string" || !object["kind"]) {
        into.set(fixture.name, { status: "skipped", reason: "not a Kubernetes object: no string apiVersion and kind" });
      } else {
        const key = JSON.stringify(fixture.parameters);
        groups.set(key, [...(groups.get(key) ?? []), fixture]);
      }
    }
    let index = 0;
    for (const group of groups.values()) {
      const constraint = {
        apiVersion: CONSTRAINT_API_VERSION,
        kind,
        metadata: { name: `fixture-${++index}` },
        spec: { parameters: group[0]!.parameters },
      };
      for (const fixtures of batchesByIdentity(group, [objectIdentity(template), objectIdentity(constraint)])) {
        tasks.push(() => runBatch({ template, constraint, fixtures }, built.policy.predicate, into));
      }
    }
  }
  await inParallel(tasks, PARALLEL_RUNS);
}

describe("gator (Gatekeeper's evaluator) agrees with the TypeScript predicates", { timeout: TIMEOUT }, () => {
  beforeAll(compareAllFixtures, TIMEOUT);

  it("compiles every ConstraintTemplate in out/templates without errors", async () => {
    const out = join(PROJECT_ROOT, "out");
    if (!existsSync(join(out, "templates"))) {
      execFileSync(process.execPath, [join(PROJECT_ROOT, "bin", "gkc.js"), "build"], { cwd: PROJECT_ROOT, stdio: "pipe" });
    }
    const read = (dir: string): string[] =>
      existsSync(join(out, dir))
        ? readdirSync(join(out, dir))
            .filter((f) => f.endsWith(".yaml"))
            .sort()
            .map((f) => readFileSync(join(out, dir, f), "utf8"))
        : [];
    const templates = read("templates");
    expect(templates.length).toBeGreaterThan(0);
    // A harmless object, so every template is evaluated at least once.
    const probe = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gkc-gator-probe", namespace: "default" }, data: {} };
    const run = await runGator([...templates, ...read("constraints"), probe]);
    expect(run.output, "gator could not load out/").not.toMatch(/invalid ConstraintTemplate|adding template|adding constraint/);
    expect(run.results, `gator printed no report:\n${run.output}`).toBeDefined();
    const denied = (run.results ?? []).filter((r) => (r as { enforcementAction?: string }).enforcementAction === "deny");
    expect(run.status, run.output).toBe(denied.length ? 1 : 0);
  });

  for (const { slug, fixtures } of POLICIES) {
    describe(slug, () => {
      it.for(fixtures.map((f) => f.name))("fixture: %s", (name, context) => {
        const outcome = outcomes.get(slug)?.get(name);
        if (!outcome) throw new Error(`fixture '${name}' was not run through gator`);
        if (outcome.status === "error") throw new Error(outcome.reason);
        if (outcome.status === "skipped") {
          context.skip();
          return;
        }
        if ("error" in outcome.native) throw new Error(`the TypeScript predicate failed: ${outcome.native.error}`);
        expect(outcome.gator, `gator's messages (expected: the TypeScript predicate's)`).toEqual(outcome.native.messages);
      });
    });
  }

  it(`compares at least ${MIN_COMPARED_SHARE * 100}% of the fixtures`, () => {
    const all = [...outcomes.values()].flatMap((m) => [...m.values()]);
    const compared = all.filter((o) => o.status === "compared").length;
    const summary = POLICIES.map(({ slug, fixtures }) => {
      const m = outcomes.get(slug) ?? new Map<string, FixtureOutcome>();
      const skipped = [...m.entries()].filter(([, o]) => o.status === "skipped").map(([n, o]) => `    skipped '${n}': ${(o as { reason: string }).reason}`);
      const n = [...m.values()].filter((o) => o.status === "compared").length;
      return [`  ${slug}: ${n}/${fixtures.length} compared`, ...skipped].join("\n");
    }).join("\n");
    const total = POLICIES.reduce((n, p) => n + p.fixtures.length, 0);
    expect(all.length, summary).toBe(total);
    expect(compared / total, `only ${compared}/${total} fixtures were compared:\n${summary}`).toBeGreaterThanOrEqual(MIN_COMPARED_SHARE);
  });
});
