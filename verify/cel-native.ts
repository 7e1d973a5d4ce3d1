// The TypeScript side of the CEL comparison: the predicate with each yield instrumented to say its
// line (verify/cel.ts instrumentYields), and inputs as Kubernetes decodes them.
import type { Predicate } from "../compiler/policies.js";
import { importTypeScriptSource } from "../compiler/typescript-loader.js";
import { instrumentYields } from "./cel.js";
import { admissionReview, type RequestSpec } from "./review.js";

/**
 * The predicate of `definition` with each yield giving `{ line, message }`. The instrumented text
 * is imported in memory as though it were the definition's (its imports resolve as the
 * original's); nothing is written beside it, which may be inside the installed gkc package.
 */
export async function instrumentedPredicate(definition: string): Promise<Predicate> {
  const module = await importTypeScriptSource(definition, instrumentYields(definition));
  const predicate = module["violations"];
  if (typeof predicate !== "function") throw new Error(`the instrumented copy of ${definition} exports no violations function`);
  return predicate as Predicate;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value as Gatekeeper's Go code holds it after JSON: undefined members dropped, -0 as 0, and
 * lone UTF-16 surrogates (which Go's decoder replaces) as U+FFFD. Both sides of the CEL
 * comparison get this value.
 */
export function asGoJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  if (text === undefined) return undefined;
  const fix = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(LONE_SURROGATE, "\uFFFD");
    if (Array.isArray(v)) return v.map(fix);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(LONE_SURROGATE, "\uFFFD"), fix(x)]));
    return v;
  };
  return fix(JSON.parse(text));
}

/**
 * Why unstructured.Unstructured cannot decode `object`, or undefined: its kind must be a non-empty
 * string, and an apiVersion that is a string must parse (schema.ParseGroupVersion: at most one
 * slash, or "/"), else the kind reads as empty too.
 */
function undecodable(object: unknown): string | undefined {
  if (!isRecord(object)) return "is not a JSON object";
  const kind = object["kind"];
  if (typeof kind !== "string" || kind === "") return "has no kind";
  const apiVersion = object["apiVersion"];
  if (typeof apiVersion === "string" && apiVersion !== "/" && apiVersion.split("/").length > 2) return "has an apiVersion with two slashes";
  return undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The AdmissionRequest the API server sends for gkc's review of `object` under `request`, or why
 * it never sends one like it. On DELETE it sends the deleted object as `oldObject` and no `object`
 * (Gatekeeper copies it back for the Rego, and its CEL reads it as `variables.anyObject`), so a
 * DELETE whose oldObject is another object has no counterpart. It decodes only objects with a kind.
 */
export function kubernetesRequest(object: unknown, request: RequestSpec | undefined): { readonly request: Record<string, unknown> } | { readonly never: string } {
  const objectProblem = undecodable(object);
  if (objectProblem) return { never: `the object ${objectProblem}` };
  const review = admissionReview(object, request);
  if (review["operation"] === "DELETE") {
    const old = review["oldObject"];
    if (old !== undefined && old !== null && !sameJson(old, object)) return { never: "a DELETE whose oldObject is not its object" };
    delete review["object"];
    review["oldObject"] = object;
    return { request: review };
  }
  const old = review["oldObject"];
  if (old === null) delete review["oldObject"];
  else if (old !== undefined) {
    const oldProblem = undecodable(old);
    if (oldProblem) return { never: `the oldObject ${oldProblem}` };
  }
  return { request: review };
}
