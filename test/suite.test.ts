// The gator suite `gkc build` writes to out/suite/ passes the real `gator verify`, runs every
// fixture gator can take, fails when an expected count or message is wrong, and is deterministic.
import { projectWithOut } from "./support/project.js";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { RE2JS } from "re2js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { runBuild } from "../cli/build.js";
import { buildProject } from "../compiler/build.js";
import { canonicalJson, exactMessageRegex, policySuite, yamlJson, yamlQuote } from "../compiler/suite.js";
import type { Fixture } from "../verify/fixtures.js";
import { CEL_RAISED_ERROR, celFixtureOutcomes, type CelFixtureOutcome } from "../verify/cel-expectations.js";
import { loadFixtures } from "../verify/fixtures.js";
import { discoverPolicies, loadPolicy } from "../compiler/policies.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { gatorVerify, gatorVerifyEach } from "./support/gator.js";

const STABLE_POLICIES = ["required-labels", "container-limits", "approved-registries", "naming-convention"].map((p) => join(PACKAGE_ROOT, "policies", `${p}.ts`));
const scratch = mkdtempSync(join(tmpdir(), "gkc-suite-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fixture(name: string, extra: Partial<Fixture> = {}): Fixture {
  return {
    name,
    object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "team-a" }, data: { owner: "alice" } },
    parameters: { key: "owner" },
    violations: [],
    operation: "CREATE",
    inventory: [],
    ...extra,
    request: extra.request ?? { operation: extra.operation ?? "CREATE" },
  };
}

