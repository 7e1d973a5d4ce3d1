// Helpers shared by the gatekeeper-library-compatible "general" policies (replica limits,
// autoscalers, disruption budgets, storage classes, unique hosts and selectors), compiled into
// each policy's Rego like same-file helpers. They reproduce the parts of Rego's own semantics
// that the library's templates rely on, such as the way `sprintf("%v")` prints a value. (Rego's
// equality and order across JSON types are gkc/sdk's regoEquals, regoLess and kin.)
import { isObject } from "gkc/sdk";

/**
 * A value as the library's `sprintf("%v")` prints it: strings as they are, numbers, booleans
 * and null as JSON, empty arrays and objects as `[]` and `{}`. Other arrays and objects print as
 * `[...]` and `{...}` (Rego would print their contents).
 */
export function regoText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return `${value}`;
  if (value === true) return "true";
  if (value === false) return "false";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "[]" : "[...]";
  return isObject(value) && Object.keys(value).length === 0 ? "{}" : "{...}";
}

/** The elements Rego's `x[_]` iterates: an array's elements or an object's values; nothing for other values. */
export function members(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isObject(value)) return Object.values(value);
  return [];
}

/** A field of a value when it is an object, else undefined (Rego's `x.key` on anything). */
export function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/**
 * One replica range as `sprintf("%v")` prints the object: `{"max_replicas": 6, "min_replicas": 3}`
 * (keys sorted, absent keys left out).
 */
export function rangeText(range: unknown): string {
  const max = field(range, "max_replicas");
  const min = field(range, "min_replicas");
  // Both bounds, as ranges have them: one template.
  if (typeof max === "number" && typeof min === "number") {
    return `{"max_replicas": ${max}, "min_replicas": ${min}}`;
  }
  const maxText = max === undefined ? "" : `"max_replicas": ${regoText(max)}`;
  const minText = min === undefined ? "" : `"min_replicas": ${regoText(min)}`;
  const separator = max !== undefined && min !== undefined ? ", " : "";
  return `{${maxText}${separator}${minText}}`;
}

/** The `ranges` parameter as `sprintf("%v")` prints it: `[{...}, {...}]`. */
export function rangesText(ranges: unknown): string {
  if (!Array.isArray(ranges)) return regoText(ranges);
  return `[${ranges.map((range) => rangeText(range)).join(", ")}]`;
}

/** A list of names as the library's `concat(", ", names)` joins them. */
export function joinNames(names: string[]): string {
  return names.join(", ");
}
