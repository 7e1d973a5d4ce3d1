// Small predicates compiled with both engines, their CEL reviewed by Gatekeeper's own driver (the
// pinned celeval) against the TypeScript on every combination of a list of values, for what the
// CEL computes value by value: Rego's order (sdk/order.ts regoLess and its kin), and member access
// by a key of any type (test/semantics.test.ts runs the same predicates in Rego).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyCel, type CelInput } from "../verify/cel-differential.js";
import { CelEngine } from "../verify/cel-engine.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { compileSnippetWithCel, ROOT } from "./support/snippet.js";
import { celOnlyTemplateOf } from "./support/engines.js";
import { INDEXED, JOIN_SNIPPET, KEYS, MEMBER_SNIPPET, ORDER_SNIPPET, ORDERED, pairs, VALUES } from "./support/shared-cases.js";

let engine: CelEngine | undefined;

afterAll(() => engine?.close());

/** Compiles `body` with both engines and returns a run of its CEL on objects (ConfigMaps with these extra fields) against the TypeScript. */
async function celSnippet(body: string): Promise<(objects: readonly Record<string, unknown>[]) => Promise<string[]>> {
  engine ??= CelEngine.start();
  const running = engine;
  const { policy, compiled } = await compileSnippetWithCel(body);
  expect(compiled.cel, compiled.celRefused?.reason).toBeDefined();
  await running.addTemplate(celOnlyTemplateOf({ policy, compiled }));
  const instrumented = await instrumentedPredicate(compiled.definition);
  return async (objects) => {
    const inputs: CelInput[] = objects.map((fields, i) => ({
      source: "fixture",
      caseName: JSON.stringify(fields).slice(0, 200),
      object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `c${i}` }, ...fields },
      parameters: {},
      inventory: [],
    }));
    const report = await verifyCel(policy, { engine: running, kind: policy.meta.kind, sourceLabel: compiled.source, instrumented }, inputs, 0);
    expect(report.fixtures).toBe(inputs.length);
    return report.mismatches.map((m) => `${m.input.caseName}: ${m.detail}`);
  };
}

describe("regoLess, regoLessOrEqual, regoGreater, regoGreaterOrEqual and scalarEquals in CEL", () => {
  let run: (objects: readonly Record<string, unknown>[]) => Promise<string[]>;

  beforeAll(async () => {
    run = await celSnippet(ORDER_SNIPPET);
  }, 300_000);

  test("every pair of values, one object per left operand", async () => {
    expect(await run(pairs(ORDERED, ORDERED))).toEqual([]);
  });
});

describe("member access by keys of every kind in CEL", () => {
  let run: (objects: readonly Record<string, unknown>[]) => Promise<string[]>;

  beforeAll(async () => {
    run = await celSnippet(MEMBER_SNIPPET);
  }, 300_000);

  test("every value with every key: an array's and a string's indexes and length, also named by strings", async () => {
    expect(await run(pairs(INDEXED, KEYS, "v", "k"))).toEqual([]);
  });

  test("a string beyond the BMP is indexed with an error, never a guess", async () => {
    const mismatches = await run(pairs({ astral: "a\u{10000}" }, { zero: 0 }, "v", "k"));
    // The TypeScript finds "a"; the CEL denies with gkc's deliberate error.
    expect(mismatches.join("\n")).toMatch(/type conversion error|gkc: indexing a string outside the BMP/);
  });
});

