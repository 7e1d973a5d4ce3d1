// Rego's comparison operators on JSON scalars, for policies that reproduce a gatekeeper-library
// template comparing values of any type (`input.parameters.ranges[_].min_replicas <= replicas`).
// Rego orders every value: null < booleans < numbers < strings < arrays < objects, and compares
// within a type by value. Here two arrays or two objects are never less than each other, nor
// equal but by regoEquals, where Rego would compare them element by element, and undefined ranks
// with the objects.
// The compiler emits Rego's own `<`, `<=`, `>`, `>=` and `==` where the operands' types allow.
import { isObject } from "./guards.js";

/** The rank of a value's type in Rego's order; undefined ranks with the objects. */
function typeRank(value: unknown): number {
  if (value === null) return 0;
  if (typeof value === "boolean") return 1;
  if (typeof value === "number") return 2;
  if (typeof value === "string") return 3;
  if (Array.isArray(value)) return 4;
  return 5;
}

/** Whether a UTF-16 unit is half of a character beyond the Basic Multilingual Plane. */
function isSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdfff;
}

/**
 * `a < b` in code point order, as Rego (and CEL) compare strings. JavaScript's `<` compares
 * UTF-16 units, which differs only where a character beyond the BMP meets one from U+E000 up.
 */
function stringLess(a: string, b: string): boolean {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const beyondX = isSurrogate(x);
    if (beyondX !== isSurrogate(y)) return beyondX === false;
    return x < y;
  }
  return a.length < b.length;
}

/**
 * Rego's `a < b`: by type rank, then by value for numbers, strings (code points) and booleans
 * (false < true). Two arrays or two objects are never less.
 */
export function regoLess(a: unknown, b: unknown): boolean {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA < rankB;
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a === "string" && typeof b === "string") return stringLess(a, b);
  return a === false && b === true;
}

/** Rego's `a == b` on JSON scalars (null, booleans, numbers, strings); arrays, objects and undefined are never equal here. */
export function scalarEquals(a: unknown, b: unknown): boolean {
  if (a === null) return b === null;
  if (typeof a === "string" || typeof a === "number" || typeof a === "boolean") return a === b;
  return false;
}

/**
 * Rego's `a == b` on JSON values: scalars by value (1 equals 1.0), arrays element by element,
 * objects by their keys and values. Undefined equals nothing: Rego's `==` fails on it (inside an
 * array or object a policy built, undefined equals undefined, as Rego's set() equals set()).
 */
export function regoEquals(a: unknown, b: unknown): boolean {
  return a !== undefined && b !== undefined && equalValues(a, b);
}

function equalValues(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => equalValues(item, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equalValues(a[key], b[key]));
  }
  return scalarEquals(a, b);
}

/** Rego's `a <= b` (see regoLess and scalarEquals). */
export function regoLessOrEqual(a: unknown, b: unknown): boolean {
  return regoLess(a, b) || scalarEquals(a, b);
}

/** Rego's `a > b` (see regoLess). */
export function regoGreater(a: unknown, b: unknown): boolean {
  return regoLess(b, a);
}

/** Rego's `a >= b` (see regoLess and scalarEquals). */
export function regoGreaterOrEqual(a: unknown, b: unknown): boolean {
  return regoLess(b, a) || scalarEquals(a, b);
}
