// Which member chains of a rule body may be read with Rego's own references instead of gkc_get.
//
// gkc_get is total: a missing member is set(), the compiled `undefined`. A Rego reference
// (`container.securityContext.privileged`) is undefined instead, and an undefined term makes the
// expression that holds it fail — inside `not f(ref)` too, as OPA moves the reference out of the
// negation. So a chain may be a reference exactly where its being undefined makes the whole body
// fail anyway: some step of the path is false (or, negated, true) when the chain is undefined.
// That is decided here by evaluating the path abstractly with the chain set to undefined.
import type { Binding, Expr } from "../../ir.js";
import { children } from "../../ir-tools.js";
import type { HelperForm } from "../../optimize/inline-helpers.js";

/** The policy's helpers as expressions, so a call can be evaluated abstractly too. */
export type HelperForms = ReadonlyMap<string, HelperForm>;

export type Step =
  | { readonly kind: "bind"; readonly name: string; readonly value: Expr }
  | { readonly kind: "test"; readonly value: Expr; readonly negated: boolean; readonly implied?: boolean }
  | { readonly kind: "iterate"; readonly binding: Binding; readonly iterable: Expr };

/** An abstract value: definitely undefined, a known JSON constant, or unknown. */
type Abstract = { readonly undef: true } | { readonly value: unknown } | undefined;

const UNDEF: Abstract = { undef: true };
const constant = (value: unknown): Abstract => ({ value });

function isUndef(a: Abstract): boolean {
  return a !== undefined && "undef" in a;
}

function valueOf(a: Abstract): { value: unknown } | undefined {
  return a !== undefined && "value" in a ? a : undefined;
}

/** JavaScript truthiness, when known. */
function truth(a: Abstract): boolean | undefined {
  if (a === undefined) return undefined;
  if ("undef" in a) return false;
  return Boolean(a.value);
}

/** A canonical text for a member chain rooted at a local or an input; undefined for anything else. */
export function chainKey(expr: Expr): string | undefined {
  if (expr.kind === "local") return `$${expr.name}`;
  if (expr.kind === "input") return `@${expr.field}`;
  if (expr.kind !== "member" || expr.key.kind !== "literal" || typeof expr.key.value !== "string") return undefined;
  const base = chainKey(expr.object);
  return base === undefined ? undefined : `${base}.${JSON.stringify(expr.key.value)}`;
}

/** Every member chain (with a string-literal key) in `expr`, outside array-method lambdas. */
function chainsIn(expr: Expr, found: Map<string, Expr>): void {
  const key = expr.kind === "member" ? chainKey(expr) : undefined;
  if (key !== undefined) found.set(key, expr);
  // The lambda body runs per element inside a comprehension: only the array is on the path.
  if (expr.kind === "arrayMethod") chainsIn(expr.array, found);
  else for (const child of children(expr)) chainsIn(child, found);
}

/** The keys of the member chains the path may read with references. */
export function strictChains(path: readonly Step[], result: Expr | undefined, helpers: HelperForms = new Map()): ReadonlySet<string> {
  const candidates = new Map<string, Expr>();
  for (const step of path) chainsIn(step.kind === "iterate" ? step.iterable : step.value, candidates);
  if (result !== undefined) chainsIn(result, candidates);
  const strict = new Set<string>();
  for (const key of candidates.keys()) if (failsWhenUndefined(path, key, helpers)) strict.add(key);
  return strict;
}

/** True when some step of `path` fails whenever the local `name` is undefined. */
export function failsWithoutLocal(path: readonly Step[], name: string, helpers: HelperForms = new Map()): boolean {
  return failsWhenUndefined(path, `$${name}`, helpers);
}

