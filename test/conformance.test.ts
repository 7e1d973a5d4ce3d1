// `gkc conformance`: the gatekeeper-library's suites against gkc's templates. Every case of the
// kinds gkc implements passes; a wrong assertion fails; and the runner's verdicts (match,
// assertions, inventory, AdmissionReview objects) are gator's own, case by case.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { runConformance } from "../conformance/run.js";
import { findSuiteFiles, readObjects, readSuite } from "../conformance/suites.js";
import { gatorVerifyEach } from "./support/gator.js";

// The gatekeeper-library's suites vendored with gkc; LIBRARY is the path a user would type from the
// project root.
const LIBRARY_DIR = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library");
const LIBRARY = relative(PACKAGE_ROOT, LIBRARY_DIR);
const TIMEOUT = 240_000;
// The committed bundle (test/build.test.ts proves it is what the policies build).
const out = join(PACKAGE_ROOT, "out");

/** Every vendored suite directory with the constraint kind its tests use. */
function librarySuites(): { readonly dir: string; readonly kind: string }[] {
  return findSuiteFiles(LIBRARY_DIR).flatMap((file) => {
    const test = readSuite(file)?.tests[0];
    const [constraint] = test?.constraint ? (readObjects(join(dirname(file), test.constraint)) as { kind: string }[]) : [];
    return constraint ? [{ dir: dirname(file), kind: constraint.kind }] : [];
  });
}

/** The library kinds gkc ships a template for: every one of them must pass every library case. */
const KINDS = [...new Set(librarySuites().map((s) => s.kind))].filter((kind) => existsSync(join(out, "templates", `${kind.toLowerCase()}.yaml`))).sort();
const UNIMPLEMENTED = librarySuites().filter((s) => !KINDS.includes(s.kind));

const scratch = mkdtempSync(join(tmpdir(), "gkc-conformance-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(() => {
  // Vendored in the repository; without it these tests cannot mean anything.
  expect(existsSync(join(LIBRARY_DIR, "library")), `the gatekeeper-library test data is expected at ${LIBRARY_DIR}`).toBe(true);
  expect(KINDS).toContain("K8sRequiredLabels");
  expect(KINDS).toContain("K8sContainerLimits");
});

interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly lines: string[];
}

/** Runs `gkc conformance` as a user would, from the project root (or `cwd`), without colours. */
function conformance(...args: string[]): Promise<CliRun> {
  return conformanceIn(PACKAGE_ROOT, ...args);
}

function conformanceIn(cwd: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), "conformance", ...args], { cwd, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      const status = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ status, stdout, lines: stdout.trimEnd().split("\n") });
    });
  });
}

/** Cases per kind in the library: `<suite path> <test>/<case>`. */
function libraryCases(kind: string): string[] {
  const cases: string[] = [];
  for (const file of findSuiteFiles(LIBRARY_DIR)) {
    const suite = readSuite(file);
    for (const test of suite?.tests ?? []) {
      const [constraint] = readObjects(join(dirname(file), test.constraint!)) as { kind: string }[];
      if (constraint!.kind === kind) for (const c of test.cases) cases.push(`${test.name}/${c.name}`);
    }
  }
  return cases;
}

/** The case lines printed under the suite header of `kind`. */
function casesUnder(lines: readonly string[], kind: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(`${kind} `));
  if (start < 0) return [];
  const cases: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    cases.push(line.trim());
  }
  return cases;
}

