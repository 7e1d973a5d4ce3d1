// JavaScript's value semantics over CEL values. Gatekeeper hands the object and the parameters
// to CEL as untyped JSON (`dyn`): null, bool, int (a JSON integer), double, string, list, map.
// JavaScript's `undefined` has no JSON form; it is represented by the empty bytes value, which
// JSON never produces (rule 1 of the README, with `b""` where the Rego has `set()`). Every form
// here is total: it never raises a CEL evaluation error, whatever the runtime types, because an
// error is a denial with CEL's error text (Gatekeeper's failurePolicy is Fail) — never an allow,
// but never the TypeScript's message either.

import type { JsonSchema } from "../../schema.js";
import { chainOperands, identifierUses, isWrapped, negationOperand, replaceIdentifier } from "./scan.js";
import { isConstant, isElementRead, isVariable } from "./hoist.js";
import { membershipTest } from "./membership.js";

/** JavaScript's `undefined`. */
export const UNDEFINED = 'b""';

/** A CEL string literal with the same characters (double-quoted, escapes for `"`, `\` and controls). */
export function celString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else if (code >= 0xd800 && code <= 0xdfff) out += "\\ufffd"; // a lone surrogate: Go reads it as U+FFFD
    else out += ch;
  }
  return `${out}"`;
}

/** Fresh CEL identifiers for the let-bindings of one emission; each is bound to a `dyn` value. */
export class Names {
  private next = 0;
  private readonly made = new Map<string, { readonly types: Types; readonly elements: Types; readonly order: number; readonly shape: JsonSchema | undefined }>();
  /** A fresh identifier, bound to a value of `types` (a list's elements of `elements`; a parameter's schema `shape`, shapes.ts). */
  fresh(hint: string, types: Types = ANY, elements: Types = ANY, shape?: JsonSchema): string {
    const order = this.next++;
    const name = `${hint.replace(/[^A-Za-z0-9_]/g, "_")}_${order}`;
    this.made.set(name, { types, elements, order, shape });
    return name;
  }
  /** The schema the value an identifier of this emission is bound to conforms to (shapes.ts). */
  shapeOf(code: string): JsonSchema | undefined {
    return (this.made.get(code) ?? this.noted.get(code))?.shape;
  }
  /** A mark in this emission's naming: what `boundBefore` compares with. */
  mark(): number {
    return this.next;
  }
  /** Whether `code` is an identifier this emission bound before `mark` was taken. */
  boundBefore(code: string, mark: number): boolean {
    const made = this.made.get(code);
    return made !== undefined && made.order < mark;
  }
  /** Codes put where a constant read once is read (messages.ts): their types, but they are not bound. */
  private readonly noted = new Map<string, { readonly types: Types; readonly elements: Types; readonly shape: JsonSchema | undefined }>();
  /** Records what the value of `code` (an expression, not an identifier) may be. */
  note(code: string, types: Types, elements: Types, shape?: JsonSchema): void {
    this.noted.set(code, { types, elements, shape });
  }
  /** The types of the value an identifier of this emission is bound to (or a noted code has). */
  typesOf(code: string): Types | undefined {
    return (this.made.get(code) ?? this.noted.get(code))?.types;
  }
  /** The types of the elements of the list an identifier of this emission is bound to (or a noted code has). */
  elementsOf(code: string): Types | undefined {
    return (this.made.get(code) ?? this.noted.get(code))?.elements;
  }
  /** Whether `code` is an identifier this emission bound (to a dyn value). */
  isBound(code: string): boolean {
    return this.made.has(code);
  }
}

/** Whether `code` is one CEL string literal, double-quoted (as celString writes it). */
export function isStringLiteral(code: string): boolean {
  return /^"(?:[^"\\]|\\.)*"$/.test(code);
}

/**
 * `body(name)` with `name` bound to `value`, evaluated once. CEL (Kubernetes 1.35's environment)
 * has no `cel.bind`; a one-element list's `map` binds the same way. The value is `dyn`, so the
 * type checker accepts the runtime type tests of values.ts on it (CEL infers a literal's or a
 * comparison's type, and would refuse `type(x) == int` branches on a known string). A bound
 * identifier or a constant is substituted instead.
 */
export function bind(names: Names, value: string, body: (name: string) => string, hint = "v", types: Types = ANY, elements: Types = ANY): string {
  if (names.isBound(value) || isVariable(value) || isConstant(value) || isElementRead(value)) return body(value);
  if (isStringLiteral(value) || value === UNDEFINED || /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/.test(value) || value === "null" || value === "true" || value === "false") return body(`dyn(${value})`);
  const name = names.fresh(hint, types, elements);
  return letIn(name, value, body(name));
}