/** True when some step of `path` fails whenever the chain `key` is undefined. */
function failsWhenUndefined(path: readonly Step[], key: string, helpers: HelperForms): boolean {
  const env = new Map<string, Abstract>();
  const evaluate = (expr: Expr, k: string, e: ReadonlyMap<string, Abstract>) => evaluateIn(expr, k, e, helpers, 0);
  const testFails = (test: Expr, negated: boolean, k: string, e: ReadonlyMap<string, Abstract>): boolean => testFailsIn(test, negated, k, e, helpers);
  for (const step of path) {
    switch (step.kind) {
      case "bind":
        env.set(step.name, evaluate(step.value, key, env));
        break;
      case "test":
        if (testFails(step.value, step.negated, key, env)) return true;
        break;
      case "iterate": {
        const iterable = evaluate(step.iterable, key, env);
        const known = valueOf(iterable);
        // Iteration goes over gkc_arr(x): nothing unless x is an array.
        if (isUndef(iterable) || (known && (!Array.isArray(known.value) || known.value.length === 0))) return true;
        if (step.binding.kind === "name") env.delete(step.binding.name);
        else {
          if (step.binding.key !== undefined) env.delete(step.binding.key);
          if (step.binding.value !== undefined) env.delete(step.binding.value);
        }
        break;
      }
    }
  }
  return false;
}

/** True when the test (negated: its negation) is false where the chain `key` is undefined. */
function testFailsIn(test: Expr, negated: boolean, key: string, env: ReadonlyMap<string, Abstract>, helpers: HelperForms): boolean {
  const fails = (t: Expr, n: boolean) => testFailsIn(t, n, key, env, helpers);
  // The conjunctions a test step is emitted as (expressions.ts emitTest): one false part fails it.
  if (test.kind === "op" && test.op === "not" && test.args[0]) return fails(test.args[0], !negated);
  if (test.kind === "and" && !negated) return fails(test.left, false) || fails(test.right, false);
  if (test.kind === "or" && negated) return fails(test.left, true) || fails(test.right, true);
  const t = truth(evaluateIn(test, key, env, helpers, 0));
  return t !== undefined && t === negated;
}

/** Helper calls evaluated abstractly through at most this many nested helpers. */
const HELPER_DEPTH = 6;

/** Runtime functions that are false on an undefined argument (each argument position). */
const FALSE_ON_UNDEFINED_OPS = new Set([
  "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual", "stringStartsWith", "stringEndsWith", "stringIncludes",
]);
const UNDEFINED_ON_UNDEFINED_OPS = new Set([
  "add", "subtract", "multiply", "divide", "remainder", "negate", "length", "stringLower", "stringUpper", "stringTrim", "stringSplit",
  "arrayJoin",
]);
const FALSE_ON_UNDEFINED_SDK = new Set(["isObject", "regexMatches", "isValidRegex", "matchesWildcard", "scalarEquals", "regoEquals"]);

