// Runtime type guards. Admission input is untrusted JSON: a field typed `string[]` may hold
// a number or null. Policies narrow with these before iterating or indexing.

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value itself when it is an array, otherwise an empty array. */
export function asArray<T>(value: readonly T[] | null | undefined): T[];
export function asArray(value: unknown): unknown[];
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