/**
 * `body` with the identifier `id` standing for `value`, evaluated at most once: bound by a
 * one-element list's `map` where `body` reads it more than once or inside a comprehension; put
 * in place of its one read otherwise; read once in one membership test where `body` only
 * compares it with constants; and left out where `body` never reads it (CEL is pure, and a value
 * never read cannot make the result differ, even one that would raise an error on purpose).
 */
export function letIn(id: string, value: string, body: string): string {
  const uses = identifierUses(body, id);
  if (uses.count === 0) return body;
  if (uses.count === 1 && !uses.inLoop) return `${body.slice(0, uses.at)}dyn(${value})${body.slice(uses.at + id.length)}`;
  // Only compared with constants: one read in one membership test (membership.ts).
  const member = membershipTest(id, value, body);
  if (member !== undefined) return member;
  // A cheap value (a member read) read a few times costs less read again than bound: the binding
  // is a list, a comprehension and an index.
  if (!uses.inLoop && uses.count <= CHEAP_READS && isCheap(value, CHEAP_VALUE_LENGTH)) return replaceIdentifier(body, id, `dyn(${value})`);
  return `[dyn(${value})].map(${id}, ${body})[0]`;
}

/** How many times a cheap value or variable is read again rather than bound or kept (rule 27). */
export const CHEAP_READS = 3;

/** The longest value read again instead of bound: about a member read with its guard. */
const CHEAP_VALUE_LENGTH = 130;

/**
 * What a value may be at run time, as a set of JSON types (a bit mask): the emitter's type facts.
 * A fact comes from what produced the value (a comparison is a bool, a template a string) or from
 * a test the value passed (`typeof x === "string"` in the branch it guards). The tests below fold
 * to `true` or `false` where the facts decide them, which keeps the CEL short; a fact is never a
 * guess: where nothing is known the value may be any of them (ANY).
 */
export type Types = number;
export const T = { string: 1, number: 2, bool: 4, null: 8, undefined: 16, list: 32, map: 64 } as const;
export const ANY: Types = 127;

const TESTS: readonly (readonly [Types, (v: string) => string])[] = [
  [T.string, (v) => `type(${v}) == string`],
  [T.number, (v) => `type(${v}) == int || type(${v}) == uint || type(${v}) == double`],
  [T.bool, (v) => `type(${v}) == bool`],
  [T.null, (v) => `type(${v}) == null_type`],
  [T.undefined, (v) => `type(${v}) == bytes`],
  [T.list, (v) => `type(${v}) == list`],
  [T.map, (v) => `type(${v}) == map`],
];

/** `v`'s type is one of `mask`, knowing it is one of `t`: `true` or `false` where `t` decides. */
export function typeTest(v: string, mask: Types, t: Types = ANY): string {
  if ((t & mask) === 0) return "false";
  if ((t & ~mask) === 0) return "true";
  // Test the smaller side: v is one of mask, or v is not one of the rest of t.
  const inside = TESTS.filter(([m]) => (m & mask & t) !== 0);
  const outside = TESTS.filter(([m]) => (m & ~mask & t) !== 0);
  if (outside.length < inside.length) return `!(${outside.map(([, f]) => f(v)).join(" || ")})`;
  return `(${inside.map(([, f]) => f(v)).join(" || ")})`;
}

/**
 * A branch per type of `v`: the first case whose mask meets `t` is tested (untested when it is the
 * last type `v` can have), each case's code is given the types left to it.
 */
export function typeSwitch(v: string, t: Types, cases: readonly (readonly [Types, (t: Types) => string])[], otherwise: (t: Types) => string): string {
  const [first, ...rest] = cases;
  if (!first) return otherwise(t);
  const [mask, code] = first;
  if ((t & mask) === 0) return typeSwitch(v, t, rest, otherwise);
  if ((t & ~mask) === 0) return code(t & mask);
  return `(${typeTest(v, mask, t)} ? ${code(t & mask)} : ${typeSwitch(v, t & ~mask, rest, otherwise)})`;
}

/**
 * A rough cost of evaluating `code`, to order the terms of `&&` and `||`: its length, with a
 * comprehension or a regular expression weighing as much as a long expression. A short test
 * weighs nothing, so guards keep their written order (a type test before the read it guards).
 */
