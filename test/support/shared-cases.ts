// Inputs and predicates shared by the Rego (test/semantics.test.ts) and CEL
// (test/cel-snippets.test.ts) checks of Rego's order (sdk/order.ts) and of member access by keys
// of every kind.

/** One pair per combination of a left and a right value, `id` naming both; one object per left value. */
export function pairs(left: Readonly<Record<string, unknown>>, right: Readonly<Record<string, unknown>>, a = "a", b = "b"): Record<string, unknown>[] {
  return Object.entries(left).map(([leftName, leftValue]) => ({
    pairs: Object.entries(right).map(([rightName, rightValue]) => ({
      id: `${leftName}~${rightName}`,
      ...(leftValue === undefined ? {} : { [a]: leftValue }),
      ...(rightValue === undefined ? {} : { [b]: rightValue }),
    })),
  }));
}

/** Values whose members a key may name: strings (within the BMP), arrays, objects and scalars. */
export const INDEXED: Readonly<Record<string, unknown>> = {
  missing: undefined,
  null: null,
  number: 7,
  boolean: true,
  emptyString: "",
  string: "abc",
  emptyArray: [],
  array: [5, 6],
  emptyObject: {},
  object: { "0": "zero", "01": "leading zero", length: 4, x: "x" },
  textLength: { length: "long" },
};

/** Keys of every kind: canonical indexes and others, "length", numbers. */
export const KEYS: Readonly<Record<string, unknown>> = {
  zero: "0",
  one: "1",
  two: "2",
  leadingZero: "01",
  fraction: "1.0",
  negativeZero: "-0",
  huge: "99999999999",
  length: "length",
  name: "x",
  numberZero: 0,
  numberOne: 1,
  numberHalf: 0.5,
};

/** `v[k]` for every kind of `v` and `k`, computed and literal (the snippet of both engines' tests). */
export const MEMBER_SNIPPET = `
const pairs: unknown[] = Array.isArray(object.pairs) ? object.pairs : [];
for (const pair of pairs) {
  if (!isObject(pair)) continue;
  const id = typeof pair.id === "string" ? pair.id : "?";
  if (pair.v === undefined || pair.v === null) continue;
  const v = pair.v as Record<string, unknown>;
  const got = v[pair.k as string];
  if (got !== undefined) yield \`\${id} defined\`;
  if (typeof got === "string" || typeof got === "number") yield \`\${id} = \${got}\`;
  const first = v["0"];
  if (typeof first === "string" || typeof first === "number") yield \`\${id} ["0"] = \${first}\`;
  const length = v["length"];
  if (typeof length === "number") yield \`\${id} ["length"] = \${length}\`;
  if (v["01"] !== undefined) yield \`\${id} ["01"] defined\`;
  const named: unknown = v.length;
  if (typeof named === "string") yield \`\${id} .length is \${named}\`;
}
`;


/** Every kind of JSON value (and a missing one), by name. */
export const VALUES: Readonly<Record<string, unknown>> = {
  missing: undefined,
  null: null,
  false: false,
  true: true,
  zero: 0,
  one: 1,
  negative: -1,
  half: 0.5,
  emptyString: "",
  string: "a",
  stringOne: "1",
  emptyArray: [],
  array: [1],
  emptyObject: {},
  object: { a: 1 },
};

/** Values on which Rego's order and its emitted forms could go wrong, by name. */
export const ORDERED: Readonly<Record<string, unknown>> = {
  ...VALUES,
  two: 2,
  big: 1e21,
  stringAB: "ab",
  stringB: "b",
  privateUse: "\uE000",
  astral: "\u{10000}",
  arrayTwo: [2],
  arrayLong: [1, 2],
  objectB: { b: 0 },
};

/**
 * regoLess and its kin in each emitted form: the calls stay gkc_rego_less and the others where
 * nothing is known of the operands (negated, or as values), become a test's own steps for names,
 * and Rego's operator once a number or a string is known on one side.
 */
export const ORDER_SNIPPET = `
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
  if (!regoLessOrEqual(b, a)) yield \`\${id} not b <= a\`;
  if (!scalarEquals(a, b)) yield \`\${id} !=\`;
  const either = regoLess(b, a) || scalarEquals(b, a);
  if (either) yield \`\${id} b <= a as a value\`;
  if (typeof b === "number" && regoLess(a, b)) yield \`\${id} a < number b\`;
  if (typeof b === "number" && regoLessOrEqual(b, a)) yield \`\${id} number b <= a\`;
  if (typeof b === "number" && regoGreater(b, a)) yield \`\${id} number b > a\`;
  if (typeof b === "number" && scalarEquals(a, b)) yield \`\${id} a == number b\`;
  if (regoLess(a, 1)) yield \`\${id} a < 1\`;
  if (typeof a === "string" && regoLess(a, b)) yield \`\${id} string a < b\`;
}
`;

/** Array.prototype.join with literal separators (none, ", ", ""), of any elements and of strings. */
export const JOIN_SNIPPET = `
const v = object.v;
if (Array.isArray(v)) {
  yield \`comma [\${v.join()}]\`;
  yield \`spaced [\${v.join(", ")}]\`;
  yield \`empty [\${v.join("")}]\`;
  const names = v.map((x: unknown) => (typeof x === "string" ? x : "?"));
  yield \`names [\${names.join(" | ")}]\`;
}
`;
