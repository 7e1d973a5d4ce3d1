// Semantics, TypeScriptToLua-style: many tiny predicates, each run natively and as the Rego gkc
// emits for it (OPA compiled to wasm) on a list of inputs; the two message sets must be equal.
// Some cases also pin the exact messages, so a test fails even if both engines agreed on a wrong
// answer. Every snippet is one policy file and one wasm module: inputs are batched per snippet.
//
// The inputs include missing, null and wrongly typed fields wherever the snippet guards with
// typeof / Array.isArray / isObject / asArray: the native predicate must not throw on any of them.
import { describe, expect, it } from "vitest";
import { runNative, type Outcome } from "../verify/engines.js";
import { compileSnippet, type SnippetOptions } from "./support/snippet.js";
import { INDEXED, JOIN_SNIPPET, KEYS, MEMBER_SNIPPET, ORDER_SNIPPET, ORDERED, pairs, VALUES } from "./support/shared-cases.js";

interface Case {
  readonly object: unknown;
  readonly parameters?: unknown;
  /** The exact messages TypeScript (and so Rego) must produce, in any order. */
  readonly expect?: readonly string[];
}

interface Row {
  readonly input: string;
  readonly typescript: Outcome;
  readonly rego: Outcome;
}

/** `{ v: value }`, or `{}` for a missing value. */
function withV(value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { v: value };
}

const FALSY = new Set(["missing", "null", "false", "zero", "emptyString"]);

async function agree(body: string, cases: readonly Case[], options?: SnippetOptions): Promise<Row[]> {
  const snippet = await compileSnippet(body, options);
  const engine = await snippet.engine();
  const rows = cases.map((c): Row => {
    const parameters = "parameters" in c ? c.parameters : {};
    return {
      input: `${JSON.stringify(c.object)}${"parameters" in c ? ` with parameters ${JSON.stringify(c.parameters)}` : ""}`,
      typescript: runNative(snippet.predicate, c.object, parameters),
      rego: engine.evaluate(c.object, parameters),
    };
  });
  expect(rows.filter((r) => "error" in r.typescript), "the native predicate threw").toEqual([]);
  expect(
    rows.filter((r) => JSON.stringify(r.typescript) !== JSON.stringify(r.rego)),
    `TypeScript and Rego disagree. The Rego:\n${snippet.rego}`,
  ).toEqual([]);
  cases.forEach((c, i) => {
    if (c.expect) {
      expect(rows[i]?.typescript, `messages for ${rows[i]?.input}`).toEqual({ messages: [...new Set(c.expect)].sort() });
    }
  });
  return rows;
}

/** One snippet, one test: compiled once, run on every case. */
function semantics(name: string, body: string, cases: readonly Case[], options?: SnippetOptions): void {
  it(name, async () => {
    await agree(body, cases, options);
  });
}

describe("truthiness", () => {
  semantics(
    "if, !, !! and ?: on every JSON value",
    `
const v = object.v;
if (v) yield "if";
if (!v) yield "not";
if (!!v) yield "notnot";
yield v ? "ternary:truthy" : "ternary:falsy";
if (v) {
  yield "then";
} else {
  yield "else";
}
`,
    Object.entries(VALUES).map(([name, value]) => ({
      object: withV(value),
      expect: FALSY.has(name) ? ["not", "ternary:falsy", "else"] : ["if", "notnot", "ternary:truthy", "then"],
    })),
  );

  const operands = [undefined, null, false, 0, "", "x", [], {}, 1];
  semantics(
    "&&, || and ?? return operand values",
    `
const a = object.a;
const b = object.b;
yield \`and=\${a && b}\`;
yield \`or=\${a || b}\`;
yield \`coalesce=\${a ?? b}\`;
if (a && b) yield "if-and";
if (a || b) yield "if-or";
if (!(a && b)) yield "if-not-and";
if (!(a || b)) yield "if-not-or";
if (a ?? b) yield "if-coalesce";
`,
    [
      ...operands.flatMap((a) => ["y", undefined, 0].map((b) => ({ object: { ...(a === undefined ? {} : { a }), ...(b === undefined ? {} : { b }) } }))),
      { object: { a: 0, b: "y" }, expect: ["and=0", "or=y", "coalesce=0", "if-or", "if-not-and"] },
      { object: { b: "y" }, expect: ["and=undefined", "or=y", "coalesce=y", "if-or", "if-not-and", "if-coalesce"] },
      { object: { a: null }, expect: ["and=null", "or=undefined", "coalesce=undefined", "if-not-and", "if-not-or"] },
      { object: { a: "", b: 0 }, expect: ["and=", "or=0", "coalesce=", "if-not-and", "if-not-or"] },
      { object: { a: [], b: "y" }, expect: ["and=y", "or=", "coalesce=", "if-and", "if-or", "if-coalesce"] },
      { object: { a: {}, b: false }, expect: ["and=false", "or=[object Object]", "coalesce=[object Object]", "if-or", "if-not-and", "if-coalesce"] },
    ],
  );

  semantics(
    "?? with defaults keeps 0, empty string and false",
    `
const name = object.name ?? "default";
yield \`name=\${name}\`;
const count = object.count ?? 10;
yield \`count=\${count}\`;
if ((object.flag ?? true) === true) yield "flag-on";
const nested = object.a?.b ?? "nb";
yield \`nested=\${nested}\`;
const chain = object.x ?? object.y ?? "neither";
yield \`chain=\${chain}\`;
`,
    [
      { object: {}, expect: ["name=default", "count=10", "flag-on", "nested=nb", "chain=neither"] },
      { object: { name: null, count: null, flag: null, a: null, x: null, y: null }, expect: ["name=default", "count=10", "flag-on", "nested=nb", "chain=neither"] },
      { object: { name: "", count: 0, flag: false, a: { b: 0 }, y: false }, expect: ["name=", "count=0", "nested=0", "chain=false"] },
      { object: { name: "n", count: 3, flag: true, a: { b: "" }, x: "x", y: "y" }, expect: ["name=n", "count=3", "flag-on", "nested=", "chain=x"] },
      { object: { name: 0, count: "", flag: "yes", a: "str", x: 0 } },
      { object: { a: [], y: [] } },
    ],
  );
});

describe("optional chaining and undefined", () => {
  semantics(
    "?. on missing, null and wrongly typed parents",
    `
const c = object.a?.b?.c;
yield \`c=\${c}\`;
if (c === undefined) yield "c===undefined";
if (c === null) yield "c===null";
if (object.a?.b === null) yield "b===null";
if (object.a?.b === undefined) yield "b===undefined";
yield \`len=\${object.a?.length}\`;
const list = object.list;
yield \`first=\${list?.[0]}\`;
yield \`second=\${object.list?.[1]?.name}\`;
`,
    [
      { object: {}, expect: ["c=undefined", "c===undefined", "b===undefined", "len=undefined", "first=undefined", "second=undefined"] },
      { object: { a: null, list: null } },
      { object: { a: 1, list: 5 } },
      { object: { a: "str", list: true } },
      { object: { a: true, list: {} } },
      { object: { a: [], list: [] } },
      { object: { a: ["x"], list: ["only"] } },
      { object: { a: { b: null }, list: [null, null] }, expect: ["c=undefined", "c===undefined", "b===null", "len=undefined", "first=null", "second=undefined"] },
      { object: { a: { b: { c: 0 } }, list: [1, { name: "n" }] }, expect: ["c=0", "len=undefined", "first=1", "second=n"] },
      { object: { a: { b: { c: null } }, list: [[], { name: null }] }, expect: ["c=null", "c===null", "len=undefined", "first=", "second=null"] },
      { object: { a: { b: { c: "x" } }, list: [{}, { name: ["a", "b"] }] } },
      { object: { a: { b: [1] }, list: [{ name: 1 }] } },
      { object: { a: { b: "s" } } },
      { object: { a: { length: 5 } }, expect: ["c=undefined", "c===undefined", "b===undefined", "len=5", "first=undefined", "second=undefined"] },
    ],
  );

  semantics(
    "=== undefined, === null, == null and missing keys",
    `
const v = object.v;
if (v === undefined) yield "===undefined";
if (v === null) yield "===null";
if (v == null) yield "==null";
if (v != null) yield "!=null";
if (v !== undefined) yield "!==undefined";
if (v !== null) yield "!==null";
if (v == undefined) yield "==undefined";
if (undefined === v) yield "undefined===";
if (null == v) yield "null==";
if (typeof v === "undefined") yield "typeof undefined";
`,
    [
      { object: {}, expect: ["===undefined", "==null", "!==null", "==undefined", "undefined===", "null==", "typeof undefined"] },
      { object: { v: null }, expect: ["===null", "==null", "!==undefined", "==undefined", "null=="] },
      ...["missing", "false", "zero", "emptyString", "emptyArray", "emptyObject", "string", "object"].map((name) => ({
        object: withV(VALUES[name]),
      })),
      { object: { v: 0 }, expect: ["!=null", "!==undefined", "!==null"] },
      { object: { v: [] }, expect: ["!=null", "!==undefined", "!==null"] },
    ],
  );
});

describe("== null of a value that may be either", () => {
  // One membership test of {set(), null}. As a helper's first test of its parameter, and as a
  // body's test of a read of the input, it is `[x] in {[set()], [null]}`: OPA's rule indexer
  // panics on a set among the members it would index (the wasm build here would fail).
  semantics(
    "in a helper's branches, a body's test, a negation and a value",
    `
const v: unknown = object.spec?.v;
yield \`rank \${rank(v)}\`;
if (v == null) yield "none";
if (!(v == null)) yield "some";
const missing = v == null;
if (missing === true) yield "missing";
`,
    [
      { object: {}, expect: ["rank 0", "none", "missing"] },
      { object: { spec: { v: null } }, expect: ["rank 0", "none", "missing"] },
      { object: { spec: { v: false } }, expect: ["rank 1", "some"] },
      { object: { spec: { v: "" } }, expect: ["rank 2", "some"] },
      { object: { spec: { v: [] } }, expect: ["rank 2", "some"] },
    ],
    {
      helpers: `
function rank(value: unknown): number {
  if (value == null) return 0;
  if (value === false) return 1;
  return 2;
}`,
    },
  );
});

describe("negated comparisons of one value with literals of two types", () => {
  // `not x == set()` then `not x == false` in one body: OPA's type checker narrows x by the first
  // comparison, under `not` too, and refuses the second (a match error; the wasm build would fail).
  semantics(
    "a helper's negated disjunction of its parameter",
    `
if (level(object.v) === 1) yield "set";
if (level(object.w) === 2) yield "w unset";
`,
    [
      { object: {}, expect: ["w unset"] },
      { object: { v: false, w: "" }, expect: ["w unset"] },
      { object: { v: "", w: 0 }, expect: [] },
      { object: { v: 0, w: false }, expect: ["set", "w unset"] },
    ],
    {
      helpers: `
function level(value: unknown): number {
  if (!(value === undefined || value === false || value === "")) return 1;
  return 2;
}`,
    },
  );
});

describe("member chains from a value of any type", () => {
  // A chain of string keys from a local that may be anything is one object.get along the path
  // from an object holding the value; each step through a non-object must give undefined.
  semantics(
    "v.a and v.a.b on every kind of value",
    `
const items: unknown[] = Array.isArray(object.items) ? object.items : [];
for (const v of items) {
  const a: unknown = (v as { a?: unknown } | null | undefined)?.a;
  const b: unknown = (v as { a?: { b?: unknown } } | null | undefined)?.a?.b;
  yield \`a=\${a} b=\${b}\`;
}
`,
    [
      { object: { items: Object.values(VALUES).filter((v) => v !== undefined) } },
      { object: { items: Object.values(VALUES).filter((v) => v !== undefined).map((v) => ({ a: v })) } },
      { object: { items: Object.values(VALUES).filter((v) => v !== undefined).map((v) => ({ a: { b: v } })) } },
      { object: { items: [{ a: [{ b: 1 }] }, { a: "b" }, { a: { b: { c: 1 } } }, ["a"]] }, expect: ["a=[object Object] b=undefined", "a=b b=undefined", "a=[object Object] b=[object Object]", "a=undefined b=undefined"] },
    ],
  );
});

