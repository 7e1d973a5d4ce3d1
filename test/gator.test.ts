// Gatekeeper's own evaluator agrees with the TypeScript. Every policy fixture runs through the
// pinned `gator test` (Gatekeeper's Go Rego driver, OPA as a library) against the ConstraintTemplate
// gkc compiles from the policy now, and the set of messages gator reports for the fixture's object
// must equal the set the TypeScript predicate yields natively, byte for byte.
//
// Runs are batched per policy: a run holds the template, one Constraint per distinct parameters set
// (named fixture-<n>, no `match`, so it matches every object) and one object per fixture; gator
// reviews every object against every Constraint. Its report repeats each violating object whole and
// names the Constraint, so a result belongs to the fixture whose object has that content (keys
// sorted) and whose parameters that Constraint carries. Objects are not renamed (a name can be in
// the messages); gator keeps objects sharing kind/namespace/name (it only warns), so only fixtures
// with the same object and the same parameters go to separate runs. gator also reviews the template
// and the Constraints themselves: those results are ignored.
//
// gator also loads every document of a run into data.inventory (test.go: AddData on all objects)
// before reviewing each one (objects sharing kind/namespace/name overwrite each other there, as in
// inventoryOf). So the TypeScript runs with inventoryOf(every document of the run), the
// same data; and a fixture with an `inventory`, or any fixture of a policy that syncs objects or
// whose Rego reads `data` (support/engines.ts regoReadsData), gets a run of its own (its object, its inventory objects, the template and the Constraint), so
// fixtures do not see each other's objects.
//
// Some fixtures `gator test` cannot take although Gatekeeper can review them: an object its loader
// refuses to cache (a Namespace whose metadata or labels are not what a typed Namespace holds: gator
// test caches every object it reads), or a fixture that would clash with the template or a
// Constraint in a shared run. Those go through `gator verify` instead: a Suite with one case per
// fixture, asserting exactly the TypeScript's messages (as out/suite does with the expected ones).
//
// Only the fixtures compiler/suite.ts leaves out of the shipped gator suite (a non-CREATE operation,
// not a Kubernetes object, parameters the schema refuses, unusable inventory objects) are not run
// through gator at all. Per policy, that set must be exactly EXCLUDED below (each with the reason),
// and at least MIN_COMPARED_SHARE of the policy's fixtures must be compared.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { discoverPolicies, type Predicate } from "../compiler/policies.js";
import { exactMessageRegex, plainCreate, policySuite, reviewedDocument, yamlJson, type ExcludedFixture } from "../compiler/suite.js";
import { inventoryOf } from "../sdk/inventory.js";
import { regoOnlyTemplate, regoReadsData } from "./support/engines.js";
import { runNative } from "../verify/engines.js";
import { loadFixtures, type Fixture } from "../verify/fixtures.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { CONSTRAINT_API_VERSION, gatorVerify, inParallel, objectIdentity, runGator, type GatorRun } from "./support/gator.js";

const TIMEOUT = 240_000;
/** Per policy: the share of its fixtures whose messages gator must be shown to agree with. */
// Policies that mirror the library's handling of malformed objects have fixtures gator cannot
// load (no string kind); each is listed in EXCLUDED, and at least this share must run in gator.
const MIN_COMPARED_SHARE = 0.85;
/** Policies allowed a lower share, each with the reason (its excluded fixtures are in EXCLUDED). */
const MIN_COMPARED_SHARE_EXCEPTIONS: Readonly<Record<string, { readonly share: number; readonly reason: string }>> = {
  "ephemeral-storage-limit": {
    share: 0.7,
    reason: "four fixtures pin how numeric maxima (which the schema and so gator refuse) compare with numeric, unparseable and exempt storage, and two review a DELETE or an UPDATE, which gator test cannot",
  },
  "verify-deprecated-api": {
    share: 0.75,
    reason: "five fixtures pin how the Rego treats k8sVersion values of the wrong type (true, false, null, [], {}), which the schema and so gator refuse",
  },
};

/**
 * Per policy file, the fixtures that do not run through gator (compiler/suite.ts leaves them out of
 * the shipped suite), with the reason. The test fails on any other fixture not run, and on any
 * fixture listed here that is run: update this list deliberately.
 */
