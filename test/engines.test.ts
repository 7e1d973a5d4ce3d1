// The batch entrypoint (one wasm call for several constraints of a template) gives exactly the
// outcomes of one call per constraint.
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { discoverPolicies, loadPolicy } from "../compiler/policies.js";
import { loadArbitraries } from "../verify/differential.js";
import { RegoEngine, readTemplateRego } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { inventoryOf } from "../sdk/inventory.js";

describe("RegoEngine.evaluateMany", async () => {
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    test(`${policy.meta.kind}: equals evaluate per parameters set`, async () => {
      const engine = await RegoEngine.fromTemplate(readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`)));
      const arbitraries = await loadArbitraries(file);
      if (!arbitraries) throw new Error(`${file}: no arbitraries`);
      const cases = fc.sample(
        fc.tuple(arbitraries.objects, fc.array(arbitraries.parameters, { minLength: 2, maxLength: 5 }), arbitraries.inventory ?? fc.constant([])),
        60,
      );
      let violations = 0;
      for (const [object, parameterSets, synced] of cases) {
        const inventory = inventoryOf(synced);
        const batch = engine.evaluateMany(object, parameterSets, "CREATE", inventory);
        const single = parameterSets.map((p) => engine.evaluate(object, p, "CREATE", inventory));
        expect(batch).toEqual(single);
        violations += single.reduce((n, o) => n + ("messages" in o ? o.messages.length : 0), 0);
      }
      // The comparison is not vacuous.
      expect(violations).toBeGreaterThan(0);
    }, 60_000);
  }
});