describe("gkc conformance on the gatekeeper-library", { timeout: TIMEOUT }, () => {
  test("every case of every library kind passes: 270 of 270, no kind skipped", async () => {
    const run = await conformance(LIBRARY, "--out", out);
    expect(run.status, run.stdout).toBe(0);
    let total = 0;
    for (const kind of KINDS) {
      const expected = libraryCases(kind);
      expect(expected.length, kind).toBeGreaterThan(0);
      expect(casesUnder(run.lines, kind), run.stdout).toEqual(expected.map((c) => `PASS ${c}`));
      total += expected.length;
    }
    expect(run.lines.at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
    expect(run.lines.at(-1)).toBe(`${total} passed, 0 failed`);
    for (const suite of UNIMPLEMENTED) expect(run.stdout).toMatch(new RegExp(`^ {2}SKIP ${suite.kind} `, "m"));
    expect((run.stdout.match(/^ {2}SKIP /gm) ?? []).length).toBe(UNIMPLEMENTED.length);
    expect(run.stdout).not.toMatch(/FAIL/);
    // gkc re-expresses every kind of the vendored library (commit 5c441fb: 49 suites, 270 cases).
    expect(UNIMPLEMENTED.map((s) => s.kind)).toEqual([]);
    expect(total).toBe(270);
  });

  test("with no directory it runs the vendored suites, whatever the working directory", async () => {
    const explicit = await conformance(LIBRARY, "--out", out);
    // From an empty directory, so only the vendored default can find any suite.
    const elsewhere = join(scratch, "elsewhere");
    mkdirSync(elsewhere, { recursive: true });
    const implicit = await conformanceIn(elsewhere, "--out", out);
    expect(implicit.status, implicit.stdout).toBe(0);
    const total = KINDS.reduce((n, kind) => n + libraryCases(kind).length, 0);
    expect(total).toBeGreaterThan(0);
    expect(explicit.lines.at(-1)).toBe(`${total} passed, 0 failed`);
    expect(implicit.lines.at(-1)).toBe(explicit.lines.at(-1));
    expect(implicit.stdout).toBe(explicit.stdout);
  });

  test("--kind restricts the run to that kind", async () => {
    const run = await conformance(LIBRARY, "--out", out, "--kind", "K8sRequiredLabels");
    expect(run.status, run.stdout).toBe(0);
    expect(casesUnder(run.lines, "K8sContainerLimits")).toEqual([]);
    expect(run.lines.at(-1)).toBe(`${libraryCases("K8sRequiredLabels").length} passed, 0 failed`);
  });

  test("a wrong assertion fails that case, the totals count it, and the exit status is 1", async () => {
    const copy = join(scratch, "library-broken");
    cpSync(join(LIBRARY_DIR, "library", "general", "requiredlabels"), join(copy, "requiredlabels"), { recursive: true });
    const suitePath = join(copy, "requiredlabels", "suite.yaml");
    const suite = readFileSync(suitePath, "utf8");
    // must-have-owner/example-allowed expects no violation; now it expects one.
    writeFileSync(suitePath, suite.replace("- violations: no", "- violations: yes"));
    const run = await conformance(copy, "--out", out);
    expect(run.status).toBe(1);
    const cases = casesUnder(run.lines, "K8sRequiredLabels");
    expect(cases.filter((c) => c.startsWith("FAIL"))).toEqual(["FAIL must-have-owner/example-allowed: got 0 violations but want at least 1: got messages []"]);
    expect(run.lines.at(-1)).toBe(`${cases.length - 1} passed, 1 failed`);
  });

  test("a directory with no suite of an implemented kind runs nothing and fails", async () => {
    const empty = join(scratch, "no-suites");
    mkdirSync(empty, { recursive: true });
    const run = await conformance(empty, "--out", out);
    expect(run.status).toBe(1);
    expect(run.lines.at(-1)).toBe("0 passed, 0 failed");
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-check with the real gator: the same suites, with gkc's templates as their template, run
// through `gator verify` and through gkc conformance must give the same verdict for every case.

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A suite exercising `match` and the assertion semantics with gkc's K8sRequiredLabels. */
function writeSemanticsSuite(directory: string): void {
  mkdirSync(join(directory, "objects"), { recursive: true });
  mkdirSync(join(directory, "constraints"), { recursive: true });
  const pod = (name: string, namespace: string | undefined, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { ...(name ? { name } : {}), ...(namespace ? { namespace } : {}), labels, ...extra },
    spec: { containers: [{ name: "app", image: "nginx" }] },
  });
  const objects: Record<string, unknown> = {
    "ns-prod": { apiVersion: "v1", kind: "Namespace", metadata: { name: "prod", labels: { env: "prod" } } },
    "ns-dev": { apiVersion: "v1", kind: "Namespace", metadata: { name: "dev", labels: { env: "dev" } } },
    "pod-prod": pod("web-1", "prod", { app: "web" }),
    "pod-dev": pod("db", "dev", { app: "db" }),
    "pod-generated": pod("", "prod", {}, { generateName: "web-" }),
    "cluster-role": { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "web-admin" }, rules: [] },
    "deployment-prod": { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web-2", namespace: "prod", labels: { app: "web" } }, spec: {} },
    "review-update": { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: { uid: "1", operation: "UPDATE", namespace: "dev", name: "db", object: pod("db", "dev"), oldObject: pod("db", "dev", { owner: "x" }) } },
    "two-missing": { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "prod" } },
  };
  for (const [name, object] of Object.entries(objects)) writeFileSync(join(directory, "objects", `${name}.yaml`), json(object));
  const constraint = (name: string, match: unknown, labels = [{ key: "owner" }], enforcement: Record<string, unknown> = {}) => {
    const spec = { ...enforcement, ...(match ? { match } : {}), parameters: { labels } };
    writeFileSync(join(directory, "constraints", `${name}.yaml`), json({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind: "K8sRequiredLabels", metadata: { name }, spec }));
    return `constraints/${name}.yaml`;
  };
  const matchCases = Object.keys(objects)
    .filter((o) => o !== "two-missing")
    .flatMap((o) => [
      { name: o, object: `objects/${o}.yaml`, assertions: [{ violations: "yes" }] },
      { name: `${o} with namespaces in inventory`, object: `objects/${o}.yaml`, inventory: ["objects/ns-prod.yaml", "objects/ns-dev.yaml"], assertions: [{ violations: "yes" }] },
    ]);
  const matches: Record<string, unknown> = {
    "kinds-pod": { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    "kinds-apps-any": { kinds: [{ apiGroups: ["apps"], kinds: ["*"] }] },
    "kinds-any-group": { kinds: [{ apiGroups: ["*"], kinds: ["ClusterRole", "Namespace"] }] },
    "namespaces-prefix": { namespaces: ["pro*"] },
    "excluded-suffix": { excludedNamespaces: ["*ev"] },
    "scope-cluster": { scope: "Cluster" },
    "scope-namespaced": { scope: "Namespaced" },
    "labels-in": { labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["web"] }] } },
    "labels-notin": { labelSelector: { matchExpressions: [{ key: "app", operator: "NotIn", values: ["web"] }] } },
    "labels-absent": { labelSelector: { matchExpressions: [{ key: "app", operator: "DoesNotExist" }] } },
    "labels-match": { labelSelector: { matchLabels: { app: "db" } } },
    "namespace-selector": { namespaceSelector: { matchLabels: { env: "prod" } } },
    "name-wildcard": { name: "web-*" },
    "source-generated": { source: "Generated" },
    "source-original": { source: "Original" },
  };
  const tests = Object.entries(matches).map(([name, match]) => ({ name: `match-${name}`, template: "template.yaml", constraint: constraint(name, match), cases: matchCases }));
  for (const [name, points] of [
    ["scoped-webhook-only", ["validation.gatekeeper.sh"]],
    ["scoped-gator", ["gator.gatekeeper.sh"]],
    ["scoped-everywhere", ["*"]],
  ] as const) {
    const scoped = { enforcementAction: "scoped", scopedEnforcementActions: [{ action: "warn", enforcementPoints: points.map((p) => ({ name: p })) }] };
    tests.push({ name, template: "template.yaml", constraint: constraint(name, undefined, undefined, scoped), cases: matchCases.slice(0, 2) });
  }
  // A match error is reported as the constraint's one result ("autoreject"), with this message.
  tests.push({
    name: "autoreject-message",
    template: "template.yaml",
    constraint: "constraints/namespace-selector.yaml",
    cases: [
      {
        name: "exact message",
        object: "objects/pod-dev.yaml",
        assertions: [{ violations: 1 }, { violations: 1, message: "^unable to match constraints: error matching the requested object: db :failed to run Match criteria: namespace selector for namespace-scoped object but missing Namespace$" }],
      },
    ] as never,
  });
  const two = constraint("two-labels", undefined, [{ key: "a" }, { key: "b" }]);
  const assertionCases = (
    [
      ["count exact", [{ violations: 2 }]],
      ["count wrong", [{ violations: 1 }]],
      ["count zero", [{ violations: 0 }]],
      ["yes", [{ violations: "yes" }]],
      ["no", [{ violations: "no" }]],
      ["default is yes", [{ message: "b" }]],
      ["message counts only matches", [{ violations: 1, message: '^missing required label "a"$' }]],
      ["message unanchored", [{ violations: 2, message: "label" }]],
      ["message absent and no", [{ violations: "no", message: "zzz" }]],
      ["message absent and yes", [{ violations: "yes", message: "zzz" }]],
      ["second assertion fails", [{ violations: 2 }, { violations: 2, message: '"a"' }]],
      ["invalid regex", [{ violations: 1, message: "(" }]],
      ["negative count", [{ violations: -1 }]],
      ["unknown word", [{ violations: "maybe" }]],
      ["no assertions", []],
    ] as const
  ).map(([name, assertions]) => ({ name, object: "objects/two-missing.yaml", assertions }));
  tests.push({ name: "assertions", template: "template.yaml", constraint: two, cases: assertionCases as never });
  writeFileSync(join(directory, "suite.yaml"), json({ apiVersion: "test.gatekeeper.sh/v1alpha1", kind: "Suite", metadata: { name: "semantics" }, tests }));
  cpSync(join(out, "templates", "k8srequiredlabels.yaml"), join(directory, "template.yaml"));
}

describe("gkc conformance agrees with gator verify, case by case", { timeout: 2 * TIMEOUT }, () => {
  test("on the library suites with gkc's templates, and on a suite exercising match and assertions", async () => {
    const root = join(scratch, "cross-check");
    // The library's suites of every kind gkc implements, each given gkc's template where the
    // library's template.yaml was.
    for (const suite of librarySuites().filter((s) => KINDS.includes(s.kind))) {
      const target = join(root, relative(LIBRARY_DIR, suite.dir));
      cpSync(suite.dir, target, { recursive: true });
      cpSync(join(out, "templates", `${suite.kind.toLowerCase()}.yaml`), join(target, "template.yaml"));
    }
    writeSemanticsSuite(join(root, "semantics"));

    const gator = await gatorVerifyEach(findSuiteFiles(root));
    expect(gator.runs.map((r) => r.cases.size).reduce((a, b) => a + b, 0), "two suites name a case alike").toBe(gator.cases.size);
    const report = await runConformance({ directory: root, templatesDirectory: join(out, "templates") });
    const ours = new Map(report.ran.flatMap((s) => s.cases.map((c) => [c.name, c.status === "pass"] as const)));

    expect(gator.cases.size, gator.output).toBeGreaterThan(200);
    expect(ours.size).toBe(gator.cases.size);
    const disagreements = [...gator.cases].filter(([name, passed]) => ours.get(name) !== passed).map(([name, passed]) => `${name}: gator ${passed ? "PASS" : "FAIL"}, gkc ${ours.get(name)}`);
    expect(disagreements, gator.output).toEqual([]);
    // Both outcomes occur, so the comparison means something.
    const verdicts = [...gator.cases.values()];
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(50);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(50);
    expect(report.failed).toBe(verdicts.filter((v) => !v).length);
    // Every library case passes in the real gator with gkc's templates in place of the library's.
    const libraryCaseNames = KINDS.flatMap((kind) => libraryCases(kind));
    expect(libraryCaseNames.length).toBe(270);
    expect(libraryCaseNames.filter((name) => gator.cases.get(name) !== true), gator.output).toEqual([]);
  });
});
