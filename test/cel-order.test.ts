// Rego's order (sdk/order.ts) in CEL: regoLess and its kin compiled with both engines, the CEL
// reviewed by Gatekeeper's own driver (the pinned celeval) on every pair of a list of values that
// covers each type, undefined, integers against fractions and strings whose UTF-16 and code point
// orders differ, against the TypeScript (test/semantics.test.ts does the same for the Rego).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyCel, type CelInput } from "../verify/cel-differential.js";
import { CelEngine } from "../verify/cel-engine.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { compileSnippetWithCel, ROOT } from "./support/snippet.js";
import { celOnlyTemplateOf } from "./support/engines.js";

const VALUES: Readonly<Record<string, unknown>> = {
  missing: undefined,
  null: null,
  false: false,
  true: true,
  zero: 0,
  one: 1,
  two: 2,
  negative: -1,
  half: 0.5,
  big: 1e21,
  emptyString: "",
  string: "a",
  stringAB: "ab",
  stringB: "b",
  stringOne: "1",
  privateUse: "\uE000",
  astral: "\u{10000}",
  emptyArray: [],
  array: [1],
  arrayTwo: [2],
  arrayLong: [1, 2],
  emptyObject: {},
  object: { a: 1 },
  objectB: { b: 0 },
};

let engine: CelEngine;

afterAll(() => engine?.close());

describe("regoLess, regoLessOrEqual, regoGreater, regoGreaterOrEqual and scalarEquals in CEL", () => {
  let run: (inputs: readonly CelInput[]) => Promise<string[]>;

  beforeAll(async () => {
    engine = CelEngine.start();
    const { policy, compiled } = await compileSnippetWithCel(`
const pairs: unknown[] = Array.isArray(object.pairs) ? object.pairs : [];
for (const pair of pairs) {
  if (!isObject(pair)) continue;
  const id = typeof pair.id === "string" ? pair.id : "?";
  const a: unknown = pair.a;
  const b: unknown = pair.b;
  if (regoLess(a, b)) yield \`\${id} <\`;
  if (regoLessOrEqual(a, b)) yield \`\${id} <=\`;
  if (regoGreater(a, b)) yield \`\${id} >\`;
  if (regoGreaterOrEqual(a, b)) yield \`\${id} >=\`;
  if (scalarEquals(a, b)) yield \`\${id} ==\`;
  if (typeof b === "number" && regoLess(a, b)) yield \`\${id} a < number b\`;
  if (typeof a === "string" && regoLessOrEqual(a, b)) yield \`\${id} string a <= b\`;
}
`);
    expect(compiled.cel, compiled.celRefused?.reason).toBeDefined();
    await engine.addTemplate(celOnlyTemplateOf(ROOT, { policy, compiled }));
    const instrumented = await instrumentedPredicate(compiled.definition);
    run = async (inputs) => {
      const report = await verifyCel(policy, { engine, kind: policy.meta.kind, sourceLabel: compiled.source, instrumented }, inputs, 0);
      expect(report.fixtures).toBe(inputs.length);
      return report.mismatches.map((m) => `${m.input.caseName}: ${m.detail}`);
    };
  }, 300_000);

  test("every pair of values, one object per left operand", async () => {
    const names = Object.keys(VALUES);
    const inputs: CelInput[] = names.map((left, i) => ({
      source: "fixture",
      caseName: `a = ${left}`,
      object: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `c${i}` },
        pairs: names.map((right) => ({ id: `${left}~${right}`, ...(VALUES[left] === undefined ? {} : { a: VALUES[left] }), ...(VALUES[right] === undefined ? {} : { b: VALUES[right] }) })),
      },
      parameters: {},
      inventory: [],
    }));
    expect(await run(inputs)).toEqual([]);
  });
});