/** Values on which Rego's order (sdk/order.ts) and its emitted forms could go wrong, by name. */
describe("Rego's order (sdk/order.ts) in each emitted form", () => {
  // One object per left operand, with a pair per right operand: the calls stay gkc_rego_less and
  // the others where nothing is known of the operands, become a test's own steps for names, and
  // Rego's operator once a number is known on one side.
  semantics(
    "regoLess, regoLessOrEqual, regoGreater, regoGreaterOrEqual and scalarEquals on every pair",
    ORDER_SNIPPET,
    [
      ...pairs(ORDERED, ORDERED).map((object) => ({ object })),
      {
        object: { pairs: [{ id: "p", a: 1, b: 2 }, { id: "q", a: "\uE000", b: "\u{10000}" }, { id: "r", b: 3 }] },
        expect: [
          "p <", "p <=", "p !=", "p not b <= a", "p a < number b", "p number b > a",
          "q <", "q <=", "q !=", "q not b <= a", "q string a < b",
          "r >", "r >=", "r !=", "r b <= a as a value", "r number b <= a",
        ],
      },
    ],
  );
});

describe("member access by keys of every kind", () => {
  // An array's and a string's members are named by strings too: a canonical index ("0", not
  // "01") and "length", computed or literal, as in JavaScript (test/cel-snippets.test.ts: CEL).
  semantics(
    "v[k], v[\"0\"], v[\"length\"] and v[\"01\"] for every kind of v and k",
    MEMBER_SNIPPET,
    [
      ...pairs(INDEXED, KEYS, "v", "k").map((object) => ({ object })),
      {
        object: { pairs: [{ id: "s", v: "abc", k: "1" }, { id: "a", v: [5, 6], k: "length" }, { id: "o", v: { length: 4, "01": 1 }, k: "01" }] },
        expect: ["s defined", "s = b", 's ["0"] = a', 's ["length"] = 3', "a defined", "a = 2", 'a ["0"] = 5', 'a ["length"] = 2', "o defined", "o = 1", 'o ["length"] = 4', 'o ["01"] defined'],
      },
    ],
  );
});

describe("equality and types", () => {
  semantics(
    "Object.keys(o).includes(k): an own key, for keys of every kind",
    `
for (const o of Array.isArray(object.items) ? object.items : []) {
  if (isObject(o) && Object.keys(o).includes(object.k)) yield "own";
  if (isObject(o) && !Object.keys(o).includes(object.k)) yield "not own";
}
`,
    [
      { object: { items: [{ a: 1 }], k: "a" }, expect: ["own"] },
      { object: { items: [{ a: null }], k: "a" }, expect: ["own"] },
      { object: { items: [{ a: false }], k: "a" }, expect: ["own"] },
      { object: { items: [{ a: 1 }], k: "constructor" }, expect: ["not own"] },
      { object: { items: [{ "1": 1 }], k: 1 }, expect: ["not own"] },
      { object: { items: [{ a: 1 }], k: ["a"] }, expect: ["not own"] },
      { object: { items: [{ a: 1 }], k: { a: 1 } }, expect: ["not own"] },
      { object: { items: [{ a: 1 }] }, expect: ["not own"] },
      { object: { items: [{}], k: "a" }, expect: ["not own"] },
      { object: { items: [["a"], "a"], k: "0" }, expect: [] },
    ],
  );

  semantics(
    "isObject(o) && Object.keys(o).includes(k) ? o[k] : undefined: an own member, for keys of every kind",
    `
const o = object.o;
const k = object.k;
if (typeof k === "string") {
  const value = isObject(o) && Object.keys(o).includes(k) ? o[k] : undefined;
  if (value === undefined) yield "string key: undefined";
  else if (value === null) yield "string key: null";
  else if (value === false) yield "string key: false";
  else if (value === 1) yield "string key: 1";
  else yield "string key: other";
}
const any = isObject(o) && Object.keys(o).includes(k) ? o[k] : undefined;
if (any === undefined || any === null) yield "any key: none";
else if (any === false) yield "any key: false";
else if (any === 1) yield "any key: 1";
else yield "any key: other";
`,
    [
      { object: { o: { a: 1 }, k: "a" }, expect: ["string key: 1", "any key: 1"] },
      { object: { o: { a: false }, k: "a" }, expect: ["string key: false", "any key: false"] },
      { object: { o: { a: null }, k: "a" }, expect: ["string key: null", "any key: none"] },
      { object: { o: { a: 1 }, k: "constructor" }, expect: ["string key: undefined", "any key: none"] },
      { object: { o: { "1": 1 }, k: 1 }, expect: ["any key: none"] },
      { object: { o: ["a"], k: "0" }, expect: ["string key: undefined", "any key: none"] },
      { object: { o: "abc", k: "length" }, expect: ["string key: undefined", "any key: none"] },
      { object: { k: "a" }, expect: ["string key: undefined", "any key: none"] },
      { object: { o: { a: 1 } }, expect: ["any key: none"] },
    ],
  );

  semantics(
    "a binding the body needs defined: t ? a : undefined, t ? undefined : a, and a helper that guards so",
    `
for (const item of asArray(object.items)) {
  const key = typeof item === "string" ? \`k/\${item}\` : undefined;
  const other = item === "" || item === "z" ? undefined : item;
  const name = nameOf(object.meta);
  if (key === undefined) {
    yield \`no key: \${typeof other === "string" ? other : "other"}\`;
    continue;
  }
  if (other === undefined || name === undefined) continue;
  yield \`\${key} \${name}\`;
}
for (const item of asArray(object.items)) {
  const name = nameOf(item);
  if (name !== undefined && name.length > 1) yield \`long: \${name}\`;
}
`,
    [
      { object: { items: ["a", "bc", "z", "", 1, null, 0, true, { name: "n" }, { name: 7 }, { other: 1 }, []], meta: { name: "m" } } },
      { object: { items: ["a", "z", { name: "ab" }, { name: "" }, { name: null }], meta: { name: 1 } }, expect: ["k/a other", "no key: other", "no key: other", "no key: other", "long: ab", "long: other"] },
      { object: { items: ["a", "z"], meta: { other: 1 } } },
      { object: { items: ["a"], meta: "m" } },
      { object: { items: "abc" } },
      { object: {} },
    ],
    {
      helpers: `
function nameOf(item: unknown): string | undefined {
  if (!isObject(item)) {
    return undefined;
  }
  const name = item["name"];
  if (name === undefined) {
    return undefined;
  }
  return typeof name === "string" ? name : "other";
}
`,
    },
  );

  semantics(
    "=== never equates a number with a string",
    `
const v = object.v;
if (v === 1) yield "===1";
if (v === "1") yield "==='1'";
if (v !== 1) yield "!==1";
if (v === true) yield "===true";
if (v === 0) yield "===0";
if (v === "") yield "===''";
if (v === false) yield "===false";
if (object.a === object.b) yield "a===b";
if (object.a !== object.b) yield "a!==b";
`,
    [
      ...Object.values(VALUES).map((value) => ({ object: withV(value) })),
      { object: { v: 1 }, expect: ["===1", "a===b"] },
      { object: { v: "1" }, expect: ["==='1'", "!==1", "a===b"] },
      { object: { v: 1.0, a: 1, b: "1" }, expect: ["===1", "a!==b"] },
      { object: { v: 0, a: 0, b: false }, expect: ["===0", "!==1", "a!==b"] },
      { object: { v: "", a: "", b: null }, expect: ["===''", "!==1", "a!==b"] },
      { object: { v: false, a: null }, expect: ["===false", "!==1", "a!==b"] },
      { object: { v: true, a: "x", b: "x" }, expect: ["===true", "!==1", "a===b"] },
      // Two arrays or objects from JSON are different references in JavaScript.
      { object: { a: [1], b: [1] }, expect: ["!==1", "a!==b"] },
      { object: { a: {}, b: {} }, expect: ["!==1", "a!==b"] },
      { object: { a: 2.5, b: 2.5 }, expect: ["!==1", "a===b"] },
    ],
  );

  semantics(
    "typeof, Array.isArray and isObject on every JSON type",
    `
const v = object.v;
if (typeof v === "string") yield "string";
if (typeof v === "number") yield "number";
if (typeof v === "boolean") yield "boolean";
if (typeof v === "object") yield "object";
if (typeof v === "undefined") yield "undefined";
if (typeof v !== "object") yield "not object";
if ("number" === typeof v) yield "reversed number";
if (Array.isArray(v)) yield "array";
if (isObject(v)) yield "isObject";
if (typeof v === "object" && v !== null && !Array.isArray(v)) yield "plain object";
`,
    [
      { object: {}, expect: ["undefined", "not object"] },
      { object: { v: null }, expect: ["object"] },
      { object: { v: "" }, expect: ["string", "not object"] },
      { object: { v: "s" }, expect: ["string", "not object"] },
      { object: { v: 0 }, expect: ["number", "not object", "reversed number"] },
      { object: { v: -2.5 }, expect: ["number", "not object", "reversed number"] },
      { object: { v: false }, expect: ["boolean", "not object"] },
      { object: { v: true }, expect: ["boolean", "not object"] },
      { object: { v: [] }, expect: ["object", "array"] },
      { object: { v: [1, "a"] }, expect: ["object", "array"] },
      { object: { v: {} }, expect: ["object", "isObject", "plain object"] },
      { object: { v: { a: null } }, expect: ["object", "isObject", "plain object"] },
    ],
  );
});

describe("template literals", () => {
  semantics(
    "interpolating strings, numbers, booleans, null, undefined and arrays of strings",
    `
const s = object.s;
const n = object.n;
const b = object.b;
const list = object.list as string[];
if (typeof s === "string") yield \`string=[\${s}]\`;
if (typeof n === "number") yield \`number=\${n}\`;
if (typeof b === "boolean") yield \`boolean=\${b}\`;
if (Array.isArray(list) && list.every((x) => typeof x === "string")) yield \`list=\${list}\`;
yield \`literals \${null} \${undefined} \${true} \${false} \${-3} \${0.5} \${"str"}\`;
yield \`untyped \${object.s}|\${object.n}|\${object.b}|\${object.list}\`;
`,
    [
      { object: {}, expect: ["literals null undefined true false -3 0.5 str", "untyped undefined|undefined|undefined|undefined"] },
      { object: { s: null, n: null, b: null, list: null } },
      {
        object: { s: "hi", n: 42, b: true, list: ["a", "b", "c"] },
        expect: ["string=[hi]", "number=42", "boolean=true", "list=a,b,c", "literals null undefined true false -3 0.5 str", "untyped hi|42|true|a,b,c"],
      },
      {
        object: { s: "", n: 0, b: false, list: [] },
        expect: ["string=[]", "number=0", "boolean=false", "list=", "literals null undefined true false -3 0.5 str", "untyped |0|false|"],
      },
      { object: { s: "a b", n: -7, list: ["only"] }, expect: ["string=[a b]", "number=-7", "list=only", "literals null undefined true false -3 0.5 str", "untyped a b|-7|undefined|only"] },
      { object: { n: 0.5, list: ["", ""] }, expect: ["number=0.5", "list=,", "literals null undefined true false -3 0.5 str", "untyped undefined|0.5|undefined|,"] },
      { object: { n: -0.5 } },
      { object: { n: 1.25 } },
      { object: { n: 3.14159 } },
      { object: { n: 1000000 } },
      { object: { n: 2147483647 } },
      { object: { n: -123.456 } },
      { object: { s: 5, n: "5", b: "true", list: ["a", 1] } },
      { object: { list: [1, true, null, "x"] } },
      { object: { list: [["a", "b"], "c"] } },
      { object: { s: {}, list: [{}] } },
    ],
  );
});

describe("helpers called with literals", () => {
  // A literal argument decides the helper's tests at build time (optimize/simplify.ts folds
  // typeof, ===, startsWith and the connectives of literals), so the call is inlined as what is left.
  semantics(
    "a literal argument's type tests, comparisons and prefixes, beside the same helper of a value",
    `
const list: unknown[] = asArray(object.list);
const files: unknown[] = asArray(object.files);
if (allowed("not configured", list, files)) yield "not configured allowed";
if (allowed("localhost/p", list, files)) yield "localhost/p allowed";
if (allowed(7, list, files)) yield "7 allowed";
if (allowed(object.v, list, files)) yield "v allowed";
if (accepts("RunAsAny", object.v)) yield "any accepts";
if (accepts("MustRunAs", object.v)) yield "must accepts";
if (accepts("Other", object.v)) yield "other accepts";
yield \`and=\${both("", object.v)} or=\${either("", object.v)} x=\${both("x", object.v)}\`;
`,
    [
      { object: {}, expect: ["any accepts", "and= or=undefined x=undefined"] },
      { object: { list: ["not configured"], v: 3 }, expect: ["not configured allowed", "any accepts", "must accepts", "and= or=3 x=3"] },
      { object: { list: ["localhost/*"], v: "localhost/q" }, expect: ["localhost/p allowed", "v allowed", "any accepts", "and= or=localhost/q x=localhost/q"] },
      { object: { list: ["L"], files: ["p", 7], v: "localhost/p" }, expect: ["localhost/p allowed", "v allowed", "any accepts", "and= or=localhost/p x=localhost/p"] },
      { object: { list: ["U", 7], files: ["x"], v: "unconfined" }, expect: ["v allowed", "any accepts", "and= or=unconfined x=unconfined"] },
      { object: { list: [7, "7"], files: "p", v: -1 } },
      { object: { list: "not configured", files: [], v: true } },
    ],
    {
      helpers: `
function allowed(profile: unknown, list: unknown[], files: unknown[]): boolean {
  if (typeof profile !== "string") return false;
  return (
    list.includes(profile) ||
    list.some((a) => files.some((f) => (a === "L" && typeof f === "string" && profile === \`localhost/\${f}\`) || (a === "U" && profile === "unconfined"))) ||
    (profile.startsWith("localhost/") && list.includes("localhost/*"))
  );
}
function accepts(rule: string, v: unknown): boolean {
  if (rule === "RunAsAny") return true;
  return (rule === "MayRunAs" || rule === "MustRunAs") && typeof v === "number" && v > 0;
}
function both(a: string, b: unknown): unknown {
  return a && b;
}
function either(a: string, b: unknown): unknown {
  return a || b;
}`,
    },
  );
});

