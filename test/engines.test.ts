// The batch entrypoint (one wasm call for several constraints of a template) gives exactly the
// outcomes of one call per constraint, and it is the batch call that gives them: evaluateMany's
// fallback (one call per constraint after a runtime error in the Rego) is counted in batchStats,
// and for the shipped templates it must never be taken.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { discoverPolicies, loadPolicy } from "../compiler/policies.js";
import { loadArbitraries } from "../verify/differential.js";
import { celGroupedOutcome, messagesOf, RegoEngine, readTemplateRego, templateRegoOf, type Outcome } from "../verify/engines.js";
import { RegoBundle, type BundleItem } from "../verify/bundle.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { inventoryOf } from "../sdk/inventory.js";
import { parse } from "yaml";
import type { RequestSpec } from "../verify/review.js";
import { testSeed } from "./support/seed.js";


const SEED = testSeed(20260501, "engines");
const CASES = 60;

/** The parameter properties of a template's shipped schema. */
function parameterProperties(kind: string): Record<string, unknown> {
  const template = parse(readFileSync(join(PACKAGE_ROOT, "out", "templates", `${kind.toLowerCase()}.yaml`), "utf8")) as {
    spec?: { crd?: { spec?: { validation?: { openAPIV3Schema?: { properties?: Record<string, unknown> } } } } };
  };
  return template.spec?.crd?.spec?.validation?.openAPIV3Schema?.properties ?? {};
}

function key(outcome: Outcome): string {
  return JSON.stringify(outcome);
}

/**
 * A complete rule with two values when the parameters set `boom`: a runtime conflict error, which
 * aborts the whole (batch) wasm call.
 */
const CONFLICT_REGO = `package gkc_test_conflict

conflict := 1 if input.parameters.boom
conflict := 2 if input.parameters.boom

violation contains {"msg": "a"} if input.parameters.a
violation contains {"msg": "conflict"} if conflict == 1
`;

