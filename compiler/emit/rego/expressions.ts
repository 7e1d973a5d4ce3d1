// IR expressions → Rego terms. Every term this produces is total (see runtime.ts).
import type { Expr, Operation } from "../../ir.js";
import { RUNTIME } from "./runtime.js";
import type { RegoFunction } from "./sdk-functions.js";

/** Names a compiled policy must not use for its own variables and functions. */
export const REGO_RESERVED_NAMES: ReadonlySet<string> = new Set([
  "as", "contains", "data", "default", "else", "every", "false", "if", "import", "in", "input", "not",
  "null", "package", "some", "true", "with", "count", "concat", "object", "array", "sum", "max", "min",
  "sort", "lower", "upper", "split", "trim", "startswith", "endswith", "format_int", "to_number", "equal",
  "abs", "floor", "ceil", "round", "is_string", "is_number", "is_array", "is_object", "is_null",
  "is_boolean", "regex", "strings", "set", "union", "intersection", "replace", "substring", "indexof",
  "sprintf", "time", "json", "yaml", "units", "glob", "net", "http", "crypto", "io", "print", "lt", "gt",
  "lte", "gte", "plus", "minus", "mul", "div", "rem", "and", "or", "neq", "numbers", "type_name",
  "violation", "msg", "result", "rego", "future", "walk", "all", "any", "product", "object_get", "base64",
  "urlquery", "semver", "uuid", "graph", "opa", "trace", "bits", "graphql", "providers", "external_data",
]);

/** Tracks the runtime and SDK functions a module uses, and renders names safely. */
export class EmitScope {
  readonly used = new Set<string>();
  constructor(private readonly sdk: Readonly<Record<string, RegoFunction>>) {}

  call(name: string, ...args: string[]): string {
    if (!RUNTIME[name]) throw new Error(`internal: unknown runtime function ${name}`);
    this.used.add(name);
    return `${name}(${args.join(", ")})`;
  }

  constant(name: string): string {
    this.used.add(name);
    return name;
  }

  sdkFunction(name: string): string {
    const target = name === "isObject" ? RUNTIME["gkc_is_object"] : name === "asArray" ? RUNTIME["gkc_arr"] : this.sdk[name];
    if (!target) throw new Error(`SDK function '${name}' has no Rego counterpart`);
    this.used.add(target.name);
    return target.name;
  }

  /** IR names are already safe (lowering avoids REGO_RESERVED_NAMES); this only checks it. */
  static local(name: string): string {
    if (name.startsWith("gkc_") || name === "msg" || name === "result") throw new Error(`internal: unsafe Rego name ${name}`);
    return name;
  }
}

const OPERATION_FUNCTIONS: Partial<Record<Operation, string>> = {
  lessThan: "gkc_lt",
  lessOrEqual: "gkc_lte",
  greaterThan: "gkc_gt",
  greaterOrEqual: "gkc_gte",
  add: "gkc_add",
  concat: "gkc_concat",
  subtract: "gkc_subtract",
  multiply: "gkc_multiply",
  divide: "gkc_divide",
  remainder: "gkc_remainder",
  negate: "gkc_negate",
  not: "gkc_not",
  isNullish: "gkc_nullish",
  length: "gkc_len",
  toString: "gkc_str",
  stringStartsWith: "gkc_starts_with",
  stringEndsWith: "gkc_ends_with",
  stringIncludes: "gkc_str_includes",
  stringLower: "gkc_lower",
  stringUpper: "gkc_upper",
  stringSplit: "gkc_split",
  stringTrim: "gkc_trim",
  arrayIncludes: "gkc_includes",
  objectKeys: "gkc_keys",
  objectValues: "gkc_values",
  objectEntries: "gkc_entries",
};

function literal(value: string | number | boolean | null): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("internal: non-finite literal");
    return String(value);
  }
  return JSON.stringify(value);
}

export function emitExpr(expr: Expr, scope: EmitScope): string {
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "undefined":
      return "set()";
    case "local":
      return EmitScope.local(expr.name);
    case "input":
      return scope.constant(`gkc_input_${expr.field}`);
    case "member":
      return scope.call("gkc_get", emitExpr(expr.object, scope), emitExpr(expr.key, scope));
    case "op":
      return emitOperation(expr.op, expr.args, scope);
    case "and":
      return scope.call("gkc_and", emitExpr(expr.left, scope), emitExpr(expr.right, scope));
    case "or":
      return scope.call("gkc_or", emitExpr(expr.left, scope), emitExpr(expr.right, scope));
    case "coalesce":
      return scope.call("gkc_coalesce", emitExpr(expr.left, scope), emitExpr(expr.right, scope));
    case "conditional":
      return scope.call("gkc_if", emitExpr(expr.test, scope), emitExpr(expr.then, scope), emitExpr(expr.otherwise, scope));
    case "template":
      return `concat("", [${expr.parts.map((p) => emitExpr(p, scope)).join(", ")}])`;
    case "array":
      return `[${expr.items.map((i) => emitExpr(i, scope)).join(", ")}]`;
    case "object":
      return expr.entries.length === 0 ? "{}" : `{${expr.entries.map(([k, v]) => `${JSON.stringify(k)}: ${emitExpr(v, scope)}`).join(", ")}}`;
    case "sdkCall":
      return `${scope.sdkFunction(expr.name)}(${expr.args.map((a) => emitExpr(a, scope)).join(", ")})`;
    case "helperCall":
      return `${EmitScope.local(expr.name)}(${expr.args.map((a) => emitExpr(a, scope)).join(", ")})`;
    case "arrayMethod":
      return emitArrayMethod(expr, scope);
  }
}