describe("strings", () => {
  semantics(
    ".length of strings and arrays",
    `
const v = object.v;
if (typeof v === "string") yield \`string-length=\${v.length}\`;
if (Array.isArray(v)) yield \`array-length=\${v.length}\`;
if (Array.isArray(v) && v.length === 0) yield "empty array";
if (typeof v === "string" && v.length > 3) yield "long string";
if (typeof v === "string" && v.length === 0) yield "empty string";
`,
    [
      { object: {}, expect: [] },
      { object: { v: "" }, expect: ["string-length=0", "empty string"] },
      { object: { v: "abc" }, expect: ["string-length=3"] },
      { object: { v: "abcd" }, expect: ["string-length=4", "long string"] },
      { object: { v: "héllo wörld" }, expect: ["string-length=11", "long string"] },
      { object: { v: [] }, expect: ["array-length=0", "empty array"] },
      { object: { v: [1, [2, 3], null] }, expect: ["array-length=3"] },
      { object: { v: 12345 }, expect: [] },
      { object: { v: { length: 3 } }, expect: [] },
      { object: { v: null } },
    ],
  );

  semantics(
    "startsWith, endsWith, includes, split, toLowerCase, toUpperCase, trim",
    `
const s = object.s;
const p = object.p;
if (typeof s === "string" && typeof p === "string") {
  if (s.startsWith(p)) yield "startsWith";
  if (s.endsWith(p)) yield "endsWith";
  if (s.includes(p)) yield "includes";
  const parts = s.split(p);
  yield \`split=\${parts.length}:\${parts}\`;
}
if (typeof s === "string") {
  yield \`lower=\${s.toLowerCase()}\`;
  yield \`upper=\${s.toUpperCase()}\`;
  yield \`trim=[\${s.trim()}]\`;
  if (s.trim() === "") yield "blank";
  if (s.toLowerCase().startsWith("hello")) yield "hello";
}
`,
    [
      { object: {}, expect: [] },
      {
        object: { s: "Hello World", p: "Hello" },
        expect: ["startsWith", "includes", "split=2:, World", "lower=hello world", "upper=HELLO WORLD", "trim=[Hello World]", "hello"],
      },
      { object: { s: "Hello World", p: "World" } },
      { object: { s: "Hello World", p: "o" } },
      { object: { s: "Hello World", p: "z" } },
      { object: { s: "Hello World", p: "" } },
      { object: { s: "", p: "" }, expect: ["startsWith", "endsWith", "includes", "split=0:", "lower=", "upper=", "trim=[]", "blank"] },
      { object: { s: "", p: "," }, expect: ["split=1:", "lower=", "upper=", "trim=[]", "blank"] },
      { object: { s: "a,b,,c", p: "," }, expect: ["includes", "split=4:a,b,,c", "lower=a,b,,c", "upper=A,B,,C", "trim=[a,b,,c]"] },
      { object: { s: "abc", p: "abcd" } },
      { object: { s: "\t x \n", p: " " }, expect: ["includes", "split=3:\t,x,\n", "lower=\t x \n", "upper=\t X \n", "trim=[x]"] },
      { object: { s: "\u00a0nbsp\u00a0" }, expect: ["lower=\u00a0nbsp\u00a0", "upper=\u00a0NBSP\u00a0", "trim=[nbsp]"] },
      { object: { s: "\u2003em\u3000\u2028" }, expect: ["lower=\u2003em\u3000\u2028", "upper=\u2003EM\u3000\u2028", "trim=[em]"] },
      { object: { s: "\ufeff\r\n\v\fbom \u200b" } },
      { object: { s: " \t\n " } },
      { object: { s: "ÉCOLE école" } },
      { object: { s: 5, p: "5" }, expect: [] },
      { object: { s: "five", p: 5 } },
      { object: { s: null, p: null }, expect: [] },
    ],
  );

  semantics(
    "Array.prototype.join with a literal separator, of strings and of values of every kind",
    JOIN_SNIPPET,
    [
      { object: {}, expect: [] },
      { object: { v: "a,b" }, expect: [] },
      { object: { v: [] }, expect: ["comma []", "spaced []", "empty []", "names []"] },
      { object: { v: ["a", "b", "a"] }, expect: ["comma [a,b,a]", "spaced [a, b, a]", "empty [aba]", "names [a | b | a]"] },
      {
        object: { v: [1, null, true, false, "x", [2, 3, null], 1.5, -0] },
        expect: ["comma [1,,true,false,x,2,3,,1.5,0]", "spaced [1, , true, false, x, 2,3,, 1.5, 0]", "empty [1truefalsex2,3,1.50]", "names [? | ? | ? | ? | x | ? | ? | ?]"],
      },
      { object: { v: [{}, { a: 1 }] }, expect: ["comma [[object Object],[object Object]]", "spaced [[object Object], [object Object]]", "empty [[object Object][object Object]]", "names [? | ?]"] },
      { object: { v: [12345678901, -2147483648, 2147483648] } },
    ],
  );

  semantics(
    "comparisons on strings",
    `
const a = object.a;
const b = object.b;
if (typeof a === "string" && typeof b === "string") {
  if (a < b) yield "<";
  if (a <= b) yield "<=";
  if (a > b) yield ">";
  if (a >= b) yield ">=";
  if (a === b) yield "===";
}
`,
    [
      { object: { a: "a", b: "b" }, expect: ["<", "<="] },
      { object: { a: "b", b: "a" }, expect: [">", ">="] },
      { object: { a: "B", b: "a" }, expect: ["<", "<="] },
      { object: { a: "abc", b: "ab" }, expect: [">", ">="] },
      { object: { a: "", b: "a" }, expect: ["<", "<="] },
      { object: { a: "10", b: "9" }, expect: ["<", "<="] },
      { object: { a: "same", b: "same" }, expect: ["<=", ">=", "==="] },
      { object: { a: "é", b: "z" }, expect: [">", ">="] },
      { object: { a: 1, b: "1" }, expect: [] },
      { object: {}, expect: [] },
    ],
  );
});

describe("arrays", () => {
  semantics(
    "some, every, filter, map, includes and find on numbers, with an outer const",
    `
const rawLimit = object.limit;
const limit: number = typeof rawLimit === "number" ? rawLimit : 10;
const nums = asArray(object.xs).filter((x): x is number => typeof x === "number");
if (nums.some((x) => x > limit)) yield "some>limit";
if (nums.every((x) => x > limit)) yield "every>limit";
if (nums.some((x) => x === 0)) yield "some zero";
yield \`filter=\${nums.filter((x) => x > limit)}\`;
yield \`map=\${nums.map((x) => x * 2)}\`;
yield \`find=\${nums.find((x) => x > limit)}\`;
yield \`find-zero=\${nums.find((x) => x === 0)}\`;
if (nums.includes(limit)) yield "includes limit";
yield \`count=\${nums.length}\`;
`,
    [
      { object: {}, expect: ["every>limit", "filter=", "map=", "find=undefined", "find-zero=undefined", "count=0"] },
      { object: { xs: [] , limit: 3 }, expect: ["every>limit", "filter=", "map=", "find=undefined", "find-zero=undefined", "count=0"] },
      {
        object: { xs: [20, 5, 30, 0] },
        expect: ["some>limit", "some zero", "filter=20,30", "map=40,10,60,0", "find=20", "find-zero=0", "count=4"],
      },
      { object: { xs: [20, 5, 30], limit: 5 }, expect: ["some>limit", "filter=20,30", "map=40,10,60", "find=20", "find-zero=undefined", "includes limit", "count=3"] },
      { object: { xs: [11, 12], limit: 10 }, expect: ["some>limit", "every>limit", "filter=11,12", "map=22,24", "find=11", "find-zero=undefined", "count=2"] },
      { object: { xs: [1, 2, 3], limit: 2 } },
      { object: { xs: ["a", 11, null, 3, [40]], limit: "2" } },
      { object: { xs: "notarray", limit: null } },
      { object: { xs: { 0: 50 }, limit: 1 } },
      { object: { xs: [-1.5, 2.5], limit: 0 } },
    ],
  );

  semantics(
    "array methods on strings read outer consts; nested lambdas",
    `
const rawPrefix = object.prefix;
const prefix: string = typeof rawPrefix === "string" ? rawPrefix : "app-";
const allowed = ["app-a", "app-b", "db"];
const names = asArray(object.names).filter((n): n is string => typeof n === "string");
if (names.some((n) => n.startsWith(prefix))) yield "some prefixed";
if (names.every((n) => allowed.includes(n))) yield "all allowed";
yield \`bad=\${names.filter((n) => !allowed.includes(n))}\`;
yield \`upper=\${names.map((n) => n.toUpperCase())}\`;
yield \`long=\${names.find((n) => n.length > prefix.length)}\`;
if (names.includes(prefix)) yield "includes prefix";
yield \`found=\${names.find((n) => n === "nope") ?? "none"}\`;
const nested = names.filter((n) => allowed.some((a) => n.startsWith(a) && a !== prefix));
yield \`nested=\${nested}\`;
const groups = asArray(object.groups);
if (groups.some((g) => asArray(g).includes(prefix))) yield "group has prefix";
if (groups.every((g) => Array.isArray(g) && g.length > 0)) yield "groups non-empty";
`,
    [
      { object: {}, expect: ["all allowed", "bad=", "upper=", "long=undefined", "found=none", "nested=", "groups non-empty"] },
      {
        object: { names: ["app-a", "db", "web"], groups: [["x"], ["app-"]] },
        expect: ["some prefixed", "bad=web", "upper=APP-A,DB,WEB", "long=app-a", "found=none", "nested=app-a,db", "group has prefix", "groups non-empty"],
      },
      { object: { names: ["app-a", "app-b"], prefix: "app-a", groups: [[], ["app-a"]] } },
      { object: { names: ["db"], prefix: "d", groups: "none" } },
      { object: { names: [1, null, "db", ["app-a"]], prefix: 7, groups: [null, ["app-"]] } },
      { object: { names: "app-a", groups: [["app-"], 5] } },
      { object: { names: ["nope", "", "app-"], prefix: "" } },
    ],
  );
});

describe("a filter then a map", () => {
  // Emitted as one comprehension, the map's head read where the filter's test held; never where
  // renaming the map's parameter to the filter's would capture another local of that name.
  semantics(
    "is one comprehension, narrowed by the filter's test, and renaming never captures",
    `
const v = typeof object.suffix === "string" ? object.suffix : "!";
const lowered = asArray(object.xs).filter((x): x is string => typeof x === "string").map((s) => s.toLowerCase());
yield \`lowered=\${lowered}\`;
if (lowered.includes("admin")) yield "has admin";
for (const item of asArray(object.items)) {
  if (!isObject(item)) continue;
  const skip = item["skip"];
  const kept = asArray(item["tags"]).filter((t) => typeof t === "string" && t !== skip).map((t) => \`\${t}\${v}\`);
  yield \`kept=\${kept}\`;
  const outer = asArray(item["tags"]).filter((v) => typeof v === "number").map((w) => \`\${w}\${v}\`);
  yield \`outer=\${outer}\`;
  const nested = asArray(item["tags"]).filter((a) => typeof a === "string").map((b) => lowered.some((a) => a === b));
  yield \`nested=\${nested}\`;
  const same = asArray(item["tags"]).filter((x) => x !== null).map((x) => (typeof x === "string" ? "s" : "o"));
  yield \`same=\${same}\`;
}
`,
    [
      { object: {}, expect: ["lowered="] },
      {
        object: { xs: ["Admin", 3, null, "DB"], suffix: "?", items: [{ tags: ["a", 1, "b", null], skip: "b" }, "x", { tags: "c" }] },
        expect: ["lowered=admin,db", "has admin", "kept=a?", "outer=1?", "nested=false,false", "same=s,o,s", "kept=", "outer=", "nested=", "same="],
      },
      { object: { xs: "ADMIN", items: [{ tags: ["admin", "x"] }] } },
      { object: { xs: [["a"], { a: 1 }, "A"], suffix: 5, items: [{ tags: { a: "x", b: 2 } }, { tags: [true, false, 0, ""], skip: "" }] } },
    ],
  );
});