/** The abstract value of `expr` where the chain `key` is undefined. */
function evaluateIn(expr: Expr, key: string, env: ReadonlyMap<string, Abstract>, helpers: HelperForms, depth: number): Abstract {
  if (chainKey(expr) === key) return UNDEF;
  const sub = (e: Expr) => evaluateIn(e, key, env, helpers, depth);
  switch (expr.kind) {
    case "literal":
      return constant(expr.value);
    case "undefined":
      return UNDEF;
    case "local":
      return env.get(expr.name);
    case "member": {
      const object = sub(expr.object);
      if (isUndef(object)) return UNDEF;
      const known = valueOf(object);
      // A string key reads only objects' members: any other constant gives undefined.
      if (known && expr.key.kind === "literal" && typeof expr.key.value === "string" && (known.value === null || typeof known.value !== "object")) return UNDEF;
      return undefined;
    }
    case "op": {
      const args = expr.args.map(sub);
      const anyUndef = args.some(isUndef);
      switch (expr.op) {
        case "not": {
          const t = truth(args[0]);
          return t === undefined ? undefined : constant(!t);
        }
        case "typeIs": {
          const type = expr.args[1]?.kind === "literal" ? expr.args[1].value : undefined;
          if (isUndef(args[0])) return constant(type === "undefined");
          return undefined;
        }
        case "isArray":
          return isUndef(args[0]) ? constant(false) : undefined;
        case "isNullish":
          if (isUndef(args[0])) return constant(true);
          return valueOf(args[0]) ? constant(valueOf(args[0])!.value === null) : undefined;
        case "strictEquals": {
          const [a, b] = args;
          if (isUndef(a) && isUndef(b)) return constant(true);
          if ((isUndef(a) && valueOf(b)) || (isUndef(b) && valueOf(a))) return constant(false);
          return undefined;
        }
        case "arrayIncludes":
          return isUndef(args[0]) ? constant(false) : undefined;
        case "toString":
          return isUndef(args[0]) ? constant("undefined") : undefined;
        case "objectKeys":
        case "objectValues":
        case "objectEntries":
          return isUndef(args[0]) ? constant([]) : undefined;
        default:
          if (FALSE_ON_UNDEFINED_OPS.has(expr.op) && anyUndef) return constant(false);
          if (UNDEFINED_ON_UNDEFINED_OPS.has(expr.op) && anyUndef) return UNDEF;
          return undefined;
      }
    }
    case "and": {
      const left = sub(expr.left);
      const t = truth(left);
      return t === undefined ? undefined : t ? sub(expr.right) : left;
    }
    case "or": {
      const left = sub(expr.left);
      const t = truth(left);
      return t === undefined ? undefined : t ? left : sub(expr.right);
    }
    case "coalesce": {
      const left = sub(expr.left);
      if (isUndef(left) || (valueOf(left) && valueOf(left)!.value === null)) return sub(expr.right);
      return valueOf(left) ? left : undefined;
    }
    case "conditional": {
      const t = truth(sub(expr.test));
      return t === undefined ? undefined : t ? sub(expr.then) : sub(expr.otherwise);
    }
    case "sdkCall": {
      const args = expr.args.map(sub);
      if (FALSE_ON_UNDEFINED_SDK.has(expr.name) && args.some(isUndef)) return constant(false);
      // sdk/order.ts: undefined ranks last, so it is never less (a defined value is less than it).
      if ((expr.name === "regoLess" || expr.name === "regoLessOrEqual") && isUndef(args[0])) return constant(false);
      if (expr.name === "asArray" && isUndef(args[0])) return constant([]);
      if (expr.name === "parseQuantity" && isUndef(args[0])) return UNDEF;
      if (expr.name === "trimCharacters" && args.some(isUndef)) return UNDEF;
      return undefined;
    }
    case "helperCall": {
      // The helper's own expression, with its parameters bound to the arguments' abstract values.
      const form = helpers.get(expr.name);
      if (!form || depth >= HELPER_DEPTH) return undefined;
      const args = expr.args.map(sub);
      if (args.every((a) => a === undefined)) return undefined;
      const inner = new Map<string, Abstract>(form.params.map((param, i) => [param, i < args.length ? args[i] : UNDEF]));
      // No chain of the caller is named inside the helper: only its parameters carry the undefined.
      return evaluateIn(form.body, "", inner, helpers, depth + 1);
    }
    case "array": {
      const items = expr.items.map(sub);
      return items.every((i) => valueOf(i) !== undefined) ? constant(items.map((i) => valueOf(i)!.value)) : undefined;
    }
    case "arrayMethod": {
      const array = sub(expr.array);
      const known = valueOf(array);
      const empty = isUndef(array) || (known !== undefined && (!Array.isArray(known.value) || known.value.length === 0));
      if (!empty) return undefined;
      switch (expr.method) {
        case "some":
          return constant(false);
        case "every":
          return constant(true);
        case "find":
          return UNDEF;
        default:
          return constant([]);
      }
    }
    default:
      return undefined;
  }
}
