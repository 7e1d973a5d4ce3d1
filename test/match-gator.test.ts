// gkc's matcher (audit/match.ts) against the real gator on generated match blocks.
//
// Match blocks (kinds with "*" and empty lists, scope, namespaces and excludedNamespaces globs,
// labelSelector and namespaceSelector with matchLabels and every matchExpressions operator, name
// globs, source), objects (namespaced and cluster-scoped, Namespaces themselves, objects in absent
// Namespaces, `default` with and without a Namespace object, generateName) and a set of Namespaces
// with labels are sampled with fast-check from small pools, so that globs, labels and namespaces
// often coincide. A probe template reports "matched" for every object a Constraint selects, so
// gator's report is the match: nothing, "matched", or the autorejection a matching error becomes.
//
// - gator test (the enforcement point `gkc audit` reproduces): one run reviews every object
//   against every Constraint, with the Namespace gator test matches with (gatorNamespaceFor over
//   every document). The set of (Constraint, object, message) must equal gkc's.
// - gator verify (the one `gkc conformance` reproduces): a suite with one test per Constraint and
//   one case per object (some wrapped in an AdmissionReview: a request namespace other than the
//   object's, an oldObject, DELETE), the Namespaces as the case inventory. Each case asserts what
//   gkc's matcher (with the target's Namespace cache: cachedNamespaceFor) predicts; gator verify
//   must pass every case, and so must runConformance.
// - A fixed gator verify suite of the cases where gkc's copies of the matcher used to disagree
//   with Gatekeeper: gkc conformance's verdicts must be gator verify's.
//
// The seed is fixed (test/support/seed.ts) and printed once; GKC_TEST_SEED=<integer> samples others.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  cachedNamespaceFor,
  compileMatch,
  gatorNamespaceFor,
  matchAny,
  matchTarget,
  namespaceCacheOf,
  namespacesOf,
  type CompiledMatch,
  type ReviewMatch,
} from "../audit/match.js";
import { runConformance } from "../conformance/run.js";
import { CONSTRAINT_API_VERSION, gatorVerify, runGator } from "./support/gator.js";
import { testSeed } from "./support/seed.js";

const SEED = testSeed(20260502, "match-gator");


const TIMEOUT = 240_000;
/** gator test: every Constraint reviews every object in one run. */
const TEST_CONSTRAINTS = 160;
const TEST_OBJECTS = 60;
/** gator verify builds a client per case: fewer. */
const VERIFY_CONSTRAINTS = 40;
const VERIFY_OBJECTS = 30;

const KIND = "K8sMatchProbe";
const MESSAGE = "matched";
const ID = "gkc.dev/test-id";