describe("RegoEngine.evaluateMany", async () => {
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    test(`${policy.meta.kind}: equals evaluate per parameters set, in one wasm call each`, async () => {
      const engine = await RegoEngine.fromTemplate(readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`)));
      const arbitraries = await loadArbitraries(file);
      if (!arbitraries) throw new Error(`${file}: no arbitraries`);
      const requests = arbitraries.requests ?? fc.constant<RequestSpec>({ operation: "CREATE" });
      const cases = fc.sample(
        fc.tuple(arbitraries.objects, fc.array(arbitraries.parameters, { minLength: 2, maxLength: 5 }), arbitraries.inventory ?? fc.constant([]), requests),
        { numRuns: CASES, seed: SEED },
      );
      let violations = 0;
      let distinct = 0;
      for (const [object, parameterSets, synced, request] of cases) {
        const inventory = inventoryOf(synced);
        const batch = engine.evaluateMany(object, parameterSets, request, inventory);
        const single = parameterSets.map((p) => engine.evaluate(object, p, request, inventory));
        expect(batch, `seed ${SEED}: object ${JSON.stringify(object)}, parameters ${JSON.stringify(parameterSets)}`).toEqual(single);
        violations += single.reduce((n, o) => n + ("messages" in o ? o.messages.length : 0), 0);
        if (new Set(single.map(key)).size > 1) distinct++;
      }
      // Every batch was one wasm call that gave the outcomes itself: no fallback to single calls.
      expect(engine.batchStats, `the batch path fell back to one call per parameters set: ${engine.batchStats.lastFallbackError}`).toEqual({ batches: CASES, fallbacks: 0 });
      // The comparison is not vacuous: there are violations, and parameters sets of one object
      // that disagree (so a batch that evaluated one parameters set for all would fail).
      expect(violations).toBeGreaterThan(0);
      // (A template without parameters cannot disagree with itself.)
      if (Object.keys(parameterProperties(policy.meta.kind)).length) expect(distinct, "no case whose parameters sets give different outcomes").toBeGreaterThan(0);
    }, 60_000);
  }

  test("a runtime error in the Rego falls back to single calls, is counted and is attributed to its constraint", async () => {
    const [engine] = await RegoEngine.fromTemplates([{ kind: "GkcTestConflict", packageName: "gkc_test_conflict", rego: CONFLICT_REGO }]);
    const object = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };
    expect(engine!.evaluateMany(object, [{ a: true }, {}])).toEqual([{ messages: ["a"] }, { messages: [] }]);
    expect(engine!.batchStats).toEqual({ batches: 1, fallbacks: 0 });
    const outcomes = engine!.evaluateMany(object, [{ a: true }, { boom: true }, {}]);
    expect(outcomes[0]).toEqual({ messages: ["a"] });
    expect(outcomes[1]).toMatchObject({ error: expect.stringMatching(/wasm evaluation failed/) });
    expect(outcomes[2]).toEqual({ messages: [] });
    expect(engine!.batchStats).toMatchObject({ batches: 2, fallbacks: 1, lastFallbackError: expect.any(String) });
  });

  test("a bundle reviews several objects per call; a runtime error falls back to each object, then each template, and is attributed", async () => {
    const labels = readTemplateRego(join(PACKAGE_ROOT, "out", "templates", "k8srequiredlabels.yaml"));
    const bundle = await RegoBundle.compile([{ kind: "GkcTestConflict", packageName: "gkc_test_conflict", rego: CONFLICT_REGO }, labels]);
    const apart = await RegoEngine.fromTemplate(labels);
    const objects = [0, 1, 2].map((i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}`, labels: i === 1 ? { owner: "x" } : {} } }));
    const owner = { labels: [{ key: "owner" }] };
    const item = (object: unknown, conflictParameters: unknown[]): BundleItem => ({
      object,
      parametersByKind: new Map<string, unknown[]>([["GkcTestConflict", conflictParameters], ["K8sRequiredLabels", [owner, {}]]]),
    });
    const clean = bundle.evaluateBatch(objects.map((o) => item(o, [{ a: true }])));
    expect(bundle.bundleStats).toEqual({ calls: 1, fallbacks: 0 });
    clean.forEach((outcomes, i) => {
      expect(outcomes.get("GkcTestConflict")).toEqual([{ messages: ["a"] }]);
      expect(outcomes.get("K8sRequiredLabels")).toEqual(apart.evaluateMany(objects[i], [owner, {}]));
    });
    expect(clean[0]!.get("K8sRequiredLabels")![0]).toMatchObject({ messages: [expect.stringContaining("owner")] });

    // The second object's second conflict constraint raises: only that outcome is an error.
    const mixed = bundle.evaluateBatch([item(objects[0], [{ a: true }]), item(objects[1], [{ a: true }, { boom: true }]), item(objects[2], [{}])]);
    // Two failed calls: the batch, then that object's own call (the others' calls succeed).
    expect(bundle.bundleStats).toEqual({ calls: 5, fallbacks: 2 });
    expect(mixed[0]!.get("GkcTestConflict")).toEqual([{ messages: ["a"] }]);
    expect(mixed[1]!.get("GkcTestConflict")![0]).toEqual({ messages: ["a"] });
    expect(mixed[1]!.get("GkcTestConflict")![1]).toMatchObject({ error: expect.stringMatching(/wasm evaluation failed/) });
    expect(mixed[2]!.get("GkcTestConflict")).toEqual([{ messages: [] }]);
    mixed.forEach((outcomes, i) => expect(outcomes.get("K8sRequiredLabels")).toEqual(clean[i]!.get("K8sRequiredLabels")));
  });

  test("templates compiled into one wasm module evaluate independently and share the inventory", async () => {
    const templates = ["k8srequiredlabels", "k8snamespacenetworkpolicies"].map((n) => readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${n}.yaml`)));
    const together = await RegoEngine.fromTemplates(templates);
    const apart = await Promise.all(templates.map((t) => RegoEngine.fromTemplate(t)));
    const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a", labels: { owner: "x" } } };
    const policy = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: "team-a" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
    const inventories = [inventoryOf([]), inventoryOf([policy])];
    const parameters = [{ labels: [{ key: "owner" }, { key: "team" }] }, {}];
    for (const inventory of inventories) {
      for (let i = 0; i < templates.length; i++) {
        expect(together[i]!.evaluate(namespace, parameters[i], "CREATE", inventory)).toEqual(apart[i]!.evaluate(namespace, parameters[i], "CREATE", inventory));
        expect(together[i]!.evaluateMany(namespace, [parameters[i], {}], "CREATE", inventory)).toEqual(apart[i]!.evaluateMany(namespace, [parameters[i], {}], "CREATE", inventory));
      }
    }
    expect(together[0]!.evaluate(namespace, parameters[0])).toEqual({ messages: [expect.stringContaining("team")] });
  });
});

describe("a template judged by its CEL: the Rego's violations as Gatekeeper reports them", () => {
  const grouped = celGroupedOutcome("K8sExample", "policies/example.ts");

  test("one message per yield: its distinct messages in code-point order, joined; the fallback where Kubernetes refuses the join", () => {
    const result = [
      { msg: "b", gkc_yield: 3 },
      { msg: "a", gkc_yield: 3 },
      { msg: "a", gkc_yield: 3 },
      { msg: "z", gkc_yield: 5 },
      { msg: "line\nbreak", gkc_yield: 8 },
    ];
    expect(grouped(result)).toEqual({ messages: ["K8sExample: violation at policies/example.ts:8 (its message has a newline or is longer than 5 KiB)", "a; b", "z"] });
    // The same results read plainly: one per distinct message.
    expect(messagesOf(result)).toEqual({ messages: ["a", "b", "line\nbreak", "z"] });
    expect(grouped(undefined)).toEqual({ messages: [] });
  });

  test("a violation without its yield's line is an error, not a guess", () => {
    expect(grouped([{ msg: "a", gkc_yield: 3 }, { msg: "b" }])).toEqual({ error: 'a violation of K8sExample without its yield\'s line (gkc_yield): {"msg":"b"}' });
  });

  test("only a gkc template that carries CEL and names its yields is read so", () => {
    const template = (code: { engine: string; source: Record<string, unknown> }[]): unknown => ({
      metadata: { name: "k8sexample" },
      spec: { crd: { spec: { names: { kind: "K8sExample" } } }, targets: [{ code }] },
    });
    const rego = (head: string): string => `# Generated by gkc from policies/example.ts. Do not edit: change the TypeScript and run gkc build.\npackage k8sexample\n\nviolation contains ${head} if {\n\tmsg := "x"\n}\n`;
    const cel = { engine: "K8sNativeValidation", source: { validations: [] } };
    expect(templateRegoOf(template([cel, { engine: "Rego", source: { rego: rego('{"msg": msg, "gkc_yield": 4}') } }])).celSourceLabel).toBe("policies/example.ts");
    expect(templateRegoOf(template([{ engine: "Rego", source: { rego: rego('{"msg": msg, "gkc_yield": 4}') } }])).celSourceLabel).toBeUndefined();
    expect(templateRegoOf(template([cel, { engine: "Rego", source: { rego: rego('{"msg": msg}') } }])).celSourceLabel).toBeUndefined();
  });
});