describe("a member by a key of its own object", () => {
  // `wanted[label]` with label iterating Object.keys(wanted) is one of wanted's values, never
  // undefined, so regoEquals of it is Rego's == itself (K8sPodDisruptionBudget's selects); a
  // key of another object, also under the same name in an inner callback, is not.
  semantics(
    "is never undefined; a key of another object may be",
    `
yield \`selects=\${selects(object.a, object.b)} crossed=\${crossed(object.a, object.c, object.d)} counted=\${counted(object.a, object.c, object.d)} none=\${none(object.a, object.c, object.d)}\`;
`,
    [
      { object: { a: { x: 1 }, b: { x: 1 } }, expect: ["selects=true crossed=false counted=-1 none=false"] },
      { object: { a: { x: null }, b: {} }, expect: ["selects=false crossed=false counted=-1 none=false"] },
      { object: { a: { x: null }, b: { x: null } }, expect: ["selects=true crossed=false counted=-1 none=false"] },
      { object: { a: { x: [1, { y: 2 }] }, b: { x: [1, { y: 2 }] } } },
      { object: { a: { x: "1" }, b: { x: 1 } } },
      { object: { a: { x: {} }, b: { x: {}, y: 1 } } },
      { object: { a: { x: 1, y: 2 }, b: { y: 2 } } },
      { object: { a: {}, b: 3 } },
      // crossed: the inner key iterates d, absent from a and c: regoEquals(undefined, undefined) is false.
      { object: { a: { x: 1 }, c: {}, d: { z: 1 } }, expect: ["selects=false crossed=false counted=0 none=true"] },
      { object: { a: { x: 1 }, c: { z: 2 }, d: { z: 1 } } },
      { object: { a: { z: 1 }, c: { z: 1 }, d: { z: 0 } }, expect: ["selects=false crossed=true counted=1 none=false"] },
      { object: { a: { x: 1, z: 1 }, c: { z: 1 }, d: { z: 0, y: 0 } }, expect: ["selects=false crossed=true counted=2 none=false"] },
    ],
    {
      helpers: `
function selects(wanted: unknown, have: unknown): boolean {
  if (!isObject(wanted) || !isObject(have)) return false;
  return Object.keys(wanted).every((label) => regoEquals(wanted[label], have[label]));
}
function crossed(a: unknown, c: unknown, d: unknown): boolean {
  if (!isObject(a) || !isObject(c) || !isObject(d)) return false;
  return Object.keys(a).every((k) => Object.keys(d).some((k) => regoEquals(a[k], c[k])));
}
function counted(a: unknown, c: unknown, d: unknown): number {
  if (!isObject(a) || !isObject(c) || !isObject(d)) return -1;
  return Object.keys(a).filter((k) => Object.keys(d).filter((k) => regoEquals(a[k], c[k])).length > 0).length;
}
function none(a: unknown, c: unknown, d: unknown): boolean {
  if (!isObject(a) || !isObject(c) || !isObject(d)) return false;
  return Object.keys(a).every((k) => Object.keys(d).filter((k) => regoEquals(a[k], c[k])).length === 0);
}
`,
    },
  );
});

describe("a member by a local key after a test of it", () => {
  // \`Object.keys(o).filter((k) => typeof o[k] === "string").map((k) => \`\${k}:\${o[k]}\`)\`
  // (K8sUniqueServiceSelector's selector pairs): the filter's test holds where the map reads o[k]
  // (one comprehension, filter then map), so o[k] is a string there and is printed as it is. A
  // key of another object bound under the same name in an inner callback is not known.
  const body = "yield `pairs=${pairs(object.a).join(\",\")} inner=${inner(object.a, object.b).join(\",\")}`;";
  const options = {
    helpers: `
function pairs(selector: unknown): string[] {
  if (!isObject(selector)) return [];
  return Object.keys(selector).filter((key) => typeof selector[key] === "string").map((key) => \`\${key}:\${selector[key]}\`);
}
function inner(selector: unknown, other: unknown): string[] {
  if (!isObject(selector) || !isObject(other)) return [];
  return Object.keys(selector).filter((key) => typeof selector[key] === "string").map((key) => Object.keys(other).map((key) => \`\${key}=\${selector[key]}\`).join("/"));
}`,
  };
  const cases: Case[] = [
    { object: { a: { x: "1", y: 2, z: null, w: ["v"] } }, expect: ["pairs=x:1 inner="] },
    // One string member at most: Rego iterates an object's keys in an order of its own.
    { object: { a: { x: "1" }, b: { q: 1 } }, expect: ["pairs=x:1 inner=q=undefined"] },
    { object: { a: { y: "" }, b: { y: 0 } }, expect: ["pairs=y: inner=y="] },
    { object: { a: { x: 7 }, b: { x: 0 } }, expect: ["pairs= inner="] },
    { object: { a: [], b: {} } },
    { object: { a: "s" } },
  ];
  it("is a string where the filter proved it one; the inner callback's key is another", async () => {
    const snippet = await compileSnippet(body, options);
    const pairsRule = snippet.rego.split("\n\n").find((d) => d.startsWith("pairs(")) ?? "";
    // The key iterates the selector's keys: its member is the reference, defined.
    expect(pairsRule).toContain('[concat("", [key, ":", selector[key]]) | some key, _ in selector; is_string(selector[key])]');
    expect(snippet.rego.split("\n\n").find((d) => d.startsWith("inner(")) ?? "").toContain("gkc_str(");
    await agree(body, cases, options);
  });
});

describe("the elements of a helper's arrays", () => {
  // pairs() returns [] or strings, so `b.includes(x)` of its arrays is Rego's `in`; mixed()
  // returns an element of any kind, so its includes keeps gkc_includes (JavaScript finds an
  // array or object by reference, where Rego's == compares contents).
  const options = {
    helpers: `
function pairs(selector: unknown): string[] {
  if (!isObject(selector)) return [];
  return Object.keys(selector).filter((key) => typeof selector[key] === "string").map((key) => \`\${key}:\${selector[key]}\`);
}
function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}
function mixed(x: unknown): unknown[] {
  return [x, "a"];
}`,
  };
  const body = `
if (same(pairs(object.a), pairs(object.b))) yield "same";
if (mixed(object.c).includes(object.d)) yield "found";
`;
  const cases: Case[] = [
    // c and d undefined: [undefined, "a"] includes undefined.
    { object: { a: { x: "1", y: "2" }, b: { y: "2", x: "1", z: 3 } }, expect: ["same", "found"] },
    { object: { a: { x: "1" }, b: { x: "2" }, d: 1 }, expect: [] },
    { object: { a: 5, b: [], d: 1 }, expect: ["same"] },
    { object: { a: { x: "1" }, b: {}, d: "a" }, expect: ["found"] },
    { object: { a: {}, b: {}, c: [1], d: [1] }, expect: ["same"] },
    { object: { a: {}, b: {}, c: { k: 1 }, d: { k: 1 } }, expect: ["same"] },
    { object: { a: {}, b: {}, c: "b", d: "b" }, expect: ["same", "found"] },
  ];
  it("are known where every array the helper returns is known", async () => {
    const snippet = await compileSnippet(body, options);
    expect(snippet.rego).toMatch(/^\tnot x1 in b$/m);
    expect(snippet.rego).toContain("gkc_includes([");
    await agree(body, cases, options);
  });
});