const TEMPLATE = {
  apiVersion: "templates.gatekeeper.sh/v1",
  kind: "ConstraintTemplate",
  metadata: { name: KIND.toLowerCase() },
  spec: {
    crd: { spec: { names: { kind: KIND } } },
    targets: [
      {
        target: "admission.k8s.gatekeeper.sh",
        code: [{ engine: "Rego", source: { version: "v1", rego: `package ${KIND.toLowerCase()}\n\nviolation contains {"msg": "${MESSAGE}"} if {\n\ttrue\n}\n` } }],
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Generators

type Obj = Record<string, unknown>;

const NAMESPACE_NAMES = ["prod", "prod-eu", "dev", "kube-system", "team-a", "default"] as const;
const OBJECT_NAMESPACES = [...NAMESPACE_NAMES, "orphan"] as const;
const LABEL_KEYS = ["app", "env", "tier"] as const;
const LABEL_VALUES = ["web", "db", "prod", "dev", ""] as const;
const NAMES = ["web-1", "web-2", "api", "db-main", "kube-proxy"] as const;
const GLOBS = ["prod", "prod*", "*-eu", "*ev*", "*", "default", "orphan", "team-*", "kube-*", "*-system", "dev"] as const;
const NAME_GLOBS = ["web-1", "web-*", "*-1", "*eb*", "api", "*", "db*", "*proxy", "job-*"] as const;
const GROUPS = ["", "apps", "rbac.authorization.k8s.io", "example.io", "*"] as const;
const KINDS = ["Pod", "Deployment", "ConfigMap", "ClusterRole", "Namespace", "*"] as const;

const labelsArb = fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { maxKeys: 3 });

const namespacesArb = fc.subarray([...NAMESPACE_NAMES], { minLength: 2 }).chain((names) =>
  fc.tuple(...names.map((name) => fc.record({ labels: fc.option(labelsArb, { nil: undefined }), version: fc.constantFrom("v1", "v1", "v1", "v2") }).map(({ labels, version }) => ({ name, labels, version })))),
);

/** The object shapes: apiVersion, kind, and whether metadata.namespace is set (sometimes for a Pod). */
const SHAPES = [
  { apiVersion: "v1", kind: "Pod", namespaced: "usually" },
  { apiVersion: "apps/v1", kind: "Deployment", namespaced: "always" },
  { apiVersion: "v1", kind: "ConfigMap", namespaced: "always" },
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", namespaced: "never" },
  { apiVersion: "v1", kind: "Namespace", namespaced: "never" },
  { apiVersion: "example.io/v1", kind: "Namespace", namespaced: "never" },
] as const;

const objectArb = fc
  .record({
    shape: fc.constantFrom(...SHAPES),
    name: fc.constantFrom(...NAMES),
    namespaceName: fc.constantFrom(...NAMESPACE_NAMES),
    namespace: fc.constantFrom(...OBJECT_NAMESPACES),
    withoutNamespace: fc.boolean(),
    generateName: fc.option(fc.constantFrom("web-", "job-", "api-x"), { nil: undefined, freq: 3 }),
    labels: fc.option(labelsArb, { nil: undefined, freq: 4 }),
  })
  .map(({ shape, name, namespaceName, namespace, withoutNamespace, generateName, labels }): Obj => {
    const isNamespace = shape.kind === "Namespace" && shape.apiVersion === "v1";
    const inNamespace = shape.namespaced === "always" || (shape.namespaced === "usually" && !withoutNamespace);
    return {
      apiVersion: shape.apiVersion,
      kind: shape.kind,
      metadata: {
        name: isNamespace ? namespaceName : name,
        ...(inNamespace ? { namespace } : {}),
        ...(generateName !== undefined ? { generateName } : {}),
        ...(labels !== undefined ? { labels } : {}),
      },
    };
  });

const selectorArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          matchLabels: fc.dictionary(fc.constantFrom(...LABEL_KEYS), fc.constantFrom(...LABEL_VALUES), { minKeys: 1, maxKeys: 2 }),
          matchExpressions: fc.array(
            fc.oneof(
              fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom("In", "NotIn"), values: fc.subarray([...LABEL_VALUES], { minLength: 1 }) }),
              fc.record({ key: fc.constantFrom(...LABEL_KEYS), operator: fc.constantFrom("Exists", "DoesNotExist") }),
            ),
            { minLength: 1, maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      ),
  },
);

const kindsArb = fc.array(
  fc.record({ apiGroups: fc.subarray([...GROUPS], { maxLength: 2 }), kinds: fc.subarray([...KINDS], { maxLength: 2 }) }, { requiredKeys: [] }),
  { maxLength: 2 },
);

/** A match block with every field; sparse() keeps a few of them. */
const matchArb = fc.record(
  {
    kinds: kindsArb,
    scope: fc.constantFrom("*", "Cluster", "Namespaced", "cluster"),
    namespaces: fc.subarray([...GLOBS], { minLength: 1, maxLength: 2 }),
    excludedNamespaces: fc.subarray([...GLOBS], { minLength: 1, maxLength: 2 }),
    labelSelector: selectorArb,
    namespaceSelector: selectorArb,
    name: fc.constantFrom(...NAME_GLOBS),
    source: fc.constantFrom("All", "Original", "Generated"),
  },
);

/** Keeps each field of a generated match block with probability 1/4 (random(): 0 to 99), so that many objects still match. */
function sparse(match: Obj, random: () => number): Obj {
  return Object.fromEntries(Object.entries(match).filter(() => random() < 25));
}

interface Sample {
  readonly namespaces: Obj[];
  readonly objects: Obj[];
  readonly matches: Obj[];
}