const EXCLUDED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "allowed-repos-v2": {
    "allowedImages given as a string allows nothing (not even a lone star or the same image)": "gator rejects the parameters: /allowedImages must be array",
  },
  "block-loadbalancer-services": {
    "kind that is not a string is not a Service": "the object has no string kind",
  },
  "container-requests": {
    "numeric memory requests of init containers are compared with a numeric maximum": "gator rejects the parameters: /memory must be string",
  },
  "container-resources": {
    "numeric requirements index an array of resources (false counts as missing)": "gator rejects the parameters: /limits/0 must be string",
    "exempt images given as an object are matched by value": "gator rejects the parameters: /exemptImages must be array",
  },
  "disallow-anonymous": {
    "without kind the library reports nothing": "the object has no string kind",
    "a null name and a numeric kind are printed": "the object has no string kind",
    "a kind beyond 2^53 is printed as a placeholder, a name of 2^53 - 1 in full": "the object has no string kind",
  },
  "disallowed-repos": {
    "repos given as a string disallow nothing": "gator rejects the parameters: /repos must be array",
  },
  "disallowed-tags": {
    "exemptImages given as a map exempts its values, as the library iterates them": "gator rejects the parameters: /exemptImages must be array",
  },
  "ephemeral-storage-limit": {
    "the same pod on CREATE and DELETE is checked": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
    "numeric storage in init containers is not checked on UPDATE": "gator test reviews objects as they are, without the fixture's admission request (UPDATE); gator verify refuses its numeric maximum",
    "numeric storage in init containers is compared with a numeric maximum": "gator rejects the parameters: /ephemeral-storage must be string",
    "a maximum of -10^21 (a number beyond the SDK) is exceeded by every readable storage": "gator rejects the parameters: /ephemeral-storage must be string",
    "storage outside the grammar is only reported unparseable, also against a numeric maximum": "gator rejects the parameters: /ephemeral-storage must be string",
    "exempt images skip the comparison with a numeric maximum": "gator rejects the parameters: /ephemeral-storage must be string",
  },
  "horizontal-pod-autoscaler": {
    "a minimumReplicaSpread of false reports every numeric spread": "gator rejects the parameters: /minimumReplicaSpread must be integer",
    "a minimumReplicaSpread of false still needs numeric replicas": "gator rejects the parameters: /minimumReplicaSpread must be integer",
    "other kinds are ignored, also with a minimumReplicaSpread of false": "gator rejects the parameters: /minimumReplicaSpread must be integer",
    "an array bound sorts below an object minReplicas (Rego orders arrays before objects)": "gator rejects the parameters: /ranges/0/min_replicas must be integer",
  },
  "https-only": {
    "apiVersion that is not a string is not judged": "the object has no string apiVersion",
  },
  "image-digests": {
    "exemptImages given as a string exempts nothing": "gator rejects the parameters: /exemptImages must be array",
  },
  "no-update-service-account": {
    "a DELETE is not judged, even with an oldObject whose account is false": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "pod-disruption-budget": {
    "an object without kind is not checked against the PDBs that select it": "the object has no string kind",
  },
  "pod-security-standard": {
    "baseline/robustness/level missing behaves as baseline": "`level` is required by the schema (the TypeScript treats a missing level as baseline): gator refuses the Constraint",
  },
  "psp-apparmor": {
    "allowedProfiles as a string allows nothing, not even a one-character profile among its characters": "gator rejects the parameters: /allowedProfiles must be array",
  },
  "psp-automount-serviceaccount-token": {
    "DELETE is judged like CREATE": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "psp-flexvolume-drivers": {
    "a driver of -1e15 or less prints as <number>, a numeric driver can be allowed": "gator rejects the parameters: /allowedFlexVolumes/0/driver must be string",
  },
  "psp-forbidden-sysctls": {
    "DELETE is judged": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
    "allowedSysctls true is set but lists nothing": "gator rejects the parameters: /allowedSysctls must be array",
    "allowedSysctls false counts as not set": "gator rejects the parameters: /allowedSysctls must be array",
    "a boolean sysctl name equal to a boolean pattern is forbidden (Rego's == on scalars)": "gator rejects the parameters: /forbiddenSysctls/0 must be string",
  },
  "psp-fsgroup": {
    "ranges given as an object are read through its values, as the library's ranges[_] does": "gator rejects the parameters: /ranges must be array",
    "a rule of false enforces nothing, as the library's has_field does not hold for it": "gator rejects the parameters: /rule must be string",
  },
  "psp-host-namespaces": {
    "DELETE is judged like CREATE": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "psp-host-probes-lifecycle": {
    "numeric container name and DELETE is judged": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "psp-privileged-containers": {
    "UPDATE is exempt, DELETE and a plain review are not": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "psp-read-only-root-filesystem": {
    "DELETE is checked": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
  },
  "replica-limits": {
    "list replicas lie between a number and an object, as Rego orders values": "gator rejects the parameters: /ranges/0/max_replicas must be integer",
    "a null min_replicas admits null replicas, as Rego's null <= null holds": "gator rejects the parameters: /ranges/0/min_replicas must be integer",
  },
  "required-annotations": {
    "annotations parameter given as a map is iterated like the library does": "gator rejects the parameters: /annotations must be array",
    "number keys print as integers up to 2^53 - 1 in magnitude, as sprintf does": "gator rejects the parameters: /annotations/0/key must be string",
  },
  "required-probes": {
    "DELETE is checked like CREATE": "gator reviews a DELETE as its oldObject; the fixture reviews its object",
    "numeric probe types index an array-valued probe (false counts as missing)": "gator rejects the parameters: /probeTypes/0 must be string",
  },
  "verify-deprecated-api": {
    "missing apiVersion": "the object has no string apiVersion",
    "wrongly typed kind": "the object has no string kind",
    "a boolean version true prints as true": "gator rejects the parameters: /k8sVersion must be number",
    "a boolean version false still reports, printed as false": "gator rejects the parameters: /k8sVersion must be number",
    "a null version still reports, printed as null": "gator rejects the parameters: /k8sVersion must be number",
    "list versions print as [] when empty and [...] otherwise": "gator rejects the parameters: /kvs/0/targetAPI must be string",
    "object versions print as {} when empty and {...} otherwise": "gator rejects the parameters: /kvs/0/targetAPI must be string",
  },
};
const PARALLEL_RUNS = 4;

/** The policies that have fixtures, by file; fixtures are read at collection time for it.for. */
const POLICIES = discoverPolicies(PACKAGE_ROOT)
  .map((file) => ({ file, slug: basename(file, ".ts"), fixtures: loadFixtures(file) }))
  .filter((p) => p.fixtures.length > 0);

type FixtureOutcome =
  | { readonly status: "compared"; readonly gator: readonly string[]; readonly native: ReturnType<typeof runNative> }
  | { readonly status: "verified"; readonly passed: boolean; readonly native: ReturnType<typeof runNative>; readonly output: string }
  | { readonly status: "skipped"; readonly reason: string }
  | { readonly status: "error"; readonly reason: string };

/** Outcome per policy slug, then per fixture name. */
const outcomes = new Map<string, Map<string, FixtureOutcome>>();
/** The fixtures compiler/suite.ts leaves out of the policy's gator suite, per policy slug. */
const suiteExclusions = new Map<string, readonly ExcludedFixture[]>();
/** Per policy slug, the fixtures `gator test` could not take and `gator verify` got instead. */
const viaVerify = new Map<string, Map<string, string>>();
const timing = { runs: 0, buildMs: 0, gatorMs: 0 };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function templateKind(template: unknown): string | undefined {
  const kind = (template as { spec?: { crd?: { spec?: { names?: { kind?: unknown } } } } }).spec?.crd?.spec?.names?.kind;
  return typeof kind === "string" ? kind : undefined;
}

/** gator refused to load an object (rather than a template or a constraint). */
const OBJECT_REJECTED = /adding data of GVK|invalid request object|cannot cache/;
/** gator refused the Constraint's parameters against the template's schema. */
const PARAMETERS_REJECTED = /adding constraint "([^"]*)": schema validation failed/;

/** A fixture in a run, with the Constraint that carries its parameters. */
interface Entry {
  readonly fixture: Fixture;
  readonly constraint: Record<string, unknown>;
}

interface Batch {
  readonly template: unknown;
  readonly entries: readonly Entry[];
  /** Further documents of the run: the inventory objects of a batch's single fixture. */
  readonly extra: readonly unknown[];
}

function nameOf(constraint: Record<string, unknown>): string {
  return (constraint["metadata"] as { name: string }).name;
}

/**
 * Runs one batch: the template, the Constraints its entries use, their objects and the extra
 * documents. A refused Constraint skips its fixtures and the rest run again; a refused object
 * halves the batch until it is alone, so the other fixtures still get compared.
 */
async function runBatch(batch: Batch, predicate: Predicate, into: Map<string, FixtureOutcome>): Promise<void> {
  const constraints = [...new Set(batch.entries.map((e) => e.constraint))];
  const documents = [batch.template, ...constraints, ...batch.entries.map((e) => e.fixture.object), ...batch.extra];
  timing.runs++;
  const run: GatorRun = await runGator(documents);
  if (run.results === undefined) {
    const refused = PARAMETERS_REJECTED.exec(run.output)?.[1];
    if (refused !== undefined && constraints.some((c) => nameOf(c) === refused)) {
      for (const e of batch.entries.filter((e) => nameOf(e.constraint) === refused)) {
        into.set(e.fixture.name, { status: "skipped", reason: `gator rejects the parameters: ${run.output}` });
      }
      const rest = batch.entries.filter((e) => nameOf(e.constraint) !== refused);
      if (rest.length) await runBatch({ ...batch, entries: rest }, predicate, into);
    } else if (OBJECT_REJECTED.test(run.output) && batch.entries.length > 1) {
      const half = Math.ceil(batch.entries.length / 2);
      await runBatch({ ...batch, entries: batch.entries.slice(0, half) }, predicate, into);
      await runBatch({ ...batch, entries: batch.entries.slice(half) }, predicate, into);
    } else if (OBJECT_REJECTED.test(run.output)) {
      into.set(batch.entries[0]!.fixture.name, { status: "skipped", reason: `gator rejects the object: ${run.output}` });
    } else {
      for (const e of batch.entries) into.set(e.fixture.name, { status: "error", reason: `gator failed (exit ${run.status}): ${run.output}` });
    }
    return;
  }
  // gator's report repeats each violating object whole: a result belongs to the entry whose object
  // has that content and whose Constraint produced it.
  const byKey = new Map(batch.entries.map((e) => [entryKey(e.fixture.object, nameOf(e.constraint)), e] as const));
  const ignored = new Set([batch.template, ...constraints, ...batch.extra].map(objectIdentity));
  const ours = new Set(constraints.map(nameOf));
  const contents = new Set(batch.entries.map((e) => canonicalJson(e.fixture.object)));
  const messages = new Map<string, Set<string>>(batch.entries.map((e) => [e.fixture.name, new Set<string>()]));
  const stray: string[] = [];
  for (const result of run.results) {
    const constraintName = result.constraint.metadata?.name ?? "";
    const entry = byKey.get(entryKey(result.violatingObject, constraintName));
    if (entry && typeof result.msg === "string") {
      messages.get(entry.fixture.name)!.add(result.msg);
    } else if (!ours.has(constraintName) || !(contents.has(canonicalJson(result.violatingObject)) || ignored.has(objectIdentity(result.violatingObject)))) {
      stray.push(JSON.stringify(result).slice(0, 500));
    }
    // Otherwise: another fixture's Constraint on this object, or a result on the template, a
    // Constraint or an inventory object, which gator reviews too.
  }
  const inventory = inventoryOf(documents);
  for (const { fixture: f } of batch.entries) {
    if (stray.length) {
      into.set(f.name, { status: "error", reason: `gator reported results no fixture of the run accounts for: ${stray.join("\n")}` });
    } else {
      into.set(f.name, { status: "compared", gator: [...messages.get(f.name)!].sort(), native: runNative(predicate, f.object, f.parameters, inventory) });
    }
  }
}

/** JSON with object keys sorted: equal for equal values, however gator orders the keys. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

function entryKey(object: unknown, constraintName: string): string {
  return `${constraintName}\u0000${canonicalJson(object)}`;
}

/** Splits entries into batches in which no two have the same object and Constraint. */
function batchesByKey(entries: readonly Entry[]): Entry[][] {
  const batches: { keys: Set<string>; entries: Entry[] }[] = [];
  for (const entry of entries) {
    const key = entryKey(entry.fixture.object, nameOf(entry.constraint));
    let batch = batches.find((b) => !b.keys.has(key));
    if (!batch) {
      batch = { keys: new Set(), entries: [] };
      batches.push(batch);
    }
    batch.keys.add(key);
    batch.entries.push(entry);
  }
  return batches.map((b) => b.entries);
}

/**
 * Fixtures `gator test` could not take, through `gator verify`: a Suite with one test per fixture
 * (its Constraint, its object, its inventory) whose case asserts exactly the TypeScript's messages:
 * their number and, per message, one violation with exactly that message. data.inventory holds the
 * fixture's inventory objects, as in `gkc verify`, so the TypeScript runs with that inventory.
 */
async function verifyThroughSuite(template: unknown, kind: string, fixtures: readonly Fixture[], predicate: Predicate, into: Map<string, FixtureOutcome>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "gkc-gator-verify-"));
  try {
    mkdirSync(join(directory, "data"));
    const write = (name: string, documents: readonly unknown[]): string => {
      writeFileSync(join(directory, "data", name), documents.map((d) => yamlJson(d)).join("\n---\n") + "\n");
      return `data/${name}`;
    };
    const templatePath = write("template.yaml", [template]);
    const natives = fixtures.map((f) => runNative(predicate, f.object, f.parameters, inventoryOf(f.inventory), f.request));
    const tests = fixtures.map((f, i) => {
      const native = natives[i]!;
      const messages = "messages" in native ? native.messages : [];
      const assertions = messages.length ? [{ violations: messages.length }, ...messages.map((m) => ({ violations: 1, message: exactMessageRegex(m) }))] : [{ violations: "no" }];
      const constraint = { apiVersion: CONSTRAINT_API_VERSION, kind, metadata: { name: `fixture-${i + 1}` }, spec: { parameters: f.parameters } };
      return {
        name: `fixture-${i + 1}`,
        template: templatePath,
        constraint: write(`constraint-${i + 1}.yaml`, [constraint]),
        cases: [{ name: `case-${i + 1}`, object: write(`object-${i + 1}.yaml`, [reviewedDocument(f)]), ...(f.inventory.length ? { inventory: [write(`inventory-${i + 1}.yaml`, f.inventory)] } : {}), assertions }],
      };
    });
    const suite = join(directory, "suite.yaml");
    writeFileSync(suite, yamlJson({ apiVersion: "test.gatekeeper.sh/v1alpha1", kind: "Suite", metadata: { name: "gkc-gator-test" }, tests }) + "\n");
    timing.runs++;
    const run = await gatorVerify(suite);
    fixtures.forEach((f, i) => {
      const native = natives[i]!;
      const passed = run.cases.get(`fixture-${i + 1}/case-${i + 1}`);
      if ("error" in native) into.set(f.name, { status: "error", reason: `the TypeScript predicate failed: ${native.error}` });
      else if (passed === undefined) into.set(f.name, { status: "error", reason: `gator verify gave no verdict on the fixture (exit ${run.status}):\n${run.output}` });
      else into.set(f.name, { status: "verified", passed, native, output: run.output });
    });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function compareAllFixtures(): Promise<void> {
  // Compile the policies as they are now (out/ may lag behind policies/ and the compiler).
  const started = Date.now();
  let build: Awaited<ReturnType<typeof buildProject>>;
  try {
    build = await buildProject(PACKAGE_ROOT);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    const problems = [...error.failure.diagnostics.map((d) => formatDiagnostic(d, PACKAGE_ROOT)), ...error.failure.errors];
    throw new Error(`gkc build failed, so there is no Rego to give gator:\n${problems.join("\n")}`);
  }
  timing.buildMs = Date.now() - started;
  const templates = new Map<string, unknown>();
  for (const [path, text] of build.files) {
    if (!path.startsWith("templates/")) continue;
    // The Rego as shipped: a template with CEL too is judged by its CEL in gator, which
    // test/cel.test.ts compares with the TypeScript.
    const template: unknown = regoOnlyTemplate(parse(text) as Record<string, unknown>);
    const kind = templateKind(template);
    if (kind) templates.set(kind, template);
  }
  const tasks: (() => Promise<void>)[] = [];
  const retries: (() => Promise<void>)[] = [];
  for (const { file, slug, fixtures } of POLICIES) {
    const built = build.policies.find((p) => p.policy.file === file);
    if (!built) throw new Error(`${file}: not produced by buildProject`);
    const { kind } = built.policy.meta;
    // What compiler/suite.ts leaves out of the shipped gator suite: the only fixtures allowed not
    // to run through gator.
    const excluded = policySuite({ kind, source: built.compiled.source, fixturesSource: slug, schema: built.compiled.schema, fixtures })?.excluded ?? fixtures.map((f) => ({ name: f.name, reason: "no fixture of the policy can be part of a gator suite" }));
    suiteExclusions.set(slug, excluded);
    const predicate = built.policy.predicate;
    const template = templates.get(kind);
    if (!template) throw new Error(`${file}: the build has no ConstraintTemplate of kind ${kind}`);
    const readsInventory = (built.policy.meta.syncs?.length ?? 0) > 0 || regoReadsData(template);
    const into = new Map<string, FixtureOutcome>();
    outcomes.set(slug, into);

    // One Constraint per distinct parameters set, named fixture-<n>.
    const constraints = new Map<string, Record<string, unknown>>();
    const constraintFor = (parameters: unknown): Record<string, unknown> => {
      const key = JSON.stringify(parameters);
      let constraint = constraints.get(key);
      if (!constraint) {
        constraint = { apiVersion: CONSTRAINT_API_VERSION, kind, metadata: { name: `fixture-${constraints.size + 1}` }, spec: { parameters } };
        constraints.set(key, constraint);
      }
      return constraint;
    };
    const shared: Entry[] = [];
    for (const fixture of fixtures) {
      const object = fixture.object;
      if (!plainCreate(fixture)) {
        into.set(fixture.name, { status: "skipped", reason: `gator test reviews objects as they are, without the fixture's admission request (${fixture.operation})` });
      } else if (!isRecord(object) || typeof object["apiVersion"] !== "string" || !object["apiVersion"] || typeof object["kind"] !== "string" || !object["kind"]) {
        into.set(fixture.name, { status: "skipped", reason: "not a Kubernetes object: no string apiVersion and kind" });
      } else if (!readsInventory && fixture.inventory.length === 0) {
        const constraint = constraintFor(fixture.parameters);
        shared.push({ fixture, constraint });
      } else {
        // A run of its own, so that data.inventory holds this fixture's objects only.
        const constraint = constraintFor(fixture.parameters);
        const own = [template, constraint, object].map(objectIdentity);
        if (fixture.inventory.some((o) => own.includes(objectIdentity(o)))) {
          into.set(fixture.name, { status: "skipped", reason: "an inventory object has the identity of the object, the template or the Constraint: gator's report cannot tell them apart" });
        } else {
          tasks.push(() => runBatch({ template, entries: [{ fixture, constraint }], extra: fixture.inventory }, predicate, into));
        }
      }
    }
    // Results on the template and the Constraints are told apart by identity.
    const reserved = new Set([template, ...constraints.values()].map(objectIdentity));
    for (const entry of shared.filter((e) => reserved.has(objectIdentity(e.fixture.object)))) {
      into.set(entry.fixture.name, { status: "skipped", reason: "the object has the identity of the template or of a generated Constraint" });
    }
    for (const entries of batchesByKey(shared.filter((e) => !reserved.has(objectIdentity(e.fixture.object))))) {
      tasks.push(() => runBatch({ template, entries, extra: [] }, predicate, into));
    }
    // After the `gator test` runs: the fixtures they skipped that the shipped suite keeps go
    // through `gator verify`.
    retries.push(async () => {
      const leftOut = new Set(excluded.map((e) => e.name));
      const skipped = fixtures.filter((f) => into.get(f.name)?.status === "skipped" && !leftOut.has(f.name));
      if (!skipped.length) return;
      viaVerify.set(slug, new Map(skipped.map((f) => [f.name, (into.get(f.name) as { reason: string }).reason])));
      await verifyThroughSuite(template, kind, skipped, predicate, into);
    });
  }
  await inParallel(tasks, PARALLEL_RUNS);
  await inParallel(retries, PARALLEL_RUNS);
  timing.gatorMs = Date.now() - started - timing.buildMs;
}

describe("gator (Gatekeeper's evaluator) agrees with the TypeScript predicates", { timeout: TIMEOUT }, () => {
  beforeAll(compareAllFixtures, TIMEOUT);

  it("compiles every ConstraintTemplate in out/templates without errors", async () => {
    const out = join(PACKAGE_ROOT, "out");
    if (!existsSync(join(out, "templates"))) {
      execFileSync(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), "build"], { cwd: PACKAGE_ROOT, stdio: "pipe" });
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
      it.for(fixtures.map((f) => f.name))("fixture: %s", (name) => {
        const outcome = outcomes.get(slug)?.get(name);
        if (!outcome) throw new Error(`fixture '${name}' was not run through gator`);
        if (outcome.status === "error") throw new Error(outcome.reason);
        if (outcome.status === "skipped") {
          // Not run through gator (checked per policy below): only fixtures compiler/suite.ts
          // leaves out, for the reasons this file knows.
          expect(suiteExclusions.get(slug)?.map((e) => e.name), `'${name}' was skipped (${outcome.reason}) although the shipped gator suite keeps it`).toContain(name);
          expect(outcome.reason).toMatch(/^(gator rejects the (parameters|object)|gator (test )?reviews objects as they are|not a Kubernetes object|an inventory object has the identity|the object has the identity)/);
          return;
        }
        if (outcome.status === "verified") {
          if ("error" in outcome.native) throw new Error(`the TypeScript predicate failed: ${outcome.native.error}`);
          expect(outcome.passed, `gator verify disagrees with the TypeScript's messages ${JSON.stringify(outcome.native.messages)}:\n${outcome.output}`).toBe(true);
          return;
        }
        if ("error" in outcome.native) throw new Error(`the TypeScript predicate failed: ${outcome.native.error}`);
        expect(outcome.gator, `gator's messages (expected: the TypeScript predicate's)`).toEqual(outcome.native.messages);
      });
    });
  }

  it("runs every fixture through gator but those listed in EXCLUDED (a table per policy)", () => {
    const rows = POLICIES.map(({ slug, fixtures }) => {
      const m = outcomes.get(slug) ?? new Map<string, FixtureOutcome>();
      const count = (status: FixtureOutcome["status"]) => [...m.values()].filter((o) => o.status === status).length;
      const skipped = [...m.entries()].filter(([, o]) => o.status === "skipped").map(([n, o]) => `    skipped '${n}': ${(o as { reason: string }).reason}`);
      const verified = [...(viaVerify.get(slug) ?? new Map<string, string>())].map(([n, r]) => `    gator verify '${n}' (gator test: ${r.split("\n")[0]})`);
      return { slug, total: fixtures.length, test: count("compared"), verify: count("verified"), skipped: count("skipped"), errors: count("error"), notes: [...skipped, ...verified] };
    });
    const table = [
      `${"policy".padEnd(32)} fixtures  gator-test  gator-verify  not-run  share`,
      ...rows.map((r) => `${r.slug.padEnd(32)} ${String(r.total).padStart(8)}  ${String(r.test).padStart(10)}  ${String(r.verify).padStart(12)}  ${String(r.skipped).padStart(7)}  ${(((r.test + r.verify) / r.total) * 100).toFixed(1).padStart(5)}%${r.notes.length ? `\n${r.notes.join("\n")}` : ""}`),
    ].join("\n");
    const total = rows.reduce((n, r) => n + r.total, 0);
    const compared = rows.reduce((n, r) => n + r.test + r.verify, 0);
    console.info(`gator: ${compared}/${total} fixtures compared in ${timing.runs} gator runs (build ${timing.buildMs} ms, gator ${timing.gatorMs} ms)\n${table}`);
    expect(Object.keys(EXCLUDED).filter((slug) => !POLICIES.some((p) => p.slug === slug)), "EXCLUDED names policies that do not exist").toEqual([]);
    expect(rows.length).toBe(discoverPolicies(PACKAGE_ROOT).length);
    for (const r of rows) {
      const m = outcomes.get(r.slug) ?? new Map<string, FixtureOutcome>();
      expect(m.size, `${r.slug}: fixtures without an outcome`).toBe(r.total);
      const notRun = [...m.entries()].filter(([, o]) => o.status === "skipped").map(([n]) => n).sort();
      // Exactly the listed exclusions, which are exactly what the shipped suite leaves out.
      expect(notRun, `${r.slug}: fixtures not run through gator (list them in EXCLUDED with the reason, or make gator take them)\n${table}`).toEqual(Object.keys(EXCLUDED[r.slug] ?? {}).sort());
      expect((suiteExclusions.get(r.slug) ?? []).map((e) => e.name).sort(), `${r.slug}: compiler/suite.ts leaves out other fixtures`).toEqual(notRun);
      expect((r.test + r.verify) / r.total, `${r.slug}: only ${r.test + r.verify}/${r.total} fixtures compared in gator\n${table}`).toBeGreaterThanOrEqual(MIN_COMPARED_SHARE_EXCEPTIONS[r.slug]?.share ?? MIN_COMPARED_SHARE);
    }
  });
});
