// The TypeScript half of policy verification: every fixture's expected violations equal what the
// predicate yields natively, and the predicate never throws (and yields only strings) on
// generated, often malformed, objects. The TS-vs-OPA differential runs elsewhere.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { KubeObject } from "../sdk/index.js";
import * as approvedRegistries from "../policies/approved-registries.js";
import * as approvedRegistriesArbitraries from "../policies/approved-registries.arbitraries.js";
import * as containerLimits from "../policies/container-limits.js";
import * as containerLimitsArbitraries from "../policies/container-limits.arbitraries.js";
import * as namingConvention from "../policies/naming-convention.js";
import * as namingConventionArbitraries from "../policies/naming-convention.arbitraries.js";
import * as requiredLabels from "../policies/required-labels.js";
import * as requiredLabelsArbitraries from "../policies/required-labels.arbitraries.js";

const POLICIES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "policies");
const PROPERTY_RUNS = 1000;
const MIN_FIXTURES = 20;

interface Fixture {
  name: string;
  parameters: unknown;
  object: unknown;
  violations: string[];
}

interface PolicyUnderTest {
  slug: string;
  violations: (object: KubeObject, parameters: never) => Generator<string>;
  objects: fc.Arbitrary<unknown>;
  parameters: fc.Arbitrary<unknown>;
}

const POLICIES: PolicyUnderTest[] = [
  { slug: "required-labels", violations: requiredLabels.violations, ...requiredLabelsArbitraries },
  { slug: "approved-registries", violations: approvedRegistries.violations, ...approvedRegistriesArbitraries },
  { slug: "container-limits", violations: containerLimits.violations, ...containerLimitsArbitraries },
  { slug: "naming-convention", violations: namingConvention.violations, ...namingConventionArbitraries },
];

function loadFixtures(slug: string): Fixture[] {
  const parsed: unknown = parse(readFileSync(join(POLICIES_DIR, `${slug}.fixtures.yaml`), "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${slug}.fixtures.yaml is not a YAML list`);
  return parsed as Fixture[];
}

function run(policy: PolicyUnderTest, object: unknown, parameters: unknown): unknown[] {
  return [...policy.violations(object as KubeObject, parameters as never)];
}

for (const policy of POLICIES) {
  describe(policy.slug, () => {
    const fixtures = loadFixtures(policy.slug);

    it(`has at least ${MIN_FIXTURES} well-formed fixtures with unique names`, () => {
      expect(fixtures.length).toBeGreaterThanOrEqual(MIN_FIXTURES);
      for (const fixture of fixtures) {
        expect(typeof fixture.name, JSON.stringify(fixture)).toBe("string");
        expect(Array.isArray(fixture.violations), fixture.name).toBe(true);
        expect(typeof fixture.object === "object" && fixture.object !== null, fixture.name).toBe(true);
      }
      const names = fixtures.map((fixture) => fixture.name);
      expect(new Set(names).size).toBe(names.length);
    });

    it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("fixture: %s", (_name, fixture) => {
      const actual = new Set(run(policy, fixture.object, fixture.parameters));
      expect(actual).toEqual(new Set(fixture.violations));
    });

    it("never throws and yields only strings on generated objects and parameters", () => {
      fc.assert(
        fc.property(fc.tuple(policy.objects, policy.parameters), ([object, parameters]) => {
          const messages = run(policy, object, parameters);
          for (const message of messages) expect(typeof message).toBe("string");
        }),
        { numRuns: PROPERTY_RUNS },
      );
    });
  });
}