function emitOperation(operation: Operation, args: readonly Expr[], scope: EmitScope): string {
  const rendered = args.map((a) => emitExpr(a, scope));
  switch (operation) {
    case "strictEquals": {
      const [left, right] = args;
      const primitiveLiteral = (e: Expr | undefined) => e?.kind === "literal" || e?.kind === "undefined";
      // Infix `==` is what opa fmt prints; an operand that is itself infix would need parentheses.
      const infixOperand = (e: Expr | undefined) => e?.kind === "op" && (e.op === "strictEquals" || e.op === "typeIs");
      return (primitiveLiteral(left) || primitiveLiteral(right)) && !infixOperand(left) && !infixOperand(right)
        ? `${rendered[0]} == ${rendered[1]}`
        : scope.call("gkc_strict_equal", ...rendered);
    }
    case "typeIs": {
      const type = args[1]?.kind === "literal" ? args[1].value : undefined;
      const value = rendered[0] ?? "set()";
      switch (type) {
        case "string":
          return `is_string(${value})`;
        case "number":
          return `is_number(${value})`;
        case "boolean":
          return `is_boolean(${value})`;
        case "object":
          return scope.call("gkc_typeof_object", value);
        case "undefined":
          return scope.call("gkc_is_undefined", value);
        default:
          throw new Error(`internal: typeof ${String(type)}`);
      }
    }
    case "isArray":
      return `is_array(${rendered[0]})`;
    default: {
      const name = OPERATION_FUNCTIONS[operation];
      if (!name) throw new Error(`internal: no Rego for ${operation}`);
      return scope.call(name, ...rendered);
    }
  }
}

/** True when `expr` reads the local `name` (lambda parameters unused in a body become `_`). */
export function readsLocal(expr: Expr, name: string): boolean {
  switch (expr.kind) {
    case "local":
      return expr.name === name;
    case "literal":
    case "undefined":
    case "input":
      return false;
    case "member":
      return readsLocal(expr.object, name) || readsLocal(expr.key, name);
    case "op":
    case "sdkCall":
    case "helperCall":
      return expr.args.some((a) => readsLocal(a, name));
    case "and":
    case "or":
    case "coalesce":
      return readsLocal(expr.left, name) || readsLocal(expr.right, name);
    case "conditional":
      return readsLocal(expr.test, name) || readsLocal(expr.then, name) || readsLocal(expr.otherwise, name);
    case "template":
      return expr.parts.some((p) => readsLocal(p, name));
    case "array":
      return expr.items.some((i) => readsLocal(i, name));
    case "object":
      return expr.entries.some(([, v]) => readsLocal(v, name));
    case "arrayMethod":
      return readsLocal(expr.array, name) || readsLocal(expr.body, name);
  }
}

function emitArrayMethod(expr: Extract<Expr, { kind: "arrayMethod" }>, scope: EmitScope): string {
  const array = scope.call("gkc_arr", emitExpr(expr.array, scope));
  const bodyUsesParam = readsLocal(expr.body, expr.param);
  const param = EmitScope.local(expr.param);
  const body = emitExpr(expr.body, scope);
  const test = (negated: boolean) => `${negated ? "not " : ""}${scope.call("gkc_truthy", body)}`;
  switch (expr.method) {
    case "some":
      return scope.call("gkc_nonempty", `[${param} | some ${param} in ${array}; ${test(false)}]`);
    case "every":
      return scope.call("gkc_empty", `[${param} | some ${param} in ${array}; ${test(true)}]`);
    case "filter":
      return `[${param} | some ${param} in ${array}; ${test(false)}]`;
    case "find":
      return scope.call("gkc_first", `[${param} | some ${param} in ${array}; ${test(false)}]`);
    case "map":
      return `[${body} | some ${bodyUsesParam ? param : "_"} in ${array}]`;
  }
}

/** A Rego expression that succeeds exactly when the IR value is truthy (negated: falsy). */
export function emitTest(expr: Expr, negated: boolean, scope: EmitScope): string[] {
  if (expr.kind === "op" && expr.op === "not" && expr.args[0]) return emitTest(expr.args[0], !negated, scope);
  if (expr.kind === "and" && !negated) return [...emitTest(expr.left, false, scope), ...emitTest(expr.right, false, scope)];
  if (expr.kind === "or" && negated) return [...emitTest(expr.left, true, scope), ...emitTest(expr.right, true, scope)];
  const term = isBooleanValued(expr) ? emitExpr(expr, scope) : scope.call("gkc_truthy", emitExpr(expr, scope));
  return [negated ? `not ${term}` : term];
}

/** IR expressions that always evaluate to true or false. */
function isBooleanValued(expr: Expr): boolean {
  if (expr.kind === "literal") return typeof expr.value === "boolean";
  if (expr.kind === "arrayMethod") return expr.method === "some" || expr.method === "every";
  if (expr.kind !== "op") return false;
  return [
    "strictEquals", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual", "not", "isNullish", "typeIs",
    "isArray", "stringStartsWith", "stringEndsWith", "stringIncludes", "arrayIncludes",
  ].includes(expr.op);
}