describe("a helper parameter read through one path only", () => {
  // selects() reads each argument only at spec.selector.matchLabels, tier() its argument only
  // under spec: each call passes the value at that path (narrow-parameters.ts), so OPA's call
  // cache does not hash, and convert, the whole object. Undefined, a non-object or an array on
  // the way must read as the helper reads them.
  const options = {
    helpers: `
function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function labelsOf(o: unknown): unknown {
  return field(field(field(o, "spec"), "selector"), "matchLabels");
}
function selects(a: unknown, b: unknown): boolean {
  const wanted = labelsOf(a);
  const have = labelsOf(b);
  if (!isObject(wanted)) return Array.isArray(wanted) ? wanted.length === 0 : true;
  if (!isObject(have)) return Object.keys(wanted).length === 0;
  return Object.keys(wanted).every((key) => wanted[key] === have[key]);
}
function tier(o: unknown): string {
  const spec = field(o, "spec");
  if (!isObject(spec)) return "none";
  const value = spec["tier"];
  return typeof value === "string" ? value : "other";
}`,
  };
  const body = `
for (const item of asArray(object.items)) {
  if (selects(item, object)) yield \`selected \${tier(item)}\`;
}
`;
  const selector = (matchLabels: unknown) => ({ selector: { matchLabels } });
  const cases: Case[] = [
    { object: { spec: selector({ app: "a" }), items: [{ spec: { ...selector({ app: "a" }), tier: "gold" } }] }, expect: ["selected gold"] },
    { object: { spec: selector({ app: "b" }), items: [{ spec: selector({ app: "a" }) }] }, expect: [] },
    // No labels wanted: every object is selected, whatever its spec.
    { object: { items: [{}, "x", null, { spec: 3 }, { spec: { tier: 1 } }] }, expect: ["selected none", "selected none", "selected none", "selected none", "selected other"] },
    { object: { spec: selector("x"), items: [{ spec: selector({}) }, { spec: selector([]) }, { spec: selector([1]) }] }, expect: ["selected other", "selected other"] },
    { object: { spec: [1], items: [{ spec: selector({ app: "a" }) }, { spec: selector({}) }] }, expect: ["selected other"] },
    { object: { spec: selector({ app: "a", x: "1" }), items: [{ spec: { ...selector({ app: "a", x: "1" }), tier: "t" } }, { spec: selector({ app: "a", x: 1 }) }] }, expect: ["selected t"] },
  ];
  it("is passed the value at that path", async () => {
    const snippet = await compileSnippet(body, options);
    // (item may be anything, so its read goes through a wrapper object: `{"v": item}`.)
    expect(snippet.rego).toContain('selects(object.get({"v": item}, ["v", "spec", "selector", "matchLabels"], set()), ');
    expect(snippet.rego).toContain('tier(object.get({"v": item}, ["v", "spec"], set()))');
    expect(snippet.rego).not.toMatch(/^(selects\(a, b\)|tier\(o\)) :=[^]*?\["spec"/m);
    await agree(body, cases, options);
  });
});

describe("a shared comparison of an input read with a literal", () => {
  // Read by two rules, it is a shared rule, tested `== false` by each: written as the comparison
  // of the reference under `not` (equality-tests.ts), which holds where the read is undefined.
  const body = `
if (object.mode === "off") return;
for (const c of asArray(object.items)) {
  if (typeof c === "string") yield \`item \${c}\`;
}
if (typeof object.name === "string") yield \`name \${object.name}\`;
`;
  const cases: Case[] = [
    { object: { name: "a", items: ["x"] }, expect: ["item x", "name a"] },
    { object: { mode: "off", name: "a", items: ["x"] }, expect: [] },
    { object: { mode: "on", name: "a" }, expect: ["name a"] },
    { object: { mode: null, name: "a" }, expect: ["name a"] },
    { object: { mode: ["off"], name: "a" }, expect: ["name a"] },
    { object: { mode: { off: true }, items: ["y"] }, expect: ["item y"] },
  ];
  it("is the reference's comparison under not, and holds where the read is undefined", async () => {
    const snippet = await compileSnippet(body);
    expect(snippet.rego.match(/^\tnot input\.review\.object\.mode == "off"$/gm)).toHaveLength(2);
    expect(snippet.rego).not.toMatch(/gkc_shared_\d+ := object\.get\(input, \["review", "object", "mode"\]/);
    await agree(body, cases);
  });
});

describe("a shared rule that is a helper's value", () => {
  // Emitted as the helper's else chain (tail-calls.ts), through nested helpers: the arguments
  // renamed in, the helpers' locals renamed apart, each chain's branches in its order.
  semantics(
    "takes the helper's branches, in order, and falls through where none holds",
    `
for (const item of asArray(object.items)) {
  yield \`\${item}: setting=\${setting(object.name)} shown=\${shown(object.name)} pair=\${pair(object.name, object.other)} labelled=\${labelled(object.other, object.name)}\`;
}
`,
    [
      { object: {} },
      { object: { items: ["a"] }, expect: ["a: setting=unset shown=undefined pair=undefined labelled=none"] },
      { object: { items: ["b"], name: "n", other: "o" }, expect: ["b: setting=n shown=n pair=xo labelled=xo"] },
      { object: { items: ["c"], name: 7, other: [1] }, expect: ["c: setting=7 shown=7 pair=7 labelled=7"] },
      { object: { items: ["d"], name: 7.5, other: "o" }, expect: ["d: setting=<number> shown=<number> pair=no labelled=no"] },
      { object: { items: ["e"], name: true, other: null }, expect: ["e: setting=other shown=other pair=flag labelled=other"] },
      { object: { items: ["f", "g"], name: null, other: 3000 } },
      { object: { items: ["h"], name: [1], other: {} } },
      { object: { items: ["i"], name: { a: 1 } } },
      { object: { items: ["j"], name: 1000, other: "" } },
    ],
    {
      helpers: `
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return value % 1 === 0 && value < 1000 ? \`\${value}\` : "<number>";
  if (value === null) return "null";
  if (Array.isArray(value)) return "[...]";
  return value === undefined ? "undefined" : "other";
}
function setting(value: unknown): string {
  return value === undefined ? "unset" : shown(value);
}
function pair(a: unknown, b: unknown): string {
  if (typeof a === "boolean") return "flag";
  // The arguments crossed: each parameter is renamed to its argument once, not again to the other.
  return swapped(b, a);
}
function swapped(a: unknown, b: unknown): string {
  const text = typeof b === "number" ? "n" : "x";
  return typeof a === "string" ? \`\${text}\${a}\` : shown(b);
}
function labelled(text: unknown, other: unknown): string {
  return text === undefined ? "none" : swapped(text, other);
}
`,
    },
  );

  it("takes the helper's branches where its argument is a member read, read in their place", async () => {
    // Two rules print the same call, so it is a shared rule; object.tag is read nowhere else, so
    // its read is the argument itself: object.get(input, [...], set()).
    const body = "if (object.flag === true) yield `on: ${shown(object.tag)}`;\nelse yield `off: ${shown(object.tag)}`;";
    const helpers = `
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return value % 1 === 0 && value < 1000 ? \`\${value}\` : "<number>";
  if (value === null) return "null";
  return value === undefined ? "undefined" : "other";
}
`;
    const snippet = await compileSnippet(body, { helpers });
    // (Its type tests read the reference itself: type-test-references.ts; and so does the value
    // of a branch whose test needs it defined, defined-reads.ts.)
    expect(snippet.rego).toContain(`:= input.review.object.tag if {\n\tis_string(input.review.object.tag)\n}`);
    expect(snippet.rego).toContain('\n} else := "null" if {\n\tobject.get(input, ["review", "object", "tag"], set()) == null\n}');
    expect(snippet.rego).not.toMatch(/^shown\(/m);
    const cases: Case[] = [{ tag: 7 }, { tag: 7.5 }, { tag: 5000, flag: true }, { tag: null }, { tag: true, flag: 1 }, { tag: [1] }, { tag: { a: 1 }, flag: true }].map((object) => ({ object }));
    cases.push({ object: {}, expect: ["off: undefined"] }, { object: { tag: "t", flag: true }, expect: ["on: t"] });
    await agree(body, cases, { helpers });
  });
});

describe("a parameters' list with a default", () => {
  // `parameters.repos ?? []` keeps the list's element shape (strings by the schema), so its
  // elements are compared with Rego's own startswith, not the generic gkc_starts_with.
  it("iterates strings, as many as the list has or none, and compares them natively", async () => {
    const body = `
const image = object["image"];
if (typeof image !== "string") return;
if ((parameters.repos ?? []).some((r) => image.startsWith(r))) yield "prefix";
for (const r of parameters.repos ?? []) {
  if (image.endsWith(r)) yield \`suffix \${r}\`;
}
`;
    const options = { parameters: "export interface Parameters { repos?: string[] }" };
    const snippet = await compileSnippet(body, options);
    expect(snippet.rego).toMatch(/^\tstartswith\(input\.review\.object\.image, r\d*\)$/m);
    expect(snippet.rego).not.toContain("gkc_starts_with");
    expect(snippet.rego).not.toContain("gkc_ends_with");
    const cases: Case[] = [
      { object: { image: "gcr.io/app" }, parameters: { repos: ["gcr.io/", "app"] }, expect: ["prefix", "suffix app"] },
      { object: { image: "gcr.io/app" }, parameters: { repos: ["quay.io/"] }, expect: [] },
      { object: { image: "gcr.io/app" }, parameters: { repos: [] }, expect: [] },
      { object: { image: "gcr.io/app" }, parameters: {}, expect: [] },
      { object: { image: "" }, parameters: { repos: [""] }, expect: ["prefix", "suffix "] },
      { object: { image: ["gcr.io/app"] }, parameters: { repos: ["gcr.io/"] }, expect: [] },
      { object: {}, parameters: { repos: ["gcr.io/"] }, expect: [] },
    ];
    await agree(body, cases, options);
  });
});

describe("an iterated member chain", () => {
  // Iterated as a Rego reference (`some t in item.meta.tags`): undefined wherever the chain is
  // missing or passes through anything but an object, which gives nothing, as set() did.
  semantics(
    "gives nothing where the chain is missing or passes through a non-object, an object's values otherwise",
    `
for (const item of asArray(object.items)) {
  const tags = members(field(field(item, "meta"), "tags")).filter((t): t is string => typeof t === "string").map((t) => t.toUpperCase());
  yield \`tags=\${tags}\`;
  for (const entry of members(field(item, "list"))) yield \`list:\${typeof entry === "string" ? entry : "other"}\`;
  if (members(field(item, "list")).length === 0) yield "empty list";
}
`,
    [
      { object: {} },
      {
        object: { items: [{ meta: { tags: ["a", 1, "b"] }, list: ["x", 2] }, "item", { meta: ["tags"] }, { meta: "tags", list: "xy" }, { meta: { tags: { k: "v", n: 3 } }, list: { a: "y" } }] },
        expect: ["tags=A,B", "list:x", "list:other", "tags=", "empty list", "tags=V", "list:y"],
      },
      { object: { items: [{ meta: { tags: "abc" }, list: null }, { meta: null }, { meta: { tags: null }, list: [[], {}] }] } },
      { object: { items: [{ meta: { tags: [] }, list: { 0: "z" } }, { meta: { tags: { length: 2 } } }, { meta: [{ tags: ["a"] }] }] } },
    ],
    {
      helpers: `
function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function members(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}
`,
    },
  );
});

describe("statements", () => {
  semantics(
    "for...of over arrays with continue, nested loops",
    `
for (const item of asArray(object.items)) {
  if (!isObject(item)) {
    yield "non-object item";
    continue;
  }
  const name = item["name"];
  if (typeof name !== "string") continue;
  if (name.startsWith("skip")) continue;
  for (const tag of asArray(item["tags"])) {
    if (tag === "ignore") continue;
    if (typeof tag === "string") yield \`\${name}:\${tag}\`;
  }
  yield \`item:\${name}\`;
}
yield "after loop";
`,
    [
      { object: {}, expect: ["after loop"] },
      { object: { items: "nope" }, expect: ["after loop"] },
      {
        object: {
          items: [
            { name: "a", tags: ["x", "ignore", "y", 3] },
            { name: "skip-me", tags: ["z"] },
            { name: 5 },
            null,
            "str",
            { name: "b", tags: "not-array" },
          ],
        },
        expect: ["a:x", "a:y", "item:a", "non-object item", "item:b", "after loop"],
      },
      { object: { items: [[], { name: "" }] } },
    ],
  );

  semantics(
    "Object.keys, Object.values and Object.entries as sets",
    `
const labels = object.labels;
if (isObject(labels)) {
  for (const key of Object.keys(labels)) {
    if (key.startsWith("skip")) continue;
    yield \`key:\${key}\`;
  }
  for (const value of Object.values(labels)) {
    if (typeof value === "string") yield \`value:\${value}\`;
  }
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v !== "string") {
      yield \`nonstring:\${k}\`;
      continue;
    }
    if (v === "") continue;
    yield \`entry:\${k}=\${v}\`;
  }
  if (Object.keys(labels).includes("app")) yield "has app";
  if (Object.values(labels).some((x) => x === "prod")) yield "some prod";
  if (Object.keys(labels).every((k) => k.length < 4)) yield "short keys";
  yield \`count=\${Object.keys(labels).length}\`;
}
const list = object.list;
if (Array.isArray(list)) {
  for (const k of Object.keys(list)) yield \`index:\${k}\`;
  for (const [k, v] of Object.entries(list)) yield \`pair:\${k}=\${v}\`;
}
`,
    [
      { object: {}, expect: [] },
      { object: { labels: null, list: "x" }, expect: [] },
      {
        object: { labels: { zeta: "prod", app: "web", skipped: "", n: 1 } },
        expect: ["key:zeta", "key:app", "key:n", "value:prod", "value:web", "value:", "nonstring:n", "entry:zeta=prod", "entry:app=web", "has app", "some prod", "count=4"],
      },
      { object: { labels: {} }, expect: ["short keys", "count=0"] },
      { object: { labels: { b: "2", a: "1" } }, expect: ["key:a", "key:b", "value:1", "value:2", "entry:a=1", "entry:b=2", "short keys", "count=2"] },
      { object: { labels: [] } },
      { object: { list: ["x", "y"] }, expect: ["index:0", "index:1", "pair:0=x", "pair:1=y"] },
      { object: { list: [] }, expect: [] },
    ],
  );

  semantics(
    "early return at top level inside nested ifs, and if/else chains",
    `
const kind = object.kind;
if (typeof kind !== "string") {
  yield "no kind";
  return;
}
if (kind === "Pod") {
  if (object.spec == null) {
    yield "pod without spec";
    return;
  }
  yield "pod";
} else if (kind === "Service") {
  yield "service";
  return;
} else if (kind.startsWith("Cron")) {
  if (object.suspend === true) return;
  yield "cron";
} else {
  yield \`other:\${kind}\`;
}
yield "end";
`,
    [
      { object: {}, expect: ["no kind"] },
      { object: { kind: 5 }, expect: ["no kind"] },
      { object: { kind: "Pod" }, expect: ["pod without spec"] },
      { object: { kind: "Pod", spec: null }, expect: ["pod without spec"] },
      { object: { kind: "Pod", spec: {} }, expect: ["pod", "end"] },
      { object: { kind: "Service" }, expect: ["service"] },
      { object: { kind: "CronJob", suspend: true }, expect: [] },
      { object: { kind: "CronJob", suspend: "true" }, expect: ["cron", "end"] },
      { object: { kind: "Job" }, expect: ["other:Job", "end"] },
    ],
  );

  semantics(
    "if/else-if/else chains on numbers",
    `
const n = object.n;
if (typeof n !== "number") yield "nan";
else if (n < 0) yield "negative";
else if (n === 0) yield "zero";
else if (n < 10) yield "small";
else yield "large";
yield n === 5 ? "five" : n === 6 ? "six" : "other";
`,
    [
      { object: {}, expect: ["nan", "other"] },
      { object: { n: "5" }, expect: ["nan", "other"] },
      { object: { n: -0.5 }, expect: ["negative", "other"] },
      { object: { n: 0 }, expect: ["zero", "other"] },
      { object: { n: 5 }, expect: ["small", "five"] },
      { object: { n: 6 }, expect: ["small", "six"] },
      { object: { n: 10 }, expect: ["large", "other"] },
    ],
  );

  semantics(
    "duplicate yields collapse to one message",
    `
for (const x of asArray(object.xs)) {
  yield "dup";
  if (x === 1) yield "one";
}
yield "dup";
if (object.flag) yield "dup";
if (object.flag) yield \`d\${"up"}\`;
`,
    [
      { object: {}, expect: ["dup"] },
      { object: { xs: [1, 1, 2], flag: true }, expect: ["dup", "one"] },
      { object: { xs: [2, 3], flag: 0 }, expect: ["dup"] },
    ],
  );
});

describe("arithmetic", () => {
  semantics(
    "+ - * / and unary minus, comparisons on numbers",
    `
const a = object.a;
const b = object.b;
if (typeof a === "number" && typeof b === "number") {
  yield \`add=\${a + b}\`;
  yield \`sub=\${a - b}\`;
  yield \`mul=\${a * b}\`;
  yield \`neg=\${-a}\`;
  if (b !== 0) yield \`div=\${a / b}\`;
  if (a < b) yield "<";
  if (a <= b) yield "<=";
  if (a > b) yield ">";
  if (a >= b) yield ">=";
  if (a * 2 + b > 10) yield "total>10";
  if (a - b === 1) yield "differ by one";
}
`,
    [
      { object: { a: 7, b: 2 }, expect: ["add=9", "sub=5", "mul=14", "neg=-7", "div=3.5", ">", ">=", "total>10"] },
      { object: { a: -7, b: 2 }, expect: ["add=-5", "sub=-9", "mul=-14", "neg=7", "div=-3.5", "<", "<="] },
      { object: { a: 7, b: -2 } },
      { object: { a: 0, b: 5 }, expect: ["add=5", "sub=-5", "mul=0", "neg=0", "div=0", "<", "<="] },
      { object: { a: 5, b: 0 } },
      { object: { a: 0.5, b: 0.25 }, expect: ["add=0.75", "sub=0.25", "mul=0.125", "neg=-0.5", "div=2", ">", ">="] },
      { object: { a: 10, b: 4 } },
      { object: { a: -3, b: 4 } },
      { object: { a: 3, b: 3 } },
      { object: { a: 5, b: 4 } },
      { object: { a: 1000, b: 8 } },
      { object: { a: "7", b: 2 }, expect: [] },
      { object: { a: 7 }, expect: [] },
    ],
  );

  semantics(
    "% on integers",
    `
const a = object.a;
const b = object.b;
if (typeof a === "number" && typeof b === "number" && b !== 0) {
  yield \`rem=\${a % b}\`;
  if (a % 2 === 0) yield "even";
}
`,
    [
      { object: { a: 7, b: 3 }, expect: ["rem=1"] },
      { object: { a: -7, b: 3 }, expect: ["rem=-1"] },
      { object: { a: 7, b: -3 }, expect: ["rem=1"] },
      { object: { a: 8, b: 4 }, expect: ["rem=0", "even"] },
      { object: { a: 0, b: 5 }, expect: ["rem=0", "even"] },
      { object: { a: 5, b: 0 }, expect: [] },
    ],
  );
});

describe("helper functions", () => {
  semantics(
    "multiple returns, helper calling helper, falling off the end",
    `
const n = object.n;
yield \`sign=\${sign(n)}\`;
yield \`label=\${label(n)}\`;
yield \`maybe=\${maybeOne(n)}\`;
if (maybeOne(n) === undefined) yield "maybe is undefined";
yield \`first=\${first(object.xs, "fallback")}\`;
if (typeof n === "number" && isBig(n, 10)) yield "big";
if (asArray(object.xs).some((x) => sign(x) === "negative")) yield "has negative";
yield \`tag=\${tagOf(object.meta)}\`;
`,
    [
      { object: {}, expect: ["sign=nan", "label=nan!", "maybe=undefined", "maybe is undefined", "first=fallback", "tag=untagged"] },
      { object: { n: 1, xs: [-1, 2] }, expect: ["sign=positive", "label=positive!", "maybe=one", "first=-1", "has negative", "tag=untagged"] },
      { object: { n: 0, xs: [] }, expect: ["sign=zero", "label=zero!", "maybe=undefined", "maybe is undefined", "first=fallback", "tag=untagged"] },
      { object: { n: -4, xs: ["a"] } },
      { object: { n: 11, xs: "no" }, expect: ["sign=positive", "label=positive!", "maybe=undefined", "maybe is undefined", "first=fallback", "big", "tag=untagged"] },
      { object: { n: "1", meta: { tag: "t1" } }, expect: ["sign=nan", "label=nan!", "maybe=undefined", "maybe is undefined", "first=fallback", "tag=t1"] },
      { object: { meta: { tag: "" } }, expect: ["sign=nan", "label=nan!", "maybe=undefined", "maybe is undefined", "first=fallback", "tag=empty"] },
      { object: { meta: { tag: 3 } } },
      { object: { meta: "x" } },
    ],
    {
      helpers: `
function sign(n: unknown): string {
  if (typeof n !== "number") {
    return "nan";
  } else if (n < 0) {
    return "negative";
  } else if (n === 0) {
    return "zero";
  } else {
    return "positive";
  }
}

function label(n: unknown): string {
  return \`\${sign(n)}!\`;
}

function maybeOne(n: unknown): string | undefined {
  if (n === 1) {
    return "one";
  }
}

function first(xs: unknown, fallback: string): unknown {
  if (Array.isArray(xs) && xs.length > 0) {
    return xs[0];
  }
  return fallback;
}

function isBig(n: number, limit: number): boolean {
  return n > limit;
}

function tagOf(meta: unknown): string {
  if (isObject(meta)) {
    const tag = meta["tag"];
    if (typeof tag === "string") {
      if (tag === "") {
        return "empty";
      }
      return tag;
    }
  }
  return "untagged";
}
`,
    },
  );

  semantics(
    "module-level constants and typed parameters",
    `
const prefix = parameters.prefix ?? DEFAULT_PREFIX;
const limits = asArray(parameters.limits);
const name = object.metadata?.name;
if (typeof name !== "string") {
  yield "no name";
  return;
}
if (!name.startsWith(prefix)) yield \`\${name} lacks \${prefix}\`;
if (limits.some((l) => name.length > l)) yield \`\${name} too long\`;
if (parameters.mode === "strict" && RESERVED.includes(name)) yield \`\${name} is reserved\`;
`,
    [
      { object: {}, parameters: {}, expect: ["no name"] },
      { object: { metadata: { name: "team-a" } }, parameters: {}, expect: [] },
      { object: { metadata: { name: "web" } }, parameters: {}, expect: ["web lacks team-"] },
      { object: { metadata: { name: "kube-system" } }, parameters: { prefix: "kube-", limits: [5, 20], mode: "strict" }, expect: ["kube-system too long", "kube-system is reserved"] },
      { object: { metadata: { name: "kube-system" } }, parameters: { prefix: "kube-", mode: "lax" }, expect: [] },
      { object: { metadata: { name: "x" } }, parameters: { prefix: "", limits: [] }, expect: [] },
      { object: { metadata: { name: "abc" } }, parameters: null, expect: ["abc lacks team-"] },
    ],
    {
      parameters: `export interface Parameters {
  prefix?: string;
  limits?: number[];
  mode?: "strict" | "lax";
}`,
      helpers: `
const DEFAULT_PREFIX = "team-";
const RESERVED = ["default", "kube-system"];
`,
    },
  );
});

describe("SDK helpers from a snippet", () => {
  const pod = (containers: unknown, extra: Record<string, unknown> = {}) => ({ kind: "Pod", metadata: { name: "p" }, spec: { containers, ...extra } });
  semantics(
    "allContainers, matchesWildcard, parseImage, regexMatches, parseQuantity, compareQuantities, podSpec, isObject",
    `
if (podSpec(object) === undefined) yield "no pod spec";
if (isObject(object.metadata)) yield "has metadata";
const max = parseQuantity("500m");
for (const c of allContainers(object)) {
  const name = typeof c.name === "string" ? c.name : "?";
  const image: unknown = c.image;
  if (typeof image !== "string") {
    yield \`\${name}: no image\`;
    continue;
  }
  if (!matchesWildcard("registry.example.com/*", image)) yield \`\${name}: untrusted \${image}\`;
  const ref = parseImage(image);
  if (ref === undefined) {
    yield \`\${name}: unparseable\`;
  } else {
    yield \`\${name}: \${ref.registry} \${ref.repository} \${ref.tag ?? "no tag"}\`;
  }
  if (regexMatches(":latest$", image)) yield \`\${name}: latest\`;
  const cpu = parseQuantity(c.resources?.limits?.["cpu"]);
  if (cpu === undefined) yield \`\${name}: no cpu limit\`;
  else if (max !== undefined && compareQuantities(cpu, max) > 0) yield \`\${name}: cpu over 500m\`;
}
`,
    [
      { object: {}, expect: ["no pod spec"] },
      { object: { kind: "Pod", spec: "x", metadata: 1 }, expect: ["no pod spec"] },
      {
        object: pod([
          { name: "a", image: "registry.example.com/app:1.0", resources: { limits: { cpu: "250m" } } },
          { name: "b", image: "nginx:latest", resources: { limits: { cpu: "1" } } },
          { name: "c" },
          { name: "d", image: "UPPER/Case" },
        ]),
        expect: [
          "has metadata",
          "a: registry.example.com app 1.0",
          "b: untrusted nginx:latest",
          "b: docker.io library/nginx latest",
          "b: latest",
          "b: cpu over 500m",
          "c: no image",
          "d: untrusted UPPER/Case",
          "d: unparseable",
          "d: no cpu limit",
        ],
      },
      {
        object: {
          kind: "Deployment",
          spec: { template: { spec: { containers: [{ name: "w", image: 5 }], initContainers: [{ image: "busybox", resources: { limits: { cpu: 0.5 } } }, "junk"] } } },
        },
      },
      { object: { kind: "CronJob", spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "j", image: "ghcr.io/x/y@sha256:" + "a".repeat(64) }] } } } } } } },
      { object: pod("not-a-list", { ephemeralContainers: [{ name: "e", image: "localhost:5000/dbg", resources: { limits: { cpu: "bad" } } }] }) },
    ],
  );
});

