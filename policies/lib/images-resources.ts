// Helpers shared by the gatekeeper-library-compatible image and resource policies (the library's
// general/allowedrepos, disallowedtags, containerrequests, requiredprobes ...), with the
// library's own reading paths and printing, compiled into each policy's Rego.
import { compareQuantities, isObject, parseQuantity, regexMatches } from "gkc/sdk";
import { isPrintableInteger } from "./general.js";
import { isExemptImage } from "./library.js";

/**
 * The members of a container list as the library's `spec.containers[_]` sees them: the
 * elements of an array, the values of an object, nothing otherwise.
 */
export function members(list: unknown): unknown[] {
  if (Array.isArray(list)) return list;
  if (isObject(list)) return Object.values(list);
  return [];
}

/** `value[key]` when `value` is an object, else undefined (Rego's `value.key` on anything). */
export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** Rego's `not x`: true when `x` is undefined or `false` (null, 0, "" and {} are truthy in Rego). */
export function regoFalsy(value: unknown): boolean {
  return value === undefined || value === false;
}

/**
 * A scalar as the library's `sprintf("%v")` prints it; arrays and objects as `[...]`/`{...}`, and
 * as `<number>` the numbers that JavaScript, Rego and CEL print differently: integers beyond 2^53,
 * fractions from 1e6 up or below 1e-6 (README, Semantics, rules 6 and 21).
 */
export function shown(value: unknown): string {
  // Strings first: names and images are strings, and the Rego tries the branches in this order.
  if (typeof value === "string") return value;
  if (typeof value === "number") {
    const magnitude = value < 0 ? -value : value;
    return isPrintableInteger(value) || (magnitude >= 1e-6 && magnitude < 1e6) ? `${value}` : "<number>";
  }
  if (typeof value === "boolean" || value === null) {
    return `${value}`;
  }
  if (Array.isArray(value)) return "[...]";
  return "{...}";
}

/**
 * A list as the library's `sprintf("%v")` prints it: `["a"]` (elements quoted; several elements
 * are joined by `,` where the library writes `, `).
 */
export function shownList(value: unknown): string {
  if (!Array.isArray(value)) return shown(value);
  return `[${value.map((element) => (typeof element === "string" ? `"${element}"` : shown(element)))}]`;
}

/** The library's three container lists, each with the word its messages use. */
export const CONTAINER_FIELDS: readonly { key: string; label: string }[] = [
  { key: "containers", label: "container" },
  { key: "initContainers", label: "initContainer" },
  { key: "ephemeralContainers", label: "ephemeralContainer" },
];

/**
 * The library's `is_exempt(container)` over `parameters.exemptImages` (an array, or an object's
 * values): an entry ending in `*` exempts images starting with the rest, any other must equal it.
 */
export function isExempt(container: unknown, exemptImages: unknown): boolean {
  return isExemptImage(field(container, "image"), members(exemptImages));
}

/**
 * The library's `value[key]` as a condition: true when `value` has `key` (an object's string key,
 * an array's index) set to anything but `false`.
 */
export function regoHas(value: unknown, key: unknown): boolean {
  if (typeof key === "string") {
    const member = field(value, key);
    return member !== undefined && member !== false;
  }
  if (typeof key === "number" && Array.isArray(value)) {
    const element: unknown = value[key];
    return element !== undefined && element !== false;
  }
  return false;
}

/** The library's cpu grammar (`canonify_cpu`): whole or decimal cores, or millicores with `m`. */
const CPU_PATTERN = "^[0-9]+(\\.[0-9]+)?m?$";
/** The library's memory/storage grammar (`canonify_mem`): a decimal number and one suffix. */
const BYTES_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|[EPTGMkm])?$";

/** The library can read this cpu value (`canonify_cpu` is defined): any number or a string of its grammar. */
export function readsCpu(value: unknown): boolean {
  return typeof value === "number" || (typeof value === "string" && regexMatches(CPU_PATTERN, value));
}

/** The library can read this memory or ephemeral-storage value (`canonify_mem`/`canonify_storage`). */
export function readsBytes(value: unknown): boolean {
  return typeof value === "number" || (typeof value === "string" && regexMatches(BYTES_PATTERN, value));
}

/**
 * The library's `value > maximum` for two values it can read, compared exactly with the SDK. A
 * value the SDK cannot hold (magnitude 1e18 or more, e.g. `2E`, `1Ei`) is above every maximum it
 * can hold when positive and below it when negative; two such values are compared as numbers, or
 * not at all when either is a string.
 */
export function exceeds(value: unknown, maximum: unknown): boolean {
  const quantity = parseQuantity(value);
  const max = parseQuantity(maximum);
  if (quantity !== undefined && max !== undefined) return compareQuantities(quantity, max) > 0;
  if (quantity === undefined && max !== undefined) return typeof value === "number" ? value > 0 : true;
  if (quantity !== undefined && max === undefined) return typeof maximum === "number" && maximum < 0;
  return typeof value === "number" && typeof maximum === "number" && value > maximum;
}

/** The library's `missing(obj, field)`: `obj` is given and its `field` is absent, false or "". */
export function missingField(value: unknown, key: string): boolean {
  if (value === undefined) return false;
  const member = field(value, key);
  return member === undefined || member === false || member === "";
}
