// JavaScript's value semantics over CEL values. Gatekeeper hands the object and the parameters
// to CEL as untyped JSON (`dyn`): null, bool, int (a JSON integer), double, string, list, map.
// JavaScript's `undefined` has no JSON form; it is represented by the empty bytes value, which
// JSON never produces (rule 1 of the README, with `b""` where the Rego has `set()`). Every form
// here is total: it never raises a CEL evaluation error, whatever the runtime types, because an
// error is a denial with CEL's error text (Gatekeeper's failurePolicy is Fail) — never an allow,
// but never the TypeScript's message either.

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
  private readonly made = new Set<string>();
  fresh(hint: string): string {
    const name = `${hint.replace(/[^A-Za-z0-9_]/g, "_")}_${this.next++}`;
    this.made.add(name);
    return name;
  }
  /** Whether `code` is an identifier this emission bound (to a dyn value). */
  isBound(code: string): boolean {
    return this.made.has(code);
  }
}

/**
 * `body(name)` with `name` bound to `value`, evaluated once. CEL (Kubernetes 1.35's environment)
 * has no `cel.bind`; a one-element list's `map` binds the same way. The value is `dyn`, so the
 * type checker accepts the runtime type tests of values.ts on it (CEL infers a literal's or a
 * comparison's type, and would refuse `type(x) == int` branches on a known string). A bound
 * identifier or a constant is substituted instead.
 */
export function bind(names: Names, value: string, body: (name: string) => string, hint = "v"): string {
  if (names.isBound(value) || value === "variables.anyObject" || value === "variables.gkc_parameters") return body(value);
  if (/^"(?:[^"\\]|\\.)*"$/.test(value) || value === UNDEFINED || /^-?\d+$/.test(value) || value === "null" || value === "true" || value === "false") return body(`dyn(${value})`);
  const name = names.fresh(hint);
  return `[dyn(${value})].map(${name}, ${body(name)})[0]`;
}

export const isNumber = (v: string): string => `(type(${v}) == int || type(${v}) == uint || type(${v}) == double)`;
export const isString = (v: string): string => `(type(${v}) == string)`;
export const isList = (v: string): string => `(type(${v}) == list)`;
export const isMap = (v: string): string => `(type(${v}) == map)`;
export const isUndefined = (v: string): string => `(type(${v}) == bytes)`;
export const isNullish = (v: string): string => `(type(${v}) == null_type || type(${v}) == bytes)`;

/** JavaScript truthiness of a bound value: false, 0, "", null and undefined are falsy; [] and {} are truthy. */
export function truthyOf(v: string): string {
  return `(type(${v}) == bool ? ${v} == true : type(${v}) == string ? ${v} != "" : ${isNumber(v)} ? ${v} != 0 : ${isList(v)} || ${isMap(v)})`;
}

/** `typeof v === name`, for the names `typeof` can return on JSON values (others are false). */
export function typeIs(v: string, name: string): string {
  switch (name) {
    case "string":
      return isString(v);
    case "number":
      return isNumber(v);
    case "boolean":
      return `(type(${v}) == bool)`;
    case "object": // typeof null === "object"
      return `(type(${v}) == null_type || ${isList(v)} || ${isMap(v)})`;
    case "undefined":
      return isUndefined(v);
    default: // "function", "bigint", "symbol": no JSON value has them
      return "false";
  }
}

/**
 * `o[k]` as the Rego runtime's gkc_get reads it (the TypeScript's meaning on JSON): an own key of
 * an object (a number key as its decimal string), an integer index of an array, else undefined.
 */
export function member(o: string, k: string): string {
  return `(${isMap(o)} && ${isString(k)} ? (${k} in ${o} ? ${o}[${k}] : ${UNDEFINED}) : ${isMap(o)} && type(${k}) == int ? (string(${k}) in ${o} ? ${o}[string(${k})] : ${UNDEFINED}) : ${isList(o)} && type(${k}) == int ? (${k} >= 0 && ${k} < size(${o}) ? ${o}[${k}] : ${UNDEFINED}) : ${UNDEFINED})`;
}

/** `o.key` for a literal key: the common case, shorter. */
export function memberLiteral(o: string, key: string | number): string {
  if (typeof key === "string") {
    const k = celString(key);
    return `(${isMap(o)} && ${k} in ${o} ? ${o}[${k}] : ${UNDEFINED})`;
  }
  return `(${isList(o)} && size(${o}) > ${key} ? ${o}[${key}] : ${isMap(o)} && ${celString(String(key))} in ${o} ? ${o}[${celString(String(key))}] : ${UNDEFINED})`;
}