function sample(constraints: number, objects: number, seed: number): Sample {
  // Unbiased: fast-check's bias favours the first values of each pool and all-or-nothing records.
  const [sampled] = fc.sample(
    fc.noBias(fc.record({
      namespaces: namespacesArb,
      objects: fc.array(objectArb, { minLength: objects, maxLength: objects }),
      matches: fc.array(matchArb, { minLength: constraints, maxLength: constraints }),
      coins: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: constraints * 8, maxLength: constraints * 8 }),
    })),
    { numRuns: 1, seed },
  );
  const { namespaces, objects: objs, matches: blocks, coins } = sampled!;
  let coin = 0;
  const random = (): number => coins[coin++ % coins.length]!;
  return {
    namespaces: namespaces.map(({ name, labels, version }) => ({ apiVersion: version, kind: "Namespace", metadata: { name, ...(labels ? { labels } : {}) } })),
    objects: objs,
    matches: blocks.map((m) => sparse(m, random)),
  };
}

function withId(object: Obj, id: string): Obj {
  const metadata = object["metadata"] as Obj;
  return { ...object, metadata: { ...metadata, annotations: { [ID]: id } } };
}

function idOf(object: unknown): string | undefined {
  const annotations = ((object as Obj | undefined)?.["metadata"] as Obj | undefined)?.["annotations"] as Obj | undefined;
  const id = annotations?.[ID];
  return typeof id === "string" ? id : undefined;
}

function compiled(match: Obj): CompiledMatch | undefined {
  const result = compileMatch(match);
  if ("errors" in result) throw new Error(`generated an invalid match ${JSON.stringify(match)}: ${result.errors.join("; ")}`);
  return result.match;
}

function constraint(name: string, match: Obj): Obj {
  return { apiVersion: CONSTRAINT_API_VERSION, kind: KIND, metadata: { name }, spec: { match } };
}

/** What a review reports for a match: nothing, the probe's message, or the autorejection. */
function messagesOf(selection: ReviewMatch): string[] {
  return "autoreject" in selection ? [selection.autoreject] : selection.matched ? [MESSAGE] : [];
}

function tally(outcomes: Iterable<readonly string[]>): { none: number; matched: number; autoreject: number } {
  const counts = { none: 0, matched: 0, autoreject: 0 };
  for (const messages of outcomes) counts[messages.length === 0 ? "none" : messages[0] === MESSAGE ? "matched" : "autoreject"]++;
  return counts;
}

