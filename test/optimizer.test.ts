// The optimizer (facts, references, hoisting, dropped restated negations; see compiler/emit/rego)
// must not change what a policy means. Every policy is compiled twice from the same IR, with and
// without it; both Rego modules go through OPA wasm and are checked against the TypeScript on the
// fixtures and on the same generated inputs (one seed for both). The optimized module is the one
// shipped in out/ (test/build.test.ts checks that), and it must actually differ: a pass that
// rewrote nothing would make this test vacuous.
import { beforeAll, describe, expect, test } from "vitest";
import { buildProject, type BuiltPolicy } from "../compiler/build.js";
import { emitRegoModule } from "../compiler/emit/rego/module.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { formatMismatch, verifyPolicy } from "../verify/differential.js";
import { RegoEngine } from "../verify/engines.js";
import { testSeed } from "./support/seed.js";

const RUNS = 500;
const SEED = testSeed(20261129, "optimizer");

let built: readonly BuiltPolicy[] = [];
beforeAll(async () => {
  built = (await buildProject(PACKAGE_ROOT)).policies;
}, 300_000);

function plainRego(entry: BuiltPolicy): string {
  const { program, packageName, source } = entry.compiled;
  return emitRegoModule(program, { packageName, sourceLabel: source, optimize: false });
}

describe("the optimizer keeps every policy's meaning", () => {
  test("it rewrites the Rego of most policies, and rewriting is deterministic", () => {
    expect(built.length).toBeGreaterThan(50);
    const changed = built.filter((entry) => plainRego(entry) !== entry.compiled.rego);
    expect(changed.length).toBeGreaterThan(built.length * 0.9);
    for (const entry of built.slice(0, 5)) {
      const { program, packageName, source } = entry.compiled;
      expect(emitRegoModule(program, { packageName, sourceLabel: source })).toBe(entry.compiled.rego);
    }
  });

  test("a helper-calling test runs after the later iterations and their cheap tests, not once per element", () => {
    // K8sPSPHostNetworkingPorts: `for (container ...) { if (isExempt(container)) continue; for (port ...) if (port.hostPort < min) yield }`.
    const entry = built.find((e) => e.policy.meta.kind === "K8sPSPHostNetworkingPorts");
    const rules = (entry?.compiled.rego ?? "").split("\n\n").filter((r) => r.includes("violation contains") && r.includes("some port1 in"));
    expect(rules.length).toBe(6);
    for (const rule of rules) {
      const lines = rule.split("\n");
      const at = (pattern: string) => lines.findIndex((l) => l.includes(pattern));
      expect(at("isExemptImage("), rule).toBeGreaterThan(at("some port1 in"));
      expect(at("isExemptImage("), rule).toBeGreaterThan(at("port1.hostPort != set()"));
      expect(at("isExemptImage("), rule).toBeGreaterThan(Math.max(at("sortsBelow("), at("sortsAbove(")));
      expect(at("isExemptImage("), rule).toBe(at("msg := ") - 1);
    }
    // A test of SDK calls only (cheap) stays before an iteration it does not read: K8sRBACLeastPrivilege
    // tests a rule's apiGroups once, not once per verb.
    const rbac = built.find((e) => e.policy.meta.kind === "K8sRBACLeastPrivilege")?.compiled.rego ?? "";
    const secrets = rbac.split("\n\n").filter((r) => r.includes("grants access to all secrets cluster-wide"));
    expect(secrets.length).toBeGreaterThan(0);
    for (const rule of secrets) expect(rule.indexOf('"secrets" in'), rule).toBeLessThan(rule.indexOf("some verb1 in"));
  });

  test("optimized and plain Rego both equal the TypeScript on fixtures and the same generated inputs", async () => {
    const failures: string[] = [];
    for (const entry of built) {
      const { packageName } = entry.compiled;
      const [optimized, plain] = await RegoEngine.fromTemplates([
        { kind: entry.policy.meta.kind, packageName, rego: entry.compiled.rego },
        { kind: entry.policy.meta.kind, packageName: `${packageName}_plain`, rego: plainRego(entry).replace(`package ${packageName}\n`, `package ${packageName}_plain\n`) },
      ]);
      for (const [label, engine] of [["optimized", optimized!], ["plain", plain!]] as const) {
        const report = await verifyPolicy(entry.policy, engine, { runs: RUNS, seed: SEED });
        expect(report.generated, `${entry.policy.meta.kind} (${label})`).toBe(RUNS);
        failures.push(...report.mismatches.map((m) => `${entry.policy.meta.kind} (${label}): ${formatMismatch(m)}`));
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