export function evaluationWeight(code: string): number {
  const loops = code.match(LOOP_CALL)?.length ?? 0;
  const regexes = code.match(REGEX_CALL)?.length ?? 0;
  if (loops === 0 && regexes === 0 && code.length < SHORT_TEST) return 0;
  return code.length + 400 * loops + 200 * regexes;
}

const LOOP_CALL = /\.(?:map|filter|exists|exists_one|all|transformList|transformMap)\(/g;
const REGEX_CALL = /\.(?:matches|find|findAll)\(/g;

/** Whether `code` is at most `length` long, with no comprehension and no regular expression. */
export function isCheap(code: string, length: number): boolean {
  return code.length <= length && code.search(LOOP_CALL) < 0 && code.search(REGEX_CALL) < 0;
}

/** Below this length and without a loop or a regular expression, a test is cheap. */
const SHORT_TEST = 120;

/**
 * The terms cheapest first. CEL's `&&` and `||` are commutative, errors included (`false && e` and
 * `e && false` are both false, `e || true` is true), so their order changes no result, only how
 * much a review evaluates before one term decides it.
 */
function cheapestFirst(terms: readonly string[], op: "&&" | "||"): string[] {
  // A term that is itself a chain of the same operator (as and() and or() make them) is one
  // chain with this one, so its short tests go first too.
  const flat = terms.flatMap((t) => chainOperands(t, op) ?? [t]);
  return flat.map((code, at) => ({ code, at, weight: evaluationWeight(code) })).sort((a, b) => a.weight - b.weight || a.at - b.at).map((t) => t.code);
}

/** `a && b` of CEL bools, folding the constants, cheapest term first. */
export function and(...terms: string[]): string {
  if (terms.includes("false")) return "false";
  const kept = terms.filter((x) => x !== "true");
  if (kept.length === 0) return "true";
  return kept.length === 1 ? kept[0]! : `(${cheapestFirst(kept, "&&").join(" && ")})`;
}

/** `!test` of a CEL bool, folding the constants and a double negation (`!(!(x))` is `x`). */
export function not(test: string): string {
  if (test === "true") return "false";
  if (test === "false") return "true";
  const inner = negationOperand(test);
  if (inner !== undefined) return isWrapped(inner) ? inner : `(${inner})`;
  return `!(${test})`;
}

/** `a || b` of CEL bools, folding the constants, cheapest term first. */
export function or(...terms: string[]): string {
  if (terms.includes("true")) return "true";
  const kept = terms.filter((x) => x !== "false");
  if (kept.length === 0) return "false";
  return kept.length === 1 ? kept[0]! : `(${cheapestFirst(kept, "||").join(" || ")})`;
}

/** `test ? a : b`, folding a constant test. */
export function cond(test: string, then: string, otherwise: string): string {
  if (test === "true") return then;
  if (test === "false") return otherwise;
  return `(${test} ? ${then} : ${otherwise})`;
}

export const isNumber = (v: string, t: Types = ANY): string => typeTest(v, T.number, t);
export const isString = (v: string, t: Types = ANY): string => typeTest(v, T.string, t);
export const isList = (v: string, t: Types = ANY): string => typeTest(v, T.list, t);
export const isMap = (v: string, t: Types = ANY): string => typeTest(v, T.map, t);
export const isUndefined = (v: string, t: Types = ANY): string => typeTest(v, T.undefined, t);
export const isNullish = (v: string, t: Types = ANY): string => typeTest(v, T.null | T.undefined, t);

/** JavaScript truthiness of a bound value: false, 0, "", null and undefined are falsy; [] and {} are truthy. */
export function truthyOf(v: string, t: Types = ANY): string {
  return typeSwitch(
    v,
    t,
    [
      [T.bool, () => `${v} == true`],
      [T.string, () => `${v} != ""`],
      [T.number, () => `${v} != 0`],
      [T.list | T.map, () => "true"],
    ],
    () => "false",
  );
}

/** The types `typeof v === name` admits (0 for names no JSON value has: "function", "bigint", "symbol"). */
export function typeofMask(name: string): Types {
  switch (name) {
    case "string":
      return T.string;
    case "number":
      return T.number;
    case "boolean":
      return T.bool;
    case "object": // typeof null === "object"
      return T.null | T.list | T.map;
    case "undefined":
      return T.undefined;
    default:
      return 0;
  }
}

/** `typeof v === name`, for the names `typeof` can return on JSON values (others are false). */
export function typeIs(v: string, name: string, t: Types = ANY): string {
  return typeTest(v, typeofMask(name), t);
}

/**
 * A deliberate evaluation error (a denial with CEL's error text) where CEL would differ from the
 * JavaScript; it reads `v`, so CEL cannot fold it at compile time. Of any type (an error).
 */
export function failure(v: string, what: string): string {
  return `dyn(int(string(size([${v}])) + ${celString(` gkc: ${what} differs between JavaScript and CEL`)}))`;
}

/**
 * A string's character at the CEL int `i`: JavaScript's UTF-16 unit where the string is within the
 * BMP (units are code points there), an error beyond it, undefined out of range.
 */
function characterAt(s: string, i: string): string {
  return `(${s}.matches(${ASTRAL}) ? ${failure(s, "indexing a string outside the BMP")} : ${i} >= 0 && ${i} < size(${s}) ? dyn(${s}.substring(${i}, ${i} + 1)) : dyn(${UNDEFINED}))`;
}

/** A string key that is a canonical array index CEL's int() reads (longer ones are beyond any list or string). */
const INDEX_KEY = '"^(0|[1-9][0-9]{0,8})$"';

/**
 * `o[k]` as the Rego runtime's gkc_get reads it (the TypeScript's meaning on JSON): an own key of
 * an object (a number key as its decimal string); of an array or a string, an integer index, a
 * string that is a canonical index, and "length"; else undefined.
 */
export function member(o: string, k: string, to: Types = ANY, tk: Types = ANY): string {
  const intKey = typeTest(k, T.number, tk) === "false" ? "false" : `type(${k}) == int`;
  const indexKey = and(isString(k, tk), `${k}.matches(${INDEX_KEY})`);
  const lengthKey = and(isString(k, tk), `${k} == "length"`);
  return cond(
    and(isMap(o, to), isString(k, tk)),
    `(${k} in ${o} ? ${o}[${k}] : ${UNDEFINED})`,
    cond(
      and(isMap(o, to), intKey),
      `(string(${k}) in ${o} ? ${o}[string(${k})] : ${UNDEFINED})`,
      cond(
        and(isList(o, to), intKey),
        `(${k} >= 0 && ${k} < size(${o}) ? ${o}[${k}] : ${UNDEFINED})`,
        cond(
          and(isList(o, to), indexKey),
          `(int(${k}) < size(${o}) ? ${o}[int(${k})] : ${UNDEFINED})`,
          cond(
            and(isString(o, to), intKey),
            characterAt(o, k),
            cond(and(isString(o, to), indexKey), characterAt(o, `int(${k})`), cond(and(typeTest(o, T.list | T.string, to), lengthKey), lengthOf(o, to & (T.list | T.string)), UNDEFINED)),
          ),
        ),
      ),
    ),
  );
}

/** `o.key` for a literal key: the common case, shorter. (Lowering turns a literal "0" into 0 and "length" into a length.) */
export function memberLiteral(o: string, key: string | number, t: Types = ANY): string {
  if (typeof key === "string") {
    // An optional index reads the map once (`"k" in o ? o["k"] : b""` reads it twice) and is
    // none on a string, a number, a bool, null or b"", but raises an error on a list.
    if ((t & T.map) === 0) return UNDEFINED;
    return cond(isList(o, t), UNDEFINED, `${o}[?${celString(key)}].orValue(${UNDEFINED})`);
  }
  return cond(
    and(isList(o, t), `size(${o}) > ${key}`),
    `${o}[${key}]`,
    cond(and(isMap(o, t), `${celString(String(key))} in ${o}`), `${o}[${celString(String(key))}]`, cond(isString(o, t), characterAt(o, String(key)), UNDEFINED)),
  );
}

/** Matches a character outside the Basic Multilingual Plane (two UTF-16 units in JavaScript). */
export const ASTRAL = '"[\\\\x{10000}-\\\\x{10FFFF}]"';
/** Matches a character that JavaScript (UTF-16 units) and CEL (code points) order differently. */
const ORDER_SENSITIVE = '"[\\\\x{E000}-\\\\x{10FFFF}]"';

/** `s.length` in UTF-16 units (CEL's size() counts code points), an array's length, an object's member "length", else undefined. */
export function lengthOf(v: string, t: Types = ANY): string {
  return typeSwitch(
    v,
    t,
    [
      [T.string, () => `dyn(size(${v}) + size(${v}.findAll(${ASTRAL})))`],
      [T.list, () => `dyn(size(${v}))`],
      [T.map, () => `("length" in ${v} ? ${v}["length"] : ${UNDEFINED})`],
    ],
    () => UNDEFINED,
  );
}

/**
 * `a < b` (and the other orderings): numbers compare as numbers; strings in JavaScript's UTF-16
 * order, which is CEL's code-point order unless a character from U+E000 up is involved — then
 * the expression fails with an evaluation error (a denial), never a guess; other operands are false.
 */
export function ordering(a: string, b: string, op: string, ta: Types = ANY, tb: Types = ANY): string {
  const strings = `((${a} + ${b}).matches(${ORDER_SENSITIVE}) ? int(${a} + " gkc: string order outside the BMP differs between JavaScript and CEL") ${op} 0 : ${a} ${op} ${b})`;
  return cond(and(isNumber(a, ta), isNumber(b, tb)), `${a} ${op} ${b}`, cond(and(isString(a, ta), isString(b, tb)), strings, "false"));
}

/**
 * String(v) as a template literal prints a JSON value. Integers up to 2^53 (also an integral
 * double) print in decimal; a fraction of magnitude 1e-4 to 1e6 prints as CEL's string(double)
 * (Go's shortest 'g' form, which there is JavaScript's), one from 1e-6 to 1e-4 as JavaScript's
 * 0.0000… form of the same digits; booleans and null as words, undefined as
 * "undefined"; arrays as Array.prototype.toString (two levels). Other numbers (exponents,
 * integers JavaScript would round) and objects print differently in CEL: they raise an
 * evaluation error instead (a denial with CEL's error text, never a wrong message).
 */
export function printed(v: string, t: Types = ANY, elements: Types = ANY): string {
  return scalarPrinted(v, t, (rest) => cond(isList(v, rest), listPrinted(v, 2, elements), unprintable(v)));
}

/** A value that prints differently in CEL: an evaluation error (not constant-folded: it reads `v`). */
function unprintable(v: string): string {
  return `string(int(string(size([${v}])) + " gkc: this value prints differently in CEL"))`;
}

/** A scalar as String() prints it, else `otherwise` (given the types left). */
function scalarPrinted(v: string, t: Types, otherwise: (t: Types) => string): string {
  const small = (x: string): string => `(${x} >= -9007199254740992 && ${x} <= 9007199254740992)`;
  const fraction = `((${v} >= 0.0001 && ${v} < 1000000.0) || (${v} <= -0.0001 && ${v} > -1000000.0))`;
  // From 1e-6 to 1e-4 Go writes an exponent (1.5e-05) where JavaScript writes 0.000015: the
  // digits of Go's form after the right number of zeros.
  const tiny = `((${v} >= 0.000001 && ${v} < 0.0001) || (${v} <= -0.000001 && ${v} > -0.0001))`;
  const p = `${v.replace(/[^A-Za-z0-9_]/g, "_")}_p`;
  const tinyPrinted = `[string(${v} < 0.0 ? -${v} : ${v}).split("e")].map(${p}, (${v} < 0.0 ? "-" : "") + (${p}[1] == "-05" ? "0.0000" : "0.00000") + ${p}[0].replace(".", ""))[0]`;
  const number = `(type(${v}) == int && ${small(v)} ? string(${v}) : type(${v}) == uint && ${v} <= 9007199254740992u ? string(${v}) : type(${v}) == double && ${v} > -9007199254740992.0 && ${v} < 9007199254740992.0 && double(int(${v})) == ${v} ? string(int(${v})) : type(${v}) == double && ${fraction} ? string(${v}) : type(${v}) == double && ${tiny} ? ${tinyPrinted} : ${unprintable(v)})`;
  return typeSwitch(
    v,
    t,
    [
      [T.string, () => v],
      [T.number, () => number],
      [T.bool, () => `string(${v})`],
      [T.null, () => '"null"'],
      [T.undefined, () => '"undefined"'],
    ],
    otherwise,
  );
}

/**
 * An array as JavaScript's Array.prototype.toString prints it (`separator` "," at every level), or
 * its join(separator): its elements joined, null and undefined as "", nested arrays as
 * toString prints them (`depth` levels; deeper, and objects, are unprintable).
 */
export function listPrinted(v: string, depth: number, elements: Types = ANY, separator = ","): string {
  if (elements === T.string) return `${v}.join(${celString(separator)})`;
  const e = `${v.replace(/[^A-Za-z0-9_]/g, "_")}_e${depth}`;
  const element = typeSwitch(e, elements, [[T.null, () => '""']], (rest) => scalarPrinted(e, rest, (left) => (depth > 1 ? cond(isList(e, left), listPrinted(e, depth - 1), unprintable(e)) : unprintable(e))));
  return `${v}.map(${e}, ${element}).join(${celString(separator)})`;
}