describe("the generated gator suite, unit", () => {
  const schema = { properties: { key: { type: "string" as const } }, required: ["key"] };

  test("leaves out what gator cannot review, each with its reason, and keeps the rest", () => {
    const suite = policySuite({
      kind: "GkcExample",
      source: "policies/example.ts",
      fixturesSource: "policies/example.fixtures.yaml",
      schema,
      fixtures: [
        fixture("plain"),
        fixture("an update", { operation: "UPDATE" }),
        fixture("a delete", { operation: "DELETE" }),
        fixture("no kind", { object: { apiVersion: "v1", metadata: { name: "x" } } }),
        fixture("not a mapping", { object: [1, 2] }),
        fixture("parameters of the wrong type", { parameters: { key: 5 } }),
        fixture("parameters missing a required field", { parameters: {} }),
        fixture("inventory object without a name", { inventory: [{ apiVersion: "v1", kind: "ConfigMap", metadata: {} }] }),
        fixture("admission review", { object: { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview" } }),
        fixture("metadata is a number", { object: { apiVersion: "v1", kind: "ConfigMap", metadata: 7 } }),
      ],
    })!;
    expect(suite.excluded.map((e) => e.name)).toEqual([
      "a delete",
      "no kind",
      "not a mapping",
      "parameters of the wrong type",
      "parameters missing a required field",
      "inventory object without a name",
      "admission review",
    ]);
    expect(suite.excluded.find((e) => e.name === "a delete")?.reason).toMatch(/DELETE/);
    expect(suite.excluded.find((e) => e.name === "parameters of the wrong type")?.reason).toMatch(/gator rejects the parameters: \/key must be string/);
    // An UPDATE is a case, written as the AdmissionReview both engines judge.
    expect(suite.tests.flatMap((t) => t.cases.map((c) => c.name))).toEqual(["plain", "an update", "metadata is a number"]);
    expect(suite.files.get("suite/gkcexample/objects/an-update.yaml")).toMatch(/"kind": "AdmissionReview"[\s\S]*"operation": "UPDATE"/);
  });

  test("one Constraint per distinct parameters (key order does not matter), cases in fixture order", () => {
    const suite = policySuite({
      kind: "GkcExample",
      source: "p.ts",
      fixturesSource: "p.fixtures.yaml",
      schema: { properties: { key: { type: "string" }, other: { type: "string" } } },
      fixtures: [
        fixture("a", { parameters: { key: "owner", other: "x" } }),
        fixture("b", { parameters: { key: "team" } }),
        fixture("c", { parameters: { other: "x", key: "owner" } }),
      ],
    })!;
    expect(suite.tests.map((t) => t.cases.map((c) => c.name))).toEqual([["a", "c"], ["b"]]);
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    const constraintFiles = [...suite.files.keys()].filter((p) => p.includes("/constraints/"));
    expect(constraintFiles).toHaveLength(2);
  });

  test("asserts the exact message set: the count, then each message exactly once", () => {
    const suite = policySuite({
      kind: "GkcExample",
      source: "p.ts",
      fixturesSource: "p.fixtures.yaml",
      schema,
      fixtures: [fixture("two", { violations: ['b "x" (1+1)*2 $5 ^[a]', "a", "a"] }), fixture("none")],
    })!;
    const [two, none] = suite.tests[0]!.cases;
    expect(two!.assertions).toEqual([{ violations: 2 }, { violations: 1, message: "^a$" }, { violations: 1, message: exactMessageRegex('b "x" (1+1)*2 $5 ^[a]') }]);
    expect(none!.assertions).toEqual([{ violations: "no" }]);
    // Go's regexp syntax is RE2's: the escaped regex matches the message and nothing longer.
    const regex = RE2JS.compile(exactMessageRegex('b "x" (1+1)*2 $5 ^[a]'));
    expect(regex.matcher('b "x" (1+1)*2 $5 ^[a]').find()).toBe(true);
    expect(regex.matcher('b "x" (1+1)*2 $5 ^[a] and more').find()).toBe(false);
    expect(regex.matcher('b "x" (11)*2 $5 ^[a]').find()).toBe(false);
  });

  test("for a template with CEL, asserts the CEL's outcome: joined messages, a deliberate error, or a count", async () => {
    const fixtures = [
      fixture("joined", { violations: ["x: a", "x: b", "y: c"] }),
      fixture("raises", { violations: [] }),
      fixture("counted", { violations: ["n is 1e+21"] }),
      fixture("none"),
    ];
    const cel = new Map<string, CelFixtureOutcome>([
      ["joined", { messages: ["x: a; x: b", "y: c"] }],
      ["raises", { raises: ["(a"] }],
      ["counted", { failing: 1 }],
      ["none", { messages: [] }],
    ]);
    const suite = policySuite({ kind: "GkcExample", source: "p.ts", fixturesSource: "p.fixtures.yaml", schema, fixtures, cel })!;
    expect(suite.cel).toBe(true);
    expect(suite.tests[0]!.cases.map((c) => c.assertions)).toEqual([
      [{ violations: 2 }, { violations: 1, message: exactMessageRegex("x: a; x: b") }, { violations: 1, message: exactMessageRegex("y: c") }],
      [{ violations: "yes", message: CEL_RAISED_ERROR }],
      [{ violations: 1 }],
      [{ violations: "no" }],
    ]);
    // The deliberate error's pattern matches Kubernetes' message for it.
    expect(RE2JS.compile(CEL_RAISED_ERROR).matcher("expression 'x' resulted in error: error parsing regexp: missing closing ): `(a`").find()).toBe(true);
    expect(() => policySuite({ kind: "GkcExample", source: "p.ts", fixturesSource: "p.fixtures.yaml", schema, fixtures, cel: new Map() })).toThrow(/no CEL outcome for fixture "joined"/);
    // The outcomes as the build computes them: the fixture's messages grouped by the yield that gave each.
    const outcomes = await celFixtureOutcomes(join(PACKAGE_ROOT, "policies", "container-limits.ts"), loadFixtures(join(PACKAGE_ROOT, "policies", "container-limits.ts")), "K8sContainerLimits", "policies/container-limits.ts");
    const several = loadFixtures(join(PACKAGE_ROOT, "policies", "container-limits.ts")).filter((f) => new Set(f.violations).size > 1);
    expect(several.length).toBeGreaterThan(0);
    for (const f of several) {
      const outcome = outcomes.get(f.name)!;
      expect("messages" in outcome, f.name).toBe(true);
      const messages = (outcome as { messages: string[] }).messages;
      // Fewer or as many, and together exactly the fixture's messages.
      expect(messages.length, f.name).toBeLessThanOrEqual(new Set(f.violations).size);
      expect(new Set(messages.flatMap((m) => [...new Set(f.violations)].filter((v) => m === v || m.includes(v)))), f.name).toEqual(new Set(f.violations));
    }
    // Some fixture has two messages from one yield, which the CEL gives as one.
    expect(several.some((f) => (outcomes.get(f.name) as { messages: string[] }).messages.length < new Set(f.violations).size)).toBe(true);
  });

  test("quoted scalars and JSON documents read back identically, whatever the characters", () => {
    const tricky = 'tab\t nl\n quote" back\\ nel\u0085 del\u007f ls\u2028 é 😀 #not-a-comment ---';
    expect(parse(`k: ${yamlQuote(tricky)}\n`)).toEqual({ k: tricky });
    expect(yamlQuote(tricky)).toMatch(/^[\x20-\x7e]*$/);
    const value = { [tricky]: [tricky, 1.5, -0, null, true, { nested: "yes" }] };
    expect(parse(yamlJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

describe("the committed out/suite, with the real gator", { timeout: 480_000 }, () => {
  // The committed bundle: test/build.test.ts proves it is exactly what policies/ builds.
  const out = join(PACKAGE_ROOT, "out");
  const policies = discoverPolicies(PACKAGE_ROOT);
  let expectedCases = 0;
  let caseCount = 0;
  let totalFixtures = 0;
  const kinds: string[] = [];

  beforeAll(async () => {
    for (const file of policies) {
      totalFixtures += loadFixtures(file).length;
      kinds.push((await loadPolicy(file)).meta.kind.toLowerCase());
    }
    // gator verify -v names a case `<test>/<case>`; two suites may share such a name.
    const keys = new Set<string>();
    for (const file of readdirSync(join(out, "suite")).filter((f) => f.endsWith(".yaml"))) {
      const suite = parse(readFileSync(join(out, "suite", file), "utf8")) as { tests: { name: string; cases: { name: string }[] }[] };
      for (const t of suite.tests) for (const c of t.cases) keys.add(`${t.name}/${c.name}`);
      caseCount += suite.tests.reduce((n, t) => n + t.cases.length, 0);
    }
    expectedCases = keys.size;
  }, 240_000);

  test("has one suite per policy, outside the kustomization", () => {
    expect(readdirSync(join(out, "suite")).filter((f) => f.endsWith(".yaml")).sort()).toEqual(kinds.map((k) => `${k}.yaml`).sort());
    // Each suite tests the shipped template, not a copy.
    for (const name of kinds) {
      const suite = parse(readFileSync(join(out, "suite", `${name}.yaml`), "utf8")) as { tests: { template: string }[] };
      expect(new Set(suite.tests.map((t) => t.template))).toEqual(new Set([`../templates/${name}.yaml`]));
    }
    const kustomization = parse(readFileSync(join(out, "kustomization.yaml"), "utf8")) as { resources: string[] };
    expect(kustomization.resources.some((r) => r.startsWith("suite/") || r.startsWith("docs/"))).toBe(false);
    // Nearly every fixture is a real object gator can review.
    expect(caseCount).toBeGreaterThanOrEqual(Math.ceil(totalFixtures * 0.9));
  });

  test("gator verify out/suite passes and runs every case", async () => {
    // Each suite file by itself (the directory is their union).
    const { runs, cases } = await gatorVerifyEach(
      readdirSync(join(out, "suite"))
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => join(out, "suite", f)),
    );
    for (const run of runs) {
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/^PASS$/m);
    }
    expect(cases.size).toBe(expectedCases);
    expect([...cases.values()].every(Boolean)).toBe(true);
  });

  test("gator verify out/... (everything in out/, recursively) finds exactly those suites, and nothing it cannot read", async () => {
    // Every case of those suites passed above; running them all again (the templates with CEL are
    // compiled once per case) would prove nothing more, so no test is selected here.
    const run = await gatorVerify(`${out}/...`, "--run", "^gkc-selects-no-test$");
    expect(run.status, run.output).toBe(0);
    const found = [...run.output.matchAll(/^ok\t(.+\.yaml)\t/gm)].map((m) => relative(out, m[1]!)).sort();
    expect(found).toEqual(kinds.map((k) => `suite/${k}.yaml`).sort());
    expect(run.cases.size).toBe(0);
  });

  test("a wrong expected count or message makes gator verify fail on exactly that case", async () => {
    const copy = join(scratch, "corrupt");
    cpSync(out, copy, { recursive: true });
    const suitePath = join(copy, "suite", "k8srequiredlabels.yaml");
    const original = readFileSync(suitePath, "utf8");
    // The first case that expects no violation now expects one.
    writeFileSync(suitePath, original.replace("- violations: no", "- violations: 1"));
    const countRun = await gatorVerify(suitePath);
    expect(countRun.status).not.toBe(0);
    expect(countRun.output).toMatch(/got 0 violations but want exactly 1/);
    expect([...countRun.cases.values()].filter((ok) => !ok)).toHaveLength(1);

    // One expected message changes by a character.
    writeFileSync(suitePath, original.replace(/message: "\^missing required label \\"owner\\"\$"/, 'message: "^missing required label \\"0wner\\"$"'));
    expect(readFileSync(suitePath, "utf8")).not.toBe(original);
    const messageRun = await gatorVerify(suitePath);
    expect(messageRun.status).not.toBe(0);
    expect(messageRun.output).toMatch(/got 0 violations containing "\^missing required label \\"0wner\\"\$" but want exactly 1/);
  });

  test("the build, suite included, is byte-identical across runs", async () => {
    const first = await buildProject(PACKAGE_ROOT, STABLE_POLICIES);
    const second = await buildProject(PACKAGE_ROOT, STABLE_POLICIES);
    expect([...second.files.entries()]).toEqual([...first.files.entries()]);
    const stableFixtures = STABLE_POLICIES.reduce((n, file) => n + loadFixtures(file).length, 0);
    // A suite file, constraints and one object file per fixture.
    expect([...first.files.keys()].filter((p) => p.startsWith("suite/")).length).toBeGreaterThan(stableFixtures);
  });
});

describe("a referential policy's suite carries inventory files gator loads", { timeout: 240_000 }, () => {
  const directory = join(PACKAGE_ROOT, ".gkc-cache", "suite-test");
  const policyFile = join(directory, "unique-config-key.ts");

  beforeAll(() => {
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      policyFile,
      `import { constraint, defineTemplate, isObject, namespacedObjects, type Inventory, type KubeObject } from "../../sdk/index.js";

export const template = defineTemplate({
  kind: "GkcSuiteTestUniqueConfigKey",
  title: "Unique config key",
  description: "A ConfigMap's value of the key must not be used by another ConfigMap of its namespace.",
  version: "1.0.0",
  syncs: [{ group: "", version: "v1", kind: "ConfigMap" }],
});

export interface Parameters {
  /** The data key whose value must be unique. */
  key: string;
}

export function* violations(object: KubeObject, parameters: Parameters, inventory: Inventory): Generator<string> {
  const namespace = object.metadata?.namespace;
  const data: unknown = object["data"];
  const value: unknown = isObject(data) ? data[parameters.key] : undefined;
  if (typeof namespace !== "string" || typeof value !== "string") {
    return;
  }
  for (const other of namespacedObjects(inventory, namespace, "v1", "ConfigMap")) {
    const otherData: unknown = other["data"];
    const otherName: unknown = other.metadata?.name;
    if (typeof otherName === "string" && otherName !== object.metadata?.name && isObject(otherData) && otherData[parameters.key] === value) {
      yield \`\${parameters.key} "\${value}" is already used by ConfigMap "\${otherName}"\`;
    }
  }
}

export const constraints = [constraint<Parameters>({ name: "unique-owner", enforcementAction: "dryrun", parameters: { key: "owner" } })];
`,
    );
    const cm = (name: string, owner: string, namespace = "team-a") => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { owner } });
    const fixtures = [
      { name: "value used by another ConfigMap", parameters: { key: "owner" }, object: cm("a", "alice"), inventory: [cm("b", "alice"), cm("c", "bob")], violations: ['owner "alice" is already used by ConfigMap "b"'] },
      { name: "value used in another namespace only", parameters: { key: "owner" }, object: cm("a", "alice"), inventory: [cm("b", "alice", "team-b")], violations: [] },
      { name: "no inventory", parameters: { key: "owner" }, object: cm("a", "alice"), violations: [] },
      { name: "a delete is left out", parameters: { key: "owner" }, operation: "DELETE", object: cm("a", "alice"), violations: [] },
    ];
    writeFileSync(join(directory, "unique-config-key.fixtures.yaml"), JSON.stringify(fixtures, null, 2));
  });

  test("gator verify passes with the inventory and fails without it", async () => {
    const out = join(scratch, "referential");
    expect(await runBuild({ check: false, policies: [policyFile] }, projectWithOut(out))).toBe(0);
    const suiteText = readFileSync(join(out, "suite", "gkcsuitetestuniqueconfigkey.yaml"), "utf8");
    expect(suiteText).toMatch(/^# 3 of 4 fixtures are cases here/m);
    expect(suiteText).toMatch(/^# {3}"a delete is left out": .*DELETE/m);
    expect(readdirSync(join(out, "suite", "gkcsuitetestuniqueconfigkey", "inventory")).sort()).toEqual(["value-used-by-another-configmap.yaml", "value-used-in-another-namespace-only.yaml"]);
    const run = await gatorVerify(join(out, "suite"));
    expect(run.status, run.output).toBe(0);
    expect(run.cases.size).toBe(3);

    // Apply order: sync sets, templates, constraints, in the kustomization and as Argo CD sync waves.
    const kustomization = parse(readFileSync(join(out, "kustomization.yaml"), "utf8")) as { sortOptions: unknown; resources: string[] };
    expect(kustomization).toEqual({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      sortOptions: { order: "fifo" },
      resources: ["sync/gkcsuitetestuniqueconfigkey.yaml", "templates/gkcsuitetestuniqueconfigkey.yaml", "constraints/gkcsuitetestuniqueconfigkey-unique-owner.yaml"],
    });
    const annotations = (path: string) => (parse(readFileSync(join(out, path), "utf8")) as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
    expect(kustomization.resources.map((r) => annotations(r)["argocd.argoproj.io/sync-wave"])).toEqual(["-2", "-1", "0"]);
    expect(annotations(kustomization.resources[2]!)["argocd.argoproj.io/sync-options"]).toBe("SkipDryRunOnMissingResource=true");

    // Without its inventory the first case has no violation, and gator says so.
    writeFileSync(join(out, "suite", "gkcsuitetestuniqueconfigkey.yaml"), suiteText.replace(/\n {8}inventory:\n {10}- [^\n]*value-used-by-another-configmap\.yaml/, ""));
    const without = await gatorVerify(join(out, "suite"));
    expect(without.status).not.toBe(0);
    expect([...without.cases.entries()].filter(([, ok]) => !ok).map(([name]) => name.split("/")[1])).toEqual(["value used by another ConfigMap"]);
  });
});
