// The CEL's printing of values in messages (README, Semantics rule 21), checked directly: a
// snippet that interpolates a value, compiled with both engines, its CEL reviewed by Gatekeeper's
// own driver (the pinned celeval) on values at every boundary the printer has, against the
// TypeScript. Where rule 21 says CEL cannot print as JavaScript does, the CEL must deny with an
// evaluation error (never print something else, never allow). The fault injection on CEL leaves
// this printer out of its mutation sites because this test checks it value by value.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { celDisagreement, expectedCelMessages, showsUnprintableNumber, type SiteMessage } from "../verify/cel.js";
import { formatCelMismatch, verifyCel, type CelInput } from "../verify/cel-differential.js";
import { CelEngine } from "../verify/cel-engine.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { compileSnippetWithCel, ROOT } from "./support/snippet.js";
import { celOnlyTemplateOf } from "./support/engines.js";

const TWO_53 = 2 ** 53;

/** Rule 21: what CEL prints exactly, by the JSON the value arrives as (an integer literal is a CEL int, anything else a double). */
function printable(n: number): boolean {
  const integerLiteral = /^-?\d+$/.test(JSON.stringify(n));
  const m = Math.abs(n);
  if (integerLiteral) return m <= TWO_53;
  if (Number.isInteger(n)) return m < TWO_53;
  return (m >= 0.0001 && m < 1e6) || (m >= 0.000001 && m < 0.0001);
}

const NUMBERS = [
  0, 1, -1, 42, 2 ** 31, -(2 ** 31), TWO_53 - 1, TWO_53, -TWO_53, TWO_53 + 2, -(TWO_53 + 2), 1e21, -1e21, 2.5e18,
  1.5, -2.25, 0.1, 0.30000000000000004, 123456.789, 999999.5, -999999.5, 1000000.5, 1e6 + 0.25, 1.000000001,
  0.0001, -0.0001, 0.00015, 0.0000999, 0.00001, 0.000015, -0.000015, 1.5e-5, 0.0000123456789, 0.000001, -0.000001, 0.00000099, 1e-7, 5e-324,
  1.7976931348623157e308, 9007199254740991.5 - 0.5, 4503599627370495.5,
];

let engine: CelEngine;

afterAll(() => engine?.close());

describe("CEL prints numbers in messages as JavaScript does, or denies with an error", () => {
  /** Mismatches on `values`; by default against rule 21 as this test states it, else (`model`) as the verifier models it from the messages. */
  let run: (values: readonly unknown[], model?: "verifier") => Promise<string[]>;

  beforeAll(async () => {
    engine = CelEngine.start();
    const { policy, compiled } = await compileSnippetWithCel(`
const v = object.v;
if (typeof v === "number") yield \`v is \${v}\`;
`);
    expect(compiled.cel, compiled.celRefused?.reason).toBeDefined();
    await engine.addTemplate(celOnlyTemplateOf({ policy, compiled }));
    const instrumented = await instrumentedPredicate(compiled.definition);
    run = async (values, model) => {
      const inputs: CelInput[] = values.map((v, i) => ({ source: "fixture", caseName: `v = ${JSON.stringify(v)}`, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` }, v }, parameters: {}, inventory: [] }));
      const report = await verifyCel(
        policy,
        {
          engine,
          kind: policy.meta.kind,
          sourceLabel: compiled.source,
          instrumented,
          ...(model === "verifier"
            ? {}
            : {
                expect: (yielded: readonly SiteMessage[], input: CelInput) => {
                  const v = (input.object as { v: unknown }).v;
                  return typeof v === "number" && !printable(v) ? { deniedWithError: "rule 21: a value CEL prints differently" } : { messages: expectedCelMessages(yielded, policy.meta.kind, compiled.source) };
                },
              }),
        },
        inputs,
        0,
      );
      expect(report.fixtures).toBe(values.length);
      return report.mismatches.map((m) => `${m.input.caseName}: ${m.detail}`);
    };
  }, 300_000);

  test(`${NUMBERS.length} numbers at the printer's boundaries`, async () => {
    expect(await run(NUMBERS)).toEqual([]);
  });

  test("the verifier's own model (a yield that shows such a number may raise instead) agrees on the same numbers", async () => {
    expect(await run(NUMBERS, "verifier")).toEqual([]);
  });

  test("a value that is not a number yields nothing in either", async () => {
    expect(await run(["1", null, [1], { n: 1 }, true])).toEqual([]);
  });
});

describe("the verifier's model of rule 21, from the TypeScript's messages", () => {
  const raise = (line: number) => `expression 'size(variables.gkc_yield_${line}) == 0' resulted in error: composited variable "gkc_yield_${line}" fails to evaluate: type conversion error from 'string' to 'int'`;
  const yielded: SiteMessage[] = [
    { line: 10, message: "container <9223372036854776000> is privileged" },
    { line: 10, message: "container <app> is privileged" },
    { line: 20, message: "pod p has 3 replicas" },
  ];
  const agree = (gator: string[]) => celDisagreement([...gator].sort(), yielded, "K", "policies/k.ts");

  test("finds the numbers JavaScript prints that CEL cannot, standing alone", () => {
    for (const shown of ["<9223372036854776000>", "-9007199254740993", "replicas: 1e+21.", "1e-7", "x 1234567.5 y", "(-2500000000000000000)"]) expect(showsUnprintableNumber(shown), shown).toBe(true);
    for (const shown of ["<9007199254740992>", "-9007199254740992", "0.000015 and 999999.5", "v1.25.9223372036854776000", "app9223372036854776000", "1.5", "<number>"]) expect(showsUnprintableNumber(shown), shown).toBe(false);
  });

  test("the yield that shows one may give CEL's error in place of its message; the others stay exact", () => {
    expect(agree(["container <9223372036854776000> is privileged; container <app> is privileged", "pod p has 3 replicas"])).toBeUndefined();
    expect(agree([raise(10), "pod p has 3 replicas"])).toBeUndefined();
  });

  test("a difference that holds gkc's deliberate error says what it is", () => {
    const input: CelInput = { source: "generated", caseName: "input #1", object: { kind: "Pod" }, parameters: {}, inventory: [] };
    const shown = (cel: string[]) => formatCelMismatch({ input, typescript: { messages: [] }, cel: { messages: cel }, detail: "only CEL" });
    expect(shown([raise(12)])).toMatch(/hint: "type conversion error from 'string' to 'int'" is the error gkc's CEL raises on purpose/);
    expect(shown(["pod p has 3 replicas"])).not.toMatch(/hint:/);
  });

  test("an error on another yield, a missing message or a silent yield is a disagreement", () => {
    expect(agree([raise(10), raise(20)])).toMatch(/messages differ/);
    expect(agree([raise(10)])).toMatch(/messages differ/);
    expect(agree(["pod p has 3 replicas"])).toMatch(/messages differ/);
    expect(agree([raise(11), "pod p has 3 replicas"])).toMatch(/messages differ/);
    const plain: SiteMessage[] = [{ line: 20, message: "pod p has 3 replicas" }];
    expect(celDisagreement([raise(20)], plain, "K", "policies/k.ts")).toMatch(/messages differ/);
  });
});