describe("a yield outside any loop gives its message by itself", () => {
  // Kubernetes evaluates every messageExpression on every review; a site that yields at most one
  // message gives that message as its own expression, not its site's list computed again.
  const SNIPPET = `
if (object.skip === true) {
  return;
}
const name = object.metadata?.name;
if (object.a === "x") {
  yield \`a is x on \${name}\`;
}
for (const item of Array.isArray(object.items) ? object.items : []) {
  if (item === "bad") {
    yield \`bad item on \${typeof name === "string" ? name : "no name"}\`;
  }
}
if (object.b !== undefined) {
  if (object.b === 1) {
    return;
  }
  yield \`b is \${typeof object.b === "string" ? object.b : "not a string"}\`;
}`;

  test("only the sites outside loops, and the CEL means the TypeScript on every path", async () => {
    const { compiled } = await compileSnippetWithCel(SNIPPET);
    const validations = compiled.cel!.validations;
    expect(validations.map((v) => v.messageExpression.startsWith("variables.gkc_yield_"))).toEqual([false, true, false]);
    // The checker types a printed value of unknown type as dyn; Kubernetes accepts only a string.
    expect(validations[0]!.messageExpression).toMatch(/^string\(/);
    const run = await celSnippet(SNIPPET);
    const objects = [{}, { skip: true, a: "x" }, { a: "x" }, { a: "y", b: 2 }, { b: 1, a: "x" }, { b: "s", items: ["bad", "ok", "bad"] }, { items: ["bad"], a: "x", b: [1, 2] }, { metadata: { name: 7 }, a: "x", b: null }];
    expect(await run(objects)).toEqual([]);
  }, 300_000);
});

describe("a value read by a loop's tests and its message", () => {
  // A constant the tests read at most once is computed where it is read, not bound before them:
  // a passing element computes only what decides it, the cheap test first (values.ts and/or).
  const SNIPPET = `
for (const item of Array.isArray(object.items) ? object.items : []) {
  const label = isObject(item) && typeof item.name === "string" ? \`<\${item.name}>\` : "<no name>";
  const flag = isObject(item) ? item.flag : undefined;
  const tags = isObject(item) && Array.isArray(item.tags) ? item.tags : [];
  if (label === "<skip>" || tags.some((t: unknown) => t === "exempt") || flag !== true) {
    continue;
  }
  yield \`item \${label} has flag \${flag}\`;
}`;

  test("no binding of the label, the flag tested before the label and the list, and the CEL means the TypeScript", async () => {
    const { compiled } = await compileSnippetWithCel(SNIPPET);
    const cel = JSON.stringify(compiled.cel);
    expect(cel).not.toMatch(/\]\.map\(c_label/);
    const flagTest = cel.indexOf(`true == dyn(`);
    expect(flagTest).toBeGreaterThan(-1);
    expect(flagTest).toBeLessThan(cel.indexOf("<skip>"));
    expect(flagTest).toBeLessThan(cel.indexOf(`.exists(`));
    const run = await celSnippet(SNIPPET);
    const items = [
      { name: "a", flag: true },
      { name: "skip", flag: true },
      { name: "b", flag: false },
      { name: 3, flag: true },
      { name: "c", flag: true, tags: ["x", "exempt"] },
      { flag: true },
      "text",
      { name: ["n"], flag: true, tags: "exempt" },
    ];
    expect(await run([{}, { items }, { items: items.slice(0, 1) }, { items: "no list" }])).toEqual([]);
  }, 300_000);
});

describe("Array.prototype.includes in CEL", () => {
  // A value that is no list or map is looked up by CEL's `in` (heterogeneous equality); a list or
  // a map is never a match (JavaScript compares them by reference).
  const SNIPPET = `
const pairs: unknown[] = Array.isArray(object.pairs) ? object.pairs : [];
for (const pair of pairs) {
  if (!isObject(pair)) continue;
  const id = typeof pair.id === "string" ? pair.id : "?";
  const list: unknown = pair.list;
  if (Array.isArray(list) && list.includes(pair.v)) yield \`\${id} includes\`;
  const strings = Array.isArray(list) ? list.map((x: unknown) => (typeof x === "string" ? x : undefined)) : [];
  if (strings.includes(undefined)) yield \`\${id} has a non-string\`;
  if (["a", "1", ""].includes(pair.v as string)) yield \`\${id} is a listed string\`;
  const v = pair.v;
  if (["x", "0", "a"].some((s) => s === v)) yield \`\${id} is another listed string\`;
}`;
  const LISTS: Record<string, unknown> = {
    empty: [],
    scalars: [null, false, 0, 1, 0.5, "", "a", "1", "b", "x"],
    integral: [1.0, 2],
    nested: [[1], { a: 1 }, [], {}],
    strings: ["a", "b"],
  };

  test("every value against lists of every kind", async () => {
    const run = await celSnippet(SNIPPET);
    expect(await run(pairs(VALUES, LISTS, "v", "list"))).toEqual([]);
  }, 300_000);

  test("a list of known scalars is looked up by CEL's `in`; one of unknown elements tests each first", async () => {
    const { compiled } = await compileSnippetWithCel(SNIPPET);
    const cel = JSON.stringify(compiled.cel);
    expect(cel).toMatch(/ in dyn\(\[dyn\(\\"a\\"\), dyn\(\\"1\\"\), dyn\(\\"\\"\)\]\)/);
    // some((s) => s === v) over the same kind of list too.
    expect(cel).toMatch(/ in dyn\(\[dyn\(\\"x\\"\), dyn\(\\"0\\"\), dyn\(\\"a\\"\)\]\)/);
    // The list read from the object: each element tested not to be a list or a map (rule 34).
    expect(cel).toMatch(/\.exists\(e_\d+, !\(\(type\(e_\d+\) == list\) \|\| \(type\(e_\d+\) == map\)\) && e_\d+ == /);
  }, 300_000);
});

describe("Array.prototype.join in CEL", () => {
  // Elements as String() prints an array's (null: ""); strings alone join by CEL's join().
  const SNIPPET = JOIN_SNIPPET;

  test("the TypeScript's value on arrays of every kind of element", async () => {
    const { compiled } = await compileSnippetWithCel(SNIPPET);
    expect(JSON.stringify(compiled.cel)).toContain('.join(\\" | \\")');
    const run = await celSnippet(SNIPPET);
    const values = [[], ["a", "b", "a"], [1, null, true, false, "x", [2, 3, null], 1.5], [""], ["", ""], "a,b", null, 3];
    expect(await run(values.map((v) => ({ v })))).toEqual([]);
  }, 300_000);
});

describe("trimCharacters in CEL", () => {
  // A literal cutset becomes one find() of a regular expression built from its characters: code
  // points in both (a character outside the BMP is one), RE2's metacharacters escaped.
  const SNIPPET = `
const v = object.v;
yield \`slashes [\${trimCharacters(v, "/")}]\`;
yield \`metacharacters [\${trimCharacters(v, "]-^\\\\\\\\.*\\u{1F600}")}]\`;
yield \`none [\${trimCharacters(v, "")}]\`;
if (typeof v === "string" && trimCharacters(v, "/").startsWith("a")) {
  yield "starts with a";
}`;

  test("the TypeScript's value on strings and on other values", async () => {
    const { compiled } = await compileSnippetWithCel(SNIPPET);
    expect(JSON.stringify(compiled.cel)).toContain(".find(");
    const run = await celSnippet(SNIPPET);
    const values = ["//a/b//", "/", "", "a", "\u{1F600}a]\u{1F600}", "\\.a*\\", "^-x-^", "\n/a\n/", "\u{1F601}a", 1, null, true, [], ["/"], {}];
    expect(await run(values.map((v) => ({ v })))).toEqual([]);
  }, 300_000);

  test("trim() is JavaScript's white space, not CEL's trim()", async () => {
    const run = await celSnippet(`const v = object.v;\nif (typeof v === "string") yield \`[\${v.trim()}]\`;\nif (typeof v === "string" && v.trim() === "") yield "blank";`);
    const values = ["", " ", " a b ", "\t\n\u000b\f\r\u00a0x\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff", "\u0085a\u0085", "\u200bb\u200b", "\u180ec\u180e", "\u{1F600} \u{1F600}", 7, null];
    expect(await run(values.map((v) => ({ v })))).toEqual([]);
  }, 300_000);

  test("a cutset known only at run time keeps the template Rego-only, naming the call", async () => {
    const { compiled } = await compileSnippetWithCel(`const v = object.v;\nif (typeof v === "string" && typeof object.c === "string" && trimCharacters(v, object.c) === "") yield "empty";`);
    expect(compiled.cel).toBeUndefined();
    expect(compiled.celRefused?.construct).toBe("trimCharacters(s, cutset)");
    expect(compiled.celRefused?.reason).toMatch(/not a string literal/);
  }, 300_000);
});