// Disagreements between TypeScript and the compiled Rego that the compiler neither handles nor
// refuses, and that README "Semantics" does not document. These fail until the compiler is fixed.
describe("disagreements found by these tests, now fixed", () => {
  semantics(
    "integers beyond OPA wasm's 32-bit format_int print as JavaScript prints them",
    `
const n = object.n;
if (typeof n === "number") yield \`n is \${n}\`;
`,
    [
      { object: { n: 2147483648 }, expect: ["n is 2147483648"] },
      { object: { n: -2147483648 }, expect: ["n is -2147483648"] },
      { object: { n: 9007199254740991 }, expect: ["n is 9007199254740991"] },
      { object: { n: 2.5e18 }, expect: ["n is 2500000000000000000"] },
      { object: { n: -1e20 }, expect: ["n is -100000000000000000000"] },
      { object: { n: 1.000000001 }, expect: ["n is 1.000000001"] },
    ],
  );

  semantics(
    "fractions from 1e-4 to 1e6 print as JavaScript prints them, past nine decimal places too",
    `
const n = object.n;
if (typeof n === "number") yield \`n is \${n}\`;
`,
    [
      // Rego's sprintf("%v") of a fraction there, in Go (shortest round-trip digits, no exponent
      // from 1e-4 to below 1e6) and in the wasm SDK (JavaScript's String) alike.
      { object: { n: 1.22 }, expect: ["n is 1.22"] },
      { object: { n: 0.1234567891 }, expect: ["n is 0.1234567891"] },
      { object: { n: 0.30000000000000004 }, expect: ["n is 0.30000000000000004"] },
      { object: { n: 123456.78901234 }, expect: ["n is 123456.78901234"] },
      { object: { n: 999999.9999999999 }, expect: ["n is 999999.9999999999"] },
      { object: { n: -999999.5 }, expect: ["n is -999999.5"] },
      { object: { n: 0.0001 }, expect: ["n is 0.0001"] },
      { object: { n: -0.0001 }, expect: ["n is -0.0001"] },
      { object: { n: 0.00012345678901 }, expect: ["n is 0.00012345678901"] },
      // Below 1e-4 and from 1e6 up, Go's %v writes an exponent: nine decimal places, as before.
      { object: { n: 0.00005 }, expect: ["n is 0.00005"] },
      { object: { n: -0.000012 }, expect: ["n is -0.000012"] },
      { object: { n: 1000000.5 }, expect: ["n is 1000000.5"] },
      { object: { n: -2147483648.25 }, expect: ["n is -2147483648.25"] },
    ],
  );

  semantics(
    "strings in quotes joined by commas print as JSON does only where JSON escapes nothing",
    `
const names = parameters.names;
if (Array.isArray(names)) yield \`[\${names.map((n) => \`"\${n}"\`)}]\`;
const kept = asArray(object.xs).filter((x) => typeof x === "string");
yield \`{\${kept.map((x) => (typeof x === "string" ? \`"\${x}"\` : "?"))}}\`;
yield kept.map((x) => \`"\${x}"\`).join(",");
`,
    // Each escape JSON writes (a quote, a backslash, a control character; Go's HTML characters
    // and line separators) leaves the comprehension's plain quoting in charge.
    [
      { object: {}, parameters: {}, expect: ["{}", ""] },
      { object: { xs: [] }, parameters: { names: [] }, expect: ["[]", "{}", ""] },
      { object: { xs: ["a", 1, "b c"] }, parameters: { names: ["x", "y]", "[z"] }, expect: ['["x","y]","[z"]', '{"a","b c"}', '"a","b c"'] },
      { object: { xs: ['q"t', "b\\s"] }, parameters: { names: ["<a>&", "é\u2028", "tab\t"] }, expect: ['["<a>&","é\u2028","tab\t"]', '{"q"t","b\\s"}', '"q"t","b\\s"'] },
      { object: { xs: ["\u0001", "ok"] }, parameters: { names: ["", "\n"] }, expect: ['["","\n"]', '{"\u0001","ok"}', '"\u0001","ok"'] },
    ],
    { parameters: "export interface Parameters {\n  names?: string[];\n}" },
  );

  semantics(
    "element access on a string indexes its characters",
    `
const s = object.s;
if (typeof s === "string" && s.length > 0) yield \`first=\${s[0]}\`;
`,
    [{ object: { s: "abc" }, expect: ["first=a"] }],
  );

  semantics(
    "array includes() of an array or object compares references",
    `
const v = object.v;
if (asArray(object.xs).includes(v)) yield "includes";
`,
    [
      { object: { xs: [[1]], v: [1] }, expect: [] },
      { object: { xs: [{}], v: {} }, expect: [] },
    ],
  );

  semantics(
    "includes() on an array of scalars finds any value by Rego's membership, an array or object never",
    `
const v = object.v;
if (asArray(parameters.names).includes(v)) yield "named";
if (["a", 1, true, null].includes(v)) yield "listed";
`,
    [
      { object: { v: "a" }, parameters: { names: ["a", "b"] }, expect: ["named", "listed"] },
      { object: { v: 1 }, parameters: { names: ["1"] }, expect: ["listed"] },
      { object: { v: null }, parameters: { names: ["null"] }, expect: ["listed"] },
      { object: { v: ["a"] }, parameters: { names: ["a"] }, expect: [] },
      { object: { v: { a: "a" } }, parameters: { names: ["a"] }, expect: [] },
      { object: {}, parameters: { names: ["a"] }, expect: [] },
      { object: { v: "b" }, parameters: {}, expect: [] },
    ],
    { parameters: "export interface Parameters {\n  names?: string[];\n}" },
  );

  semantics(
    "a members helper searched for a literal is Rego's `in`, and a disjunction of such searches one iteration",
    `
for (const rule of members(object.rules)) {
  const verbs = field(rule, "verbs");
  if (hasMember(field(rule, "resources"), "endpoints") && (hasMember(verbs, "create") || hasMember(verbs, "patch") || hasMember(verbs, true) || hasMember(verbs, null))) yield "edits";
  if (!hasMember(verbs, "get")) yield "no get";
  if (!hasMember(field(rule, "resources"), "pods")) yield "no pods";
}
if (!hasMember(object.spec?.list, "x")) yield "no x";
if (hasMember(object.spec?.list, "y")) yield "y";
`,
    [
      { object: { rules: [{ resources: ["endpoints"], verbs: ["create"] }] }, expect: ["edits", "no get", "no pods", "no x"] },
      { object: { rules: [{ resources: ["pods", "endpoints"], verbs: ["get", "patch", "patch"] }] }, expect: ["edits", "no x"] },
      { object: { rules: [{ resources: { a: "endpoints" }, verbs: { x: "get", y: true } }] }, expect: ["edits", "no pods", "no x"] },
      { object: { rules: [{ resources: ["endpoints"], verbs: [null] }] }, expect: ["edits", "no get", "no pods", "no x"] },
      { object: { rules: [{ resources: ["endpoints"], verbs: ["null", "true", ["create"], { v: "patch" }] }] }, expect: ["no get", "no pods", "no x"] },
      { object: { rules: [{ resources: "endpoints", verbs: "create" }] }, expect: ["no get", "no pods", "no x"] },
      { object: { rules: [{ resources: ["Endpoints"], verbs: ["create"] }, { verbs: ["get"] }] }, expect: ["no get", "no pods", "no x"] },
      { object: { rules: [{ resources: [["endpoints"]], verbs: ["create"] }, "endpoints", 3] }, expect: ["no get", "no pods", "no x"] },
      { object: { rules: {}, spec: { list: ["x", "y"] } }, expect: ["y"] },
      { object: { rules: [{}], spec: { list: { a: "y" } } }, expect: ["no get", "no pods", "no x", "y"] },
      { object: { spec: { list: "xy" } }, expect: ["no x"] },
    ],
    {
      helpers: `
function members(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}
function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function hasMember(collection: unknown, value: string | boolean | null): boolean {
  return members(collection).some((member) => member === value);
}`,
    },
  );

  semantics(
    "a member read by a string key, tested for undefined or false, is the Rego reference itself",
    `
const labels = fieldOf(object.metadata, "labels");
for (const key of items(parameters.keys)) {
  if (typeof key !== "string") continue;
  if (!isSet(labels, key)) yield \`unset \${key}\`;
  if (isFlag(fieldOf(object.spec, "flags"), key)) yield \`flag \${key}\`;
}
const missing = items(parameters.keys).filter((key) => typeof key === "string" && !isSet(labels, key));
if (missing.length > 1) yield \`missing \${missing.length}\`;
`,
    [
      { object: { metadata: { labels: { a: "1", b: false, c: null, d: 0, e: "" } } }, parameters: { keys: ["a", "b", "c", "d", "e", "f"] }, expect: ["unset b", "unset f", "missing 2"] },
      { object: { metadata: { labels: ["x", "y"] } }, parameters: { keys: ["0", "length"] }, expect: ["unset 0", "unset length", "missing 2"] },
      { object: { metadata: { labels: "ab" } }, parameters: { keys: ["0", "length"] }, expect: ["unset 0", "unset length", "missing 2"] },
      { object: { metadata: { labels: { length: 2, "0": true } } }, parameters: { keys: ["0", "length", 0] }, expect: [] },
      { object: { metadata: { labels: { constructor: "x" } } }, parameters: { keys: ["constructor", "toString"] }, expect: ["unset toString"] },
      { object: { metadata: {}, spec: { flags: { a: true, b: false, c: {}, d: [] } } }, parameters: { keys: ["a", "b", "c", "d"] }, expect: ["unset a", "unset b", "unset c", "unset d", "flag a", "flag c", "flag d", "missing 4"] },
      { object: { spec: { flags: ["t"] } }, parameters: { keys: ["0"] }, expect: ["unset 0"] },
      { object: { metadata: { labels: null }, spec: { flags: "t" } }, parameters: { keys: ["a"] }, expect: ["unset a"] },
      { object: { metadata: { labels: { a: 1 } } }, parameters: { keys: "a" }, expect: [] },
    ],
    {
      helpers: `
function fieldOf(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function ownField(value: unknown, key: string): unknown {
  return isObject(value) && Object.keys(value).includes(key) ? value[key] : undefined;
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
}
function isSet(labels: unknown, key: string): boolean {
  const value = ownField(labels, key);
  return value !== undefined && value !== false;
}
function isFlag(flags: unknown, key: string): boolean {
  const value = fieldOf(flags, key);
  return value !== undefined && value !== false;
}`,
      parameters: "export interface Parameters {\n  keys?: string[];\n}",
    },
  );

  {
    // A boolean helper whose disjunction iterates two lists: tested whole (the bare call, so the
    // helper is defined where it is true) and as a shared value both ways (its else chain).
    const cases: Case[] = [
      { object: { spec: { auto: true } }, expect: ["mounts"] },
      { object: { spec: { auto: false, containers: [{ volumeMounts: [{ mountPath: "/t" }] }] } }, expect: ["does not mount"] },
      { object: { spec: { auto: null, containers: [{ volumeMounts: [{ mountPath: "/t" }] }] } }, expect: ["does not mount"] },
      { object: { spec: { containers: [{ volumeMounts: [{ mountPath: "/t" }] }] } }, expect: ["mounts"] },
      { object: { spec: { containers: [{}, { volumeMounts: { a: { mountPath: "/t" } } }] } }, expect: ["mounts"] },
      { object: { spec: { containers: [{ volumeMounts: [{ mountPath: "/u" }] }], initContainers: [{ volumeMounts: [{ mountPath: "/t" }] }] } }, expect: ["mounts"] },
      { object: { spec: { containers: "x", initContainers: { i: { volumeMounts: [{ mountPath: "/t" }, { mountPath: "/t" }] } } } }, expect: ["mounts"] },
      { object: { spec: { containers: [{ volumeMounts: [{ mountPath: ["/t"] }] }] } }, expect: ["does not mount"] },
      { object: { spec: "auto" }, expect: ["does not mount"] },
      { object: { spec: [{ auto: true }] }, expect: ["does not mount"] },
      { object: { spec: null }, expect: ["does not mount"] },
      { object: {}, expect: [] },
    ];
    const helpers = `
function fieldOf(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function items(value: unknown): unknown[] {
  return Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
}
function mountsAt(list: unknown): boolean {
  return items(list).some((c) => items(fieldOf(c, "volumeMounts")).some((m) => fieldOf(m, "mountPath") === "/t"));
}
function mounts(spec: unknown): boolean {
  const auto = fieldOf(spec, "auto");
  if (auto === true) return true;
  return auto === undefined && (mountsAt(fieldOf(spec, "containers")) || mountsAt(fieldOf(spec, "initContainers")));
}`;
    const mountsOnly = (c: Case): Case => ({ ...c, expect: c.expect?.filter((m) => m === "mounts") });
    semantics(
      "a boolean helper tested whole is defined where it is true, a body per list its disjunction iterates",
      `
const spec = object["spec"];
if (spec !== undefined && mounts(spec)) yield "mounts";
`,
      cases.map(mountsOnly),
      { helpers },
    );
    semantics(
      "a boolean helper's value whose disjunction iterates two lists is a branch per list",
      `
const spec = object["spec"];
if (spec === undefined) return;
if (mounts(spec)) yield "mounts";
if (!mounts(spec)) yield "does not mount";
`,
      cases,
      { helpers },
    );
  }

  {
    // A boolean helper whose last branch always holds, tested false of arguments read with a
    // default: `not f(...)`, the helper then defined where it is true; and beside that as a value.
    const helpers = `
function fieldOf(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}
function within(value: unknown, bounds: unknown): boolean {
  if (!Array.isArray(bounds)) return false;
  if (value === undefined) return false;
  return bounds.some((b) => typeof b === "number" && typeof value === "number" && b >= value);
}`;
    const cases: Case[] = [
      { object: { spec: { replicas: 3 }, bounds: [1, 5] }, expect: [] },
      { object: { spec: { replicas: 3 }, bounds: [1, 2] }, expect: ["outside"] },
      { object: { spec: { replicas: 3 }, bounds: ["9", null, 3] }, expect: [] },
      { object: { spec: { replicas: "3" }, bounds: [9] }, expect: ["outside"] },
      { object: { spec: { replicas: null }, bounds: [9] }, expect: ["outside"] },
      { object: { spec: {}, bounds: [9] }, expect: ["outside"] },
      { object: { spec: [3], bounds: [9] }, expect: ["outside"] },
      { object: { spec: { replicas: 3 }, bounds: { a: 9 } }, expect: ["outside"] },
      { object: { spec: { replicas: 3 } }, expect: ["outside"] },
      { object: { spec: { replicas: 3 }, bounds: [] }, expect: ["outside"] },
      { object: { bounds: [9] }, expect: [] },
    ];
    semantics(
      "a total boolean helper compared with false, of arguments read with a default, is its negation",
      `
const spec = object["spec"];
if (spec === undefined) return;
if (!within(fieldOf(spec, "replicas"), object["bounds"])) yield "outside";
`,
      cases,
      { helpers },
    );
    semantics(
      "a total boolean helper compared with false and read as a value keeps its else chain",
      `
const spec = object["spec"];
if (spec === undefined) return;
if (!within(fieldOf(spec, "replicas"), object["bounds"])) yield "outside";
yield \`within: \${within(fieldOf(spec, "replicas"), object["bounds"])}\`;
`,
      cases.map((c) => ({ ...c, expect: c.expect === undefined || !("spec" in (c.object as object)) ? c.expect : [...c.expect, `within: ${c.expect.length === 0}`] })),
      { helpers },
    );
  }

  {
    // A negated call of a helper defined where it holds is one emptiness test per definition,
    // `[x | body] == []`, its parameters bound to the arguments (negated-calls.ts): a member read
    // that may be undefined, a reference, and the parameters' list that may be missing.
    const body = `
const items: any[] = asArray(object.spec?.items);
for (const exemption of items) {
  if (exemption?.name === undefined) continue;
  if (!exempt(exemption?.image, parameters.patterns)) yield \`item \${typeof exemption.name === "string" ? exemption.name : "?"} is not exempt\`;
  if (!exempt(exemption.name, parameters.patterns)) yield \`name \${typeof exemption.name === "string" ? exemption.name : "?"} is not exempt\`;
}
`;
    const options = {
      helpers: `
function exempt(image: unknown, patterns: unknown): boolean {
  if (typeof image !== "string" || !Array.isArray(patterns)) return false;
  return patterns.some((exemption) => typeof exemption === "string" && (exemption.endsWith("*") ? matchesWildcard(exemption, image) : image === exemption));
}`,
      parameters: "export interface Parameters {\n  patterns?: string[];\n}",
    };
    const item = (name: unknown, image?: unknown) => ({ spec: { items: [image === undefined ? { name } : { name, image }] } });
    const cases: Case[] = [
      { object: item("a", "nginx"), parameters: { patterns: ["nginx"] }, expect: ["name a is not exempt"] },
      { object: item("a", "nginx"), parameters: { patterns: ["ngi*"] }, expect: ["name a is not exempt"] },
      { object: item("a", "nginx"), parameters: { patterns: ["a", "nginx"] }, expect: [] },
      { object: item("a", "nginx"), parameters: { patterns: ["*"] }, expect: [] },
      { object: item("abc", "nginx"), parameters: { patterns: ["a*", "nginx*"] }, expect: [] },
      { object: item("a", "nginx"), parameters: { patterns: [] }, expect: ["item a is not exempt", "name a is not exempt"] },
      { object: item("a", "nginx"), parameters: {}, expect: ["item a is not exempt", "name a is not exempt"] },
      { object: item("a", 7), parameters: { patterns: ["a"] }, expect: ["item a is not exempt"] },
      { object: item(5, "nginx"), parameters: { patterns: ["nginx"] }, expect: ["name ? is not exempt"] },
      { object: item("b"), parameters: { patterns: ["b"] }, expect: ["item b is not exempt"] },
      { object: { spec: { items: ["x", null, { name: "nginx", image: "nginx" }] } }, parameters: { patterns: ["nginx"] }, expect: [] },
      { object: { spec: { items: "x" } }, parameters: { patterns: ["nginx"] }, expect: [] },
    ];
    it("a negated call of a helper defined where it holds is an emptiness test per definition", async () => {
      const snippet = await compileSnippet(body, options);
      expect(snippet.rego).not.toMatch(/^\tnot exempt\(/m);
      expect(snippet.rego.match(/^\t\[\S+ \| .*\] == \[\]$/gm)).toHaveLength(4);
      await agree(body, cases, options);
    });
  }

  semantics(
    "a disjunction, or a negated conjunction, that reads no local is one test, lifted into a rule of its own",
    `
const mode: unknown = parameters.mode;
if (object.spec === undefined || object.metadata?.name === undefined || mode === undefined) return;
const allowed = mode === "any" || (mode === "flagged" && object.spec?.flag === true) || (mode === "unflagged" && (object.spec?.flag === undefined || object.spec?.flag === false));
if (!allowed) yield \`not allowed: \${typeof mode === "string" ? mode : "?"}\`;
if (mode === "strict" || asArray(object.spec?.items).includes("many")) yield "strict or many";
`,
    [
      { object: { metadata: { name: "a" }, spec: {} }, parameters: { mode: "any" }, expect: [] },
      { object: { metadata: { name: "a" }, spec: { flag: true } }, parameters: { mode: "flagged" }, expect: [] },
      { object: { metadata: { name: "a" }, spec: { flag: "true" } }, parameters: { mode: "flagged" }, expect: ["not allowed: flagged"] },
      { object: { metadata: { name: "a" }, spec: {} }, parameters: { mode: "flagged" }, expect: ["not allowed: flagged"] },
      { object: { metadata: { name: "a" }, spec: {} }, parameters: { mode: "unflagged" }, expect: [] },
      { object: { metadata: { name: "a" }, spec: { flag: false } }, parameters: { mode: "unflagged" }, expect: [] },
      { object: { metadata: { name: "a" }, spec: { flag: null } }, parameters: { mode: "unflagged" }, expect: ["not allowed: unflagged"] },
      { object: { metadata: { name: "a" }, spec: { flag: true, items: ["x", "many"] } }, parameters: { mode: "unflagged" }, expect: ["not allowed: unflagged", "strict or many"] },
      { object: { metadata: { name: "a" }, spec: { items: ["many"] } }, parameters: { mode: "any" }, expect: ["strict or many"] },
      { object: { metadata: { name: "a" }, spec: "text" }, parameters: { mode: "strict" }, expect: ["not allowed: strict", "strict or many"] },
      { object: { metadata: { name: "a" } }, parameters: { mode: "strict" }, expect: [] },
      { object: { spec: {} }, parameters: { mode: "strict" }, expect: [] },
      { object: { metadata: { name: "a" }, spec: {} }, parameters: {}, expect: [] },
    ],
    { parameters: "export interface Parameters {\n  mode?: string;\n}" },
  );

  semantics(
    "a member read or a literal where it is undefined is one read with the literal for its default",
    `
for (const rule of asArray(object.rules)) {
  if (!isObject(rule)) continue;
  const host = hostOf(rule);
  yield typeof host === "string" ? \`host=\${host}\` : host === null ? "host=null" : "host=other";
  const port = rule["port"] !== undefined ? rule["port"] : null;
  if (port === null) yield "no port";
}
`,
    [
      { object: { rules: [{}] }, expect: ["host=", "no port"] },
      { object: { rules: [{ host: "a", port: 1 }] }, expect: ["host=a"] },
      { object: { rules: [{ host: null, port: null }] }, expect: ["host=null", "no port"] },
      { object: { rules: [{ host: false, port: false }] }, expect: ["host=other"] },
      { object: { rules: [{ host: ["x"] }, { host: { a: 1 } }, "text", 5] }, expect: ["host=other", "no port"] },
      { object: { rules: [{ host: "" }, { host: "*.x" }] }, expect: ["host=", "no port", "host=*.x"] },
    ],
    {
      helpers: `
function hostOf(rule: Record<string, unknown>): unknown {
  const host = rule["host"];
  return host === undefined ? "" : host;
}`,
    },
  );

  semantics(
    "a helper may bind a local named result",
    `yield \`twice=\${twicePlusOne(object.n)}\`;`,
    [
      { object: { n: 2 }, expect: ["twice=6"] },
      { object: {}, expect: ["twice=0"] },
    ],
    {
      helpers: `
function twicePlusOne(n: unknown): number {
  if (typeof n !== "number") {
    return 0;
  }
  const result = n + 1;
  return result * 2;
}
`,
    },
  );

  semantics(
    "locals named msg and v_msg are different variables",
    `
const msg = object.m;
const v_msg = "other";
if (typeof msg === "string") yield \`\${msg}/\${v_msg}\`;
`,
    [{ object: { m: "mine" }, expect: ["mine/other"] }],
  );

});

// Divergences the README documents rather than hides. Each test pins what every engine does, so
// a change in OPA or in the compiler shows up here.
describe("documented divergences", () => {
  async function both(body: string, object: unknown): Promise<{ typescript: Outcome; rego: Outcome }> {
    const snippet = await compileSnippet(body);
    const engine = await snippet.engine();
    return { typescript: runNative(snippet.predicate, object, {}), rego: engine.evaluate(object, {}) };
  }

  it("fractions: JavaScript adds binary doubles, OPA adds decimals", async () => {
    const result = await both(
      `const a = object.a;
const b = object.b;
if (typeof a === "number" && typeof b === "number" && a + b === 0.3) yield "sum is 0.3";`,
      { a: 0.1, b: 0.2 },
    );
    expect(result).toEqual({ typescript: { messages: [] }, rego: { messages: ["sum is 0.3"] } });
  });

  it("case mapping: JavaScript maps ß to SS, Rego keeps ß (simple case mapping)", async () => {
    const result = await both(`const s = object.s;
if (typeof s === "string") yield s.toUpperCase();`, { s: "straße" });
    expect(result).toEqual({ typescript: { messages: ["STRASSE"] }, rego: { messages: ["STRAßE"] } });
  });
});

describe("inventory", () => {
  it("clusterObjectNames and namespacedObjectNames: the names of the kind's objects, sorted, in both engines", async () => {
    // Literal keys (a rule reading the kind's own path), a namespace from the object (a function of
    // it), and an apiVersion from the parameters, which may be anything (the total functions).
    const snippet = await compileSnippet(
      `const namespace: unknown = object.metadata?.namespace;
const version = parameters["version"];
yield \`cluster: \${clusterObjectNames(inventory, "v1", "ConfigMap").join(",")}\`;
yield \`empty: \${clusterObjectNames(inventory, "v1", "ConfigMap").length === 0}\`;
yield \`no objects: \${clusterObjects(inventory, "v1", "ConfigMap").length === 0}\`;
if (typeof namespace === "string") yield \`namespaced: \${namespacedObjectNames(inventory, namespace, "v1", "ConfigMap").join(",")}\`;
yield \`any namespace: \${namespacedObjectNames(inventory, namespace as string, "v1", "ConfigMap").join(",")}\`;
yield \`by parameter: \${clusterObjectNames(inventory, version as string, "ConfigMap").join(",")}\`;`,
      { inventory: true },
    );
    expect(snippet.rego).toContain("[name | some name in sort(object.keys(objects)); is_object(objects[name])]");
    const engine = await snippet.engine();
    const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });
    const inventories: unknown[] = [
      {},
      { cluster: { v1: { ConfigMap: { b: cm("b"), a: cm("a"), "not-an-object": "x", nothing: null, list: [cm("c")] } } }, namespace: { ns: { v1: { ConfigMap: { z: cm("z"), y: cm("other-name") } } } } },
      { cluster: { v1: { ConfigMap: [cm("a")] } }, namespace: { ns: { v1: { ConfigMap: "none" } } } },
      { cluster: { v1: { ConfigMap: { only: 1 } } }, namespace: [] },
    ];
    const objects = [{ metadata: { namespace: "ns" } }, { metadata: { namespace: 7 } }, { metadata: {} }];
    let compared = 0;
    for (const inventory of inventories) {
      for (const object of objects) {
        for (const parameters of [{ version: "v1" }, { version: "v2" }, {}]) {
          const typescript = runNative(snippet.predicate, object, parameters, inventory as never);
          expect(engine.evaluate(object, parameters, "CREATE", inventory as never), JSON.stringify({ inventory, object, parameters })).toEqual(typescript);
          compared++;
        }
      }
    }
    expect(compared).toBe(36);
    // The names, not each object's metadata.name, and only those of objects.
    const listed = runNative(snippet.predicate, objects[0], { version: "v1" }, inventories[1] as never);
    expect(listed).toEqual({ messages: ["any namespace: y,z", "by parameter: a,b", "cluster: a,b", "empty: false", "namespaced: y,z", "no objects: false"] });
  });

  it("keeps namespaces and kinds named like Object.prototype members", async () => {
    const { inventoryOf, namespacedObjects, clusterObjects } = await import("../sdk/inventory.js");
    const policy = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "deny", namespace: "constructor" } };
    const proto = { apiVersion: "v1", kind: "__proto__", metadata: { name: "toString" } };
    const inventory = inventoryOf([policy, proto]);
    expect(namespacedObjects(inventory, "constructor", "networking.k8s.io/v1", "NetworkPolicy")).toEqual([policy]);
    expect(clusterObjects(inventory, "v1", "__proto__")).toEqual([proto]);
    // As JSON (what the wasm module gets), "__proto__" is an ordinary key.
    expect(JSON.stringify(inventory)).toBe(
      `{"cluster":{"v1":{"__proto__":{"toString":${JSON.stringify(proto)}}}},"namespace":{"constructor":{"networking.k8s.io/v1":{"NetworkPolicy":{"deny":${JSON.stringify(policy)}}}}}}`,
    );
    expect(({} as Record<string, unknown>)["deny"]).toBeUndefined();
  });
});

describe("optional calls short-circuit to undefined", () => {
  semantics(
    "s?.startsWith() and xs?.map() are undefined on a missing receiver, not false or []",
    `
const s: string | undefined = typeof object.s === "string" ? object.s : undefined;
const xs: number[] | undefined = Array.isArray(object.xs) ? object.xs : undefined;
yield \`starts=\${s?.startsWith("a")}\`;
yield \`lower=\${s?.toLowerCase()}\`;
if (xs?.map((x) => x)) yield "mapped is truthy";
if (xs?.some((x) => x === 1) === undefined) yield "some is undefined";
yield \`count=\${xs?.filter((x) => x > 0).length ?? "none"}\`;
`,
    [
      { object: {}, expect: ["starts=undefined", "lower=undefined", "some is undefined", "count=none"] },
      { object: { s: "abc", xs: [1, 2] }, expect: ["starts=true", "lower=abc", "mapped is truthy", "count=2"] },
      { object: { s: "Xyz", xs: [] }, expect: ["starts=false", "lower=xyz", "mapped is truthy", "count=0"] },
    ],
  );
});
