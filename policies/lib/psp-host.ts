// Helpers shared by the gatekeeper-library-compatible pod-security-policy templates of group psp1
// (host namespaces, ports, paths, probes, sysctls, fsGroup, capabilities, AppArmor, flexVolumes,
// privilege escalation). They reproduce how the library's Rego reads untrusted JSON, so that the
// TypeScript predicates give the library's verdicts on any input:
// - `x[_]` iterates the elements of an array and the values of an object (nothing else);
// - `a.b` is undefined unless `a` is an object;
// - a body expression `x` holds when `x` is defined and not `false` (0, "", null hold);
// - `<`/`>` compare across types in the order null < booleans < numbers < strings < arrays < objects.
import { isObject, trimCharacters } from "gkc/sdk";

/** The library's `value[_]`: the elements of an array, the values of an object, otherwise nothing. */
export function elements(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (isObject(value)) {
    return Object.values(value);
  }
  return [];
}

/** The library's `value.key`: undefined unless `value` is an object. */
export function field(value: unknown, key: string): unknown {
  if (isObject(value)) {
    return value[key];
  }
  return undefined;
}

/** Rego truthiness of a body expression (and of `has_field`): defined and not `false`. */
export function holds(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/** `spec.containers`, `spec.initContainers` and `spec.ephemeralContainers` of the object itself (not of pod controllers). */
export function specContainers(object: unknown): unknown[][] {
  const spec = field(object, "spec");
  return [elements(field(spec, "containers")), elements(field(spec, "initContainers")), elements(field(spec, "ephemeralContainers"))];
}

/** Rego's `value < bound` for a number bound: numbers compare, null and booleans sort below every number. */
export function sortsBelow(value: unknown, bound: number): boolean {
  if (typeof value === "number") {
    return value < bound;
  }
  return value === null || typeof value === "boolean";
}

/** Rego's `value > bound` for a number bound: numbers compare, strings, arrays and objects sort above every number. */
export function sortsAbove(value: unknown, bound: number): boolean {
  if (typeof value === "number") {
    return value > bound;
  }
  return typeof value === "string" || (value !== null && typeof value === "object");
}

/** Equality of two defined JSON scalars (strings, numbers, booleans, null), as Rego's `==` on them. */
export function sameScalar(left: unknown, right: unknown): boolean {
  if (left === null) {
    return right === null;
  }
  return (typeof left === "string" || typeof left === "number" || typeof left === "boolean") && left === right;
}

/** A value as a message shows it: strings as they are, integers, booleans and null printed, other values abbreviated. */
export function shown(value: unknown): string {
  if (typeof value === "string") {
    return value;
  }
  if (typeof value === "number") {
    // Integers print alike in both engines; fractions and huge numbers do not (README, Semantics 6).
    return value % 1 === 0 && value < 1e15 && value > -1e15 ? `${value}` : "<number>";
  }
  if (typeof value === "boolean" || value === null) {
    return `${value}`;
  }
  if (Array.isArray(value)) {
    return "[...]";
  }
  if (isObject(value)) {
    return "{...}";
  }
  return "undefined";
}

/** A string list as the library's messages print it: `["a", "b"]` (non-strings abbreviated). */
export function listText(values: unknown): string {
  if (!Array.isArray(values)) {
    return shown(values);
  }
  return `[${values.map((value) => (typeof value === "string" ? `"${value}"` : shown(value)))}]`;
}

/**
 * The library's `path_matches(prefix, path)` for host paths: both split into segments after
 * trimming slashes (`/` alone has no segments), the prefix's segments must begin the path's. So
 * `/foo` matches `/foo`, `/foo/` and `/foo/bar` but not `/fool`; non-strings never match.
 */
export function pathMatches(prefix: unknown, path: unknown): boolean {
  if (typeof prefix !== "string" || typeof path !== "string") {
    return false;
  }
  if (prefix === "/") {
    return true;
  }
  if (path === "/") {
    return false;
  }
  // The library's trim(path, "/"): without leading and trailing slashes.
  const trimmedPrefix = trimCharacters(prefix, "/");
  const trimmedPath = trimCharacters(path, "/");
  // Segment-wise prefix of segments joined by "/": equal, or followed by a "/".
  return trimmedPath === trimmedPrefix || trimmedPath.startsWith(`${trimmedPrefix}/`);
}
