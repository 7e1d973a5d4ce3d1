// What the parameters' schema proves about the values read from them, for every backend.
// Gatekeeper validates every Constraint against its template's schema before any engine sees it
// (the API server checks the constraint CRD's structural schema; gator and Gatekeeper's client
// refuse a constraint that fails it, and the standalone policies' parameter CRD carries the same
// schema), so a parameter value is of its schema's type, a property an object's schema requires
// is present, and nothing is null (gkc's schemas are never nullable). The parameters themselves
// may be absent (a Constraint without them is `{}`), so a top-level property may always be
// undefined. The object under review and the request stay untrusted JSON.
import type { JsonSchema } from "./schema.js";

/** The shape of each element of a list of `shape`, if it is one. */
export function elementShape(shape: JsonSchema | undefined): JsonSchema | undefined {
  return shape?.type === "array" ? shape.items : undefined;
}

/**
 * The member `key` of an object of `shape`: its shape, and whether it is surely present (required
 * by a schema below the top level, whose object Gatekeeper validated as given). Undefined where
 * the schema says nothing of the key.
 */
export function memberShape(shape: JsonSchema, key: string, topLevel: boolean): { readonly shape: JsonSchema; readonly present: boolean } | undefined {
  if (shape.type !== "object") return undefined;
  const declared = shape.properties && Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined;
  if (declared) return { shape: declared, present: !topLevel && (shape.required ?? []).includes(key) };
  if (shape.additionalProperties) return { shape: shape.additionalProperties, present: false };
  return undefined;
}
