// Helpers shared by the gatekeeper-library "general" policies, with the library's Rego semantics
// (compiled into each policy's Rego like same-file helpers).
import { isObject } from "gkc/sdk";

/**
 * Rego's `x[_]`: the elements of an array or the values of an object; nothing for any other
 * value. The library iterates lists this way, so an object where a list belongs is iterated too.
 * Object values come in key order in Rego and insertion order in JavaScript: test the result
 * (some, filter, length), never print it.
 */
export function members(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (isObject(value)) {
    return Object.values(value);
  }
  return [];
}

/** True when some member (see `members`) of `collection` is exactly `value`. */
export function hasMember(collection: unknown, value: string): boolean {
  return members(collection).some((member) => member === value);
}

/**
 * `object[key]` when `object` is a JSON object, else undefined. For fixed field names only: a key
 * from the parameters may name an inherited property (`constructor`), use `ownField` for those.
 */
export function field(object: unknown, key: string): unknown {
  return isObject(object) ? object[key] : undefined;
}

/** Integers are exact (and print alike) in JavaScript and Rego up to 2^53 - 1. */
const MAX_SAFE_INTEGER = 9007199254740991;

/** True for an integer that JavaScript, Rego and CEL print alike (CEL raises an error beyond 2^53). */
export function isPrintableInteger(value: number): boolean {
  // `%` of a fraction is undefined in Rego and a fraction in JavaScript: neither equals 0.
  return value % 1 === 0 && value <= MAX_SAFE_INTEGER && value >= -MAX_SAFE_INTEGER;
}

/**
 * A value as Rego's `sprintf("%v")` prints it, for strings, integers up to 2^53, booleans and
 * null; a placeholder for other numbers, arrays and objects (which JavaScript and Rego print
 * differently).
 */
export function printed(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "boolean") {
    return `${value}`;
  }
  if (typeof value === "number") {
    return isPrintableInteger(value) ? `${value}` : "<number>";
  }
  if (value === null) {
    return "null";
  }
  if (Array.isArray(value)) {
    return "<array>";
  }
  return "<object>";
}

/** A set element as Rego prints it inside a set: strings quoted, other scalars bare. */
export function quoted(value: unknown): string {
  if (typeof value === "string") {
    return `"${value}"`;
  }
  return printed(value);
}

/**
 * `object[key]` for an own key of a JSON object, else undefined. Unlike `object[key]` in
 * JavaScript, a key such as `constructor` or `toString` never finds an inherited property.
 */
export function ownField(object: unknown, key: string): unknown {
  if (isObject(object) && Object.keys(object).includes(key)) {
    return object[key];
  }
  return undefined;
}