const scratch = mkdtempSync(join(tmpdir(), "gkc-match-gator-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------

describe("gkc's matcher equals gator's on generated match blocks", { timeout: TIMEOUT }, () => {
  it("gator test: every (Constraint, object) pair, with gator test's Namespaces", async () => {
    const { namespaces, objects, matches: blocks } = sample(TEST_CONSTRAINTS, TEST_OBJECTS, SEED);
    const documents = [...namespaces.map((n, i) => withId(n, `ns-${i}`)), ...objects.map((o, i) => withId(o, `obj-${i}`))];
    const constraints = blocks.map((m, i) => constraint(`m-${i}`, m));
    const run = await runGator([TEMPLATE, ...constraints, ...documents]);
    expect(run.results, run.output).toBeDefined();

    const gator = new Set<string>();
    for (const result of run.results!) {
      const id = idOf(result.violatingObject);
      if (id === undefined) continue; // the template and the Constraints are reviewed too
      gator.add(JSON.stringify([result.constraint.metadata?.name, id, result.msg]));
    }
    const known = namespacesOf(documents);
    const gkc = new Set<string>();
    const outcomes: string[][] = [];
    blocks.forEach((block, i) => {
      const match = compiled(block);
      for (const document of documents) {
        // gator test reviews each object on its own (no oldObject): matchAny of one.
        const messages = messagesOf(matchAny(match, [matchTarget(document, gatorNamespaceFor(document, known))]));
        outcomes.push(messages);
        for (const message of messages) gkc.add(JSON.stringify([`m-${i}`, idOf(document), message]));
      }
    });
    const counts = tally(outcomes);
    console.info(`match-gator (gator test): ${blocks.length} Constraints × ${documents.length} objects: ${JSON.stringify(counts)}`);
    const onlyGkc = [...gkc].filter((k) => !gator.has(k));
    const onlyGator = [...gator].filter((k) => !gkc.has(k));
    const explain = (key: string): string => {
      const [name, id] = JSON.parse(key) as [string, string];
      return `${key}\n    match:  ${JSON.stringify(blocks[Number(name.slice(2))])}\n    object: ${JSON.stringify(documents.find((d) => idOf(d) === id))}`;
    };
    expect({ onlyGkc: onlyGkc.slice(0, 10).map(explain), onlyGator: onlyGator.slice(0, 10).map(explain) }, `seed ${SEED}`).toEqual({ onlyGkc: [], onlyGator: [] });
    // The sample means something: every outcome occurs, often.
    expect(counts.matched).toBeGreaterThan(outcomes.length / 10);
    expect(counts.none).toBeGreaterThan(outcomes.length / 10);
    expect(counts.autoreject).toBeGreaterThan(10);
  });

  it("gator verify (and gkc conformance): one case per (Constraint, object), with the inventory's Namespace cache", async () => {
    const { namespaces, objects, matches: blocks } = sample(VERIFY_CONSTRAINTS, VERIFY_OBJECTS, SEED + 1);
    const suite = join(scratch, "verify");
    mkdirSync(join(suite, "objects"), { recursive: true });
    mkdirSync(join(suite, "constraints"), { recursive: true });
    const templates = join(scratch, "templates");
    mkdirSync(templates, { recursive: true });
    const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
    writeFileSync(join(suite, "template.yaml"), json(TEMPLATE));
    writeFileSync(join(templates, `${KIND.toLowerCase()}.yaml`), json(TEMPLATE));
    writeFileSync(join(suite, "objects", "namespaces.yaml"), namespaces.map((n) => JSON.stringify(n)).join("\n---\n") + "\n");
    const cache = namespaceCacheOf(namespaces);

    // Each object reviewed as itself, and every third one inside an AdmissionReview whose request
    // namespace is another object's, with that object as oldObject (UPDATE) or alone (DELETE).
    interface Reviewed {
      readonly file: string;
      readonly objects: Obj[];
      readonly namespace: string;
    }
    const namespaceOf = (o: Obj): string => {
      const ns = (o["metadata"] as Obj)["namespace"];
      return typeof ns === "string" ? ns : "";
    };
    const reviewed: Reviewed[] = [];
    objects.forEach((object, i) => {
      const file = `objects/o-${i}.yaml`;
      writeFileSync(join(suite, file), json(object));
      reviewed.push({ file, objects: [object], namespace: namespaceOf(object) });
      if (i % 3 !== 0) return;
      const other = objects[(i + 1) % objects.length]!;
      const operation = i % 2 === 0 ? "UPDATE" : "DELETE";
      const requestNamespace = namespaceOf(other);
      const request = {
        uid: `u-${i}`,
        operation,
        ...(requestNamespace ? { namespace: requestNamespace } : {}),
        ...(operation === "UPDATE" ? { object, oldObject: other } : { oldObject: object }),
      };
      const reviewFile = `objects/review-${i}.yaml`;
      writeFileSync(join(suite, reviewFile), json({ apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request }));
      reviewed.push({ file: reviewFile, objects: operation === "UPDATE" ? [object, other] : [object], namespace: requestNamespace });
    });

    const outcomes: string[][] = [];
    const tests = blocks.map((block, i) => {
      const match = compiled(block);
      const file = `constraints/m-${i}.yaml`;
      writeFileSync(join(suite, file), json(constraint(`m-${i}`, block)));
      const cases = reviewed.map((r) => {
        const messages = messagesOf(matchAny(match, r.objects.map((o) => matchTarget(o, cachedNamespaceFor(r.namespace, cache)))));
        outcomes.push(messages);
        const assertions = messages.length ? [{ violations: 1 }, { violations: 1, message: `^${messages[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$` }] : [{ violations: 0 }];
        return { name: r.file, object: r.file, inventory: ["objects/namespaces.yaml"], assertions };
      });
      return { name: `m-${i}`, template: "template.yaml", constraint: file, cases };
    });
    writeFileSync(join(suite, "suite.yaml"), json({ apiVersion: "test.gatekeeper.sh/v1alpha1", kind: "Suite", metadata: { name: "match" }, tests }));
    const counts = tally(outcomes);
    console.info(`match-gator (gator verify): ${blocks.length} Constraints × ${reviewed.length} reviews: ${JSON.stringify(counts)}`);

    const [gator, conformance] = await Promise.all([gatorVerify(suite), runConformance({ directory: suite, templatesDirectory: templates })]);
    const cases = new Map<string, { match: string; review: string }>();
    tests.forEach((t, i) => t.cases.forEach((c) => cases.set(`m-${i}/${c.name}`, { match: JSON.stringify(blocks[i]), review: c.name })));
    const failed = [...gator.cases].filter(([, passed]) => !passed).map(([name]) => `${name}: ${JSON.stringify(cases.get(name))}`);
    expect(gator.cases.size, gator.output.slice(0, 4000)).toBe(outcomes.length);
    expect(failed.slice(0, 10), `gator verify disagrees with gkc's matcher on ${failed.length} cases (seed ${SEED})`).toEqual([]);
    const conformanceFailed = conformance.ran.flatMap((s) => s.cases.filter((c) => c.status !== "pass").map((c) => `${c.name}: ${c.reason}`));
    expect(conformanceFailed.slice(0, 10)).toEqual([]);
    expect(conformance.passed).toBe(outcomes.length);
    expect(counts.matched).toBeGreaterThan(outcomes.length / 10);
    expect(counts.none).toBeGreaterThan(outcomes.length / 10);
    expect(counts.autoreject).toBeGreaterThan(10);
  });

  it("gator verify and gkc conformance give the same verdicts where the old copies of the matcher differed", async () => {
    const suite = join(scratch, "fixed");
    mkdirSync(join(suite, "objects"), { recursive: true });
    mkdirSync(join(suite, "constraints"), { recursive: true });
    const templates = join(scratch, "fixed-templates");
    mkdirSync(templates, { recursive: true });
    const write = (file: string, ...documents: unknown[]): string => {
      writeFileSync(join(suite, file), documents.map((d) => JSON.stringify(d)).join("\n---\n") + "\n");
      return file;
    };
    write("template.yaml", TEMPLATE);
    write(`../fixed-templates/${KIND.toLowerCase()}.yaml`, TEMPLATE);
    const pod = (namespace: string) => ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace } });
    const nsObject = (name: string, labels: Record<string, string>, apiVersion = "v1") => ({ apiVersion, kind: "Namespace", metadata: { name, labels } });
    const objects = {
      orphan: write("objects/orphan.yaml", pod("orphan")),
      prod: write("objects/prod.yaml", pod("prod")),
      default: write("objects/default.yaml", pod("default")),
      deleteWithoutOld: write("objects/delete.yaml", { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "1", operation: "DELETE", object: pod("prod") } }),
      deleteWithOld: write("objects/delete-old.yaml", { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "2", operation: "DELETE", namespace: "prod", object: pod("orphan"), oldObject: pod("prod") } }),
    };
    const inventories = {
      duplicate: write("objects/ns-duplicate.yaml", nsObject("prod", { env: "a" }), nsObject("prod", { env: "b" })),
      v2: write("objects/ns-v2.yaml", nsObject("prod", { env: "b" }, "v2")),
    };
    const constraintFile = (name: string, spec: Obj): string => write(`constraints/${name}.yaml`, { apiVersion: CONSTRAINT_API_VERSION, kind: KIND, metadata: { name }, spec });
    const selector = { namespaceSelector: { matchLabels: { env: "b" } } };
    const cases = [
      { name: "absent namespace", object: objects.orphan, assertions: [{ violations: 0 }] },
      { name: "last Namespace of a name", object: objects.prod, inventory: [inventories.duplicate], assertions: [{ violations: 1, message: "^matched$" }] },
      { name: "v2 Namespace is not cached", object: objects.prod, inventory: [inventories.v2], assertions: [{ violations: 1, message: "missing Namespace" }] },
      { name: "default is not invented", object: objects.default, assertions: [{ violations: 1, message: "missing Namespace" }] },
      { name: "DELETE without oldObject", object: objects.deleteWithoutOld, inventory: [inventories.duplicate], assertions: [{ violations: "yes" }] },
      { name: "DELETE matches the oldObject", object: objects.deleteWithOld, inventory: [inventories.duplicate], assertions: [{ violations: 1, message: "^matched$" }] },
    ];
    const scoped = (points: string[]) => ({ enforcementAction: "scoped", scopedEnforcementActions: [{ action: "deny", enforcementPoints: points.map((name) => ({ name })) }] });
    const tests = [
      { name: "selector", template: "template.yaml", constraint: constraintFile("selector", { match: selector }), cases },
      // Not enforced at gator: not even matched, so no autorejection either.
      { name: "scoped-webhook", template: "template.yaml", constraint: constraintFile("scoped-webhook", { ...scoped(["validation.gatekeeper.sh"]), match: selector }), cases },
      { name: "scoped-gator", template: "template.yaml", constraint: constraintFile("scoped-gator", { ...scoped(["gator.gatekeeper.sh"]), match: selector }), cases },
      // The match CRD schema rejects the glob: an invalid test passes, a valid one fails.
      { name: "invalid-glob", template: "template.yaml", constraint: constraintFile("invalid-glob", { match: { namespaces: ["a*b"] } }), invalid: true },
      { name: "valid-glob-test", template: "template.yaml", constraint: constraintFile("valid-glob", { match: { namespaces: ["a*b"] } }), cases: cases.slice(0, 1) },
      // A bad selector is refused before the schema: an invalid test fails too.
      { name: "invalid-selector", template: "template.yaml", constraint: constraintFile("invalid-selector", { match: { labelSelector: { matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] } } }), invalid: true },
      { name: "valid-selector-test", template: "template.yaml", constraint: constraintFile("valid-selector", { match: { labelSelector: { matchExpressions: [{ key: "a", operator: "In" }] } } }), cases: cases.slice(0, 1) },
    ];
    write("suite.yaml", { apiVersion: "test.gatekeeper.sh/v1alpha1", kind: "Suite", metadata: { name: "fixed" }, tests });

    const [gator, conformance] = await Promise.all([gatorVerify(suite), runConformance({ directory: suite, templatesDirectory: templates })]);
    // gator verify gives an invalid test, and a test whose Constraint it refuses, a test-level
    // verdict only: gkc conformance names the first `<test>/(invalid constraint)` and fails every
    // case of the second.
    const verdicts = new Map(gator.cases);
    for (const line of gator.output.split("\n")) {
      const verdict = /^--- (PASS|FAIL): (\S+)\t\(/.exec(line);
      const test = tests.find((t) => t.name === verdict?.[2]);
      if (!verdict || !test) continue;
      if (test.invalid) verdicts.set(`${test.name}/(invalid constraint)`, verdict[1] === "PASS");
      else if (!test.cases!.some((c) => verdicts.has(`${test.name}/${c.name}`))) for (const c of test.cases!) verdicts.set(`${test.name}/${c.name}`, false);
    }
    const ours = new Map(conformance.ran.flatMap((r) => r.cases.map((c) => [c.name, c.status === "pass"] as const)));
    expect(Object.fromEntries(ours), gator.output).toEqual(Object.fromEntries(verdicts));
    // What gator says, spelled out (so that the comparison above compares something).
    expect(Object.fromEntries(verdicts)).toEqual({
      "selector/absent namespace": false,
      "selector/last Namespace of a name": true,
      "selector/v2 Namespace is not cached": true,
      "selector/default is not invented": true,
      "selector/DELETE without oldObject": false,
      "selector/DELETE matches the oldObject": true,
      "scoped-webhook/absent namespace": true,
      "scoped-webhook/last Namespace of a name": false,
      "scoped-webhook/v2 Namespace is not cached": false,
      "scoped-webhook/default is not invented": false,
      "scoped-webhook/DELETE without oldObject": false,
      "scoped-webhook/DELETE matches the oldObject": false,
      "scoped-gator/absent namespace": false,
      "scoped-gator/last Namespace of a name": true,
      "scoped-gator/v2 Namespace is not cached": true,
      "scoped-gator/default is not invented": true,
      "scoped-gator/DELETE without oldObject": false,
      "scoped-gator/DELETE matches the oldObject": true,
      "invalid-glob/(invalid constraint)": true,
      "valid-glob-test/absent namespace": false,
      "invalid-selector/(invalid constraint)": false,
      "valid-selector-test/absent namespace": false,
    });
  });
});
