// The differential check in `npm test`: for every policy, the Rego shipped in out/ (compiled to
// wasm by the pinned OPA) and the TypeScript predicate agree on every fixture and on 500
// generated inputs.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { discoverPolicies, loadPolicy } from "../compiler/policies.js";
import { formatMismatch, verifyPolicy } from "../verify/differential.js";
import { RegoEngine, readTemplateRego } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const RUNS = 500;

describe("TypeScript = OPA wasm on the shipped bundle", async () => {
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    test(`${policy.meta.kind}: fixtures and ${RUNS} generated inputs`, async () => {
      const template = readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`));
      const engine = await RegoEngine.fromTemplate(template);
      const report = await verifyPolicy(policy, engine, { runs: RUNS });
      expect(report.mismatches.map(formatMismatch)).toEqual([]);
      expect(report.fixtures).toBeGreaterThanOrEqual(15);
      expect(report.generated).toBe(RUNS);
    }, 120_000);
  }
});