/** Matches a character outside the Basic Multilingual Plane (two UTF-16 units in JavaScript). */
export const ASTRAL = '"[\\\\x{10000}-\\\\x{10FFFF}]"';
/** Matches a character that JavaScript (UTF-16 units) and CEL (code points) order differently. */
const ORDER_SENSITIVE = '"[\\\\x{E000}-\\\\x{10FFFF}]"';

/** `s.length` in UTF-16 units (CEL's size() counts code points), an array's length, else undefined. */
export function lengthOf(v: string): string {
  return `(${isString(v)} ? dyn(size(${v}) + size(${v}.findAll(${ASTRAL}))) : ${isList(v)} ? dyn(size(${v})) : ${UNDEFINED})`;
}

/**
 * `a < b` (and the other orderings): numbers compare as numbers; strings in JavaScript's UTF-16
 * order, which is CEL's code-point order unless a character from U+E000 up is involved — then
 * the expression fails with an evaluation error (a denial), never a guess; other operands are false.
 */
export function ordering(a: string, b: string, op: string): string {
  return `(${isNumber(a)} && ${isNumber(b)} ? ${a} ${op} ${b} : ${isString(a)} && ${isString(b)} ? ((${a} + ${b}).matches(${ORDER_SENSITIVE}) ? int(${a} + " gkc: string order outside the BMP differs between JavaScript and CEL") ${op} 0 : ${a} ${op} ${b}) : false)`;
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
export function printed(v: string): string {
  return scalarPrinted(v, `${isList(v)} ? ${listPrinted(v, 2)} : ${unprintable(v)}`);
}

/** A value that prints differently in CEL: an evaluation error (not constant-folded: it reads `v`). */
function unprintable(v: string): string {
  return `string(int(string(size([${v}])) + " gkc: this value prints differently in CEL"))`;
}

/** A scalar as String() prints it, else `otherwise`. */
function scalarPrinted(v: string, otherwise: string): string {
  const small = (x: string): string => `(${x} >= -9007199254740992 && ${x} <= 9007199254740992)`;
  const fraction = `((${v} >= 0.0001 && ${v} < 1000000.0) || (${v} <= -0.0001 && ${v} > -1000000.0))`;
  // From 1e-6 to 1e-4 Go writes an exponent (1.5e-05) where JavaScript writes 0.000015: the
  // digits of Go's form after the right number of zeros.
  const tiny = `((${v} >= 0.000001 && ${v} < 0.0001) || (${v} <= -0.000001 && ${v} > -0.0001))`;
  const tinyPrinted = `[string(${v} < 0.0 ? -${v} : ${v}).split("e")].map(${v}_p, (${v} < 0.0 ? "-" : "") + (${v}_p[1] == "-05" ? "0.0000" : "0.00000") + ${v}_p[0].replace(".", ""))[0]`;
  return `(${isString(v)} ? ${v} : type(${v}) == int && ${small(v)} ? string(${v}) : type(${v}) == uint && ${v} <= 9007199254740992u ? string(${v}) : type(${v}) == double && ${v} > -9007199254740992.0 && ${v} < 9007199254740992.0 && double(int(${v})) == ${v} ? string(int(${v})) : type(${v}) == double && ${fraction} ? string(${v}) : type(${v}) == double && ${tiny} ? ${tinyPrinted} : type(${v}) == bool ? string(${v}) : type(${v}) == null_type ? "null" : ${isUndefined(v)} ? "undefined" : ${otherwise})`;
}

/**
 * An array as JavaScript's Array.prototype.toString prints it: its elements joined by ",", null
 * and undefined as "", nested arrays alike (`depth` levels; deeper, and objects, are unprintable).
 */
function listPrinted(v: string, depth: number): string {
  const e = `${v.replace(/[^A-Za-z0-9_]/g, "_")}_e${depth}`;
  const element = `(type(${e}) == null_type ? "" : ${scalarPrinted(e, depth > 1 ? `${isList(e)} ? ${listPrinted(e, depth - 1)} : ${unprintable(e)}` : unprintable(e))})`;
  return `${v}.map(${e}, ${element}).join(",")`;
}
