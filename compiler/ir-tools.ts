// Walks over IR expressions and statements shared by the optimizer passes and the emitters.
import type { Expr, Operation, Stmt } from "./ir.js";

/** IR operations whose value is always true or false. */
export const BOOLEAN_OPS: ReadonlySet<Operation> = new Set<Operation>([
  "strictEquals", "lessThan", "lessOrEqual", "greaterThan", "greaterOrEqual", "not", "isNullish", "typeIs", "isArray",
  "stringStartsWith", "stringEndsWith", "stringIncludes", "arrayIncludes",
]);

/** IR expressions that always evaluate to true or false. */
export function isBooleanValued(expr: Expr): boolean {
  if (expr.kind === "literal") return typeof expr.value === "boolean";
  if (expr.kind === "arrayMethod") return expr.method === "some" || expr.method === "every";
  if (expr.kind !== "op") return false;
  return BOOLEAN_OPS.has(expr.op);
}

/** `expr` with each direct sub-expression replaced by `f` of it (leaves are returned as they are). */
export function mapChildren(expr: Expr, f: (child: Expr) => Expr): Expr {
  switch (expr.kind) {
    case "member":
      return { ...expr, object: f(expr.object), key: f(expr.key) };
    case "op":
    case "sdkCall":
    case "helperCall":
      return { ...expr, args: expr.args.map(f) };
    case "and":
    case "or":
    case "coalesce":
      return { ...expr, left: f(expr.left), right: f(expr.right) };
    case "conditional":
      return { ...expr, test: f(expr.test), then: f(expr.then), otherwise: f(expr.otherwise) };
    case "template":
      return { ...expr, parts: expr.parts.map(f) };
    case "array":
      return { ...expr, items: expr.items.map(f) };
    case "object":
      return { ...expr, entries: expr.entries.map(([k, v]) => [k, f(v)] as const) };
    case "arrayMethod":
      return { ...expr, array: f(expr.array), body: f(expr.body) };
    default:
      return expr;
  }
}

/** The direct sub-expressions of `expr`, in source order. */
export function children(expr: Expr): Expr[] {
  const found: Expr[] = [];
  mapChildren(expr, (child) => {
    found.push(child);
    return child;
  });
  return found;
}

/** The operands of a chain of `&&` (or of `||`), in source order: `a && (b && c)` is [a, b, c]. */
export function operandsOf(expr: Extract<Expr, { kind: "and" | "or" }>): Expr[] {
  const operands: Expr[] = [];
  const visit = (e: Expr): void => {
    if (e.kind === expr.kind) {
      visit((e as typeof expr).left);
      visit((e as typeof expr).right);
    } else operands.push(e);
  };
  visit(expr);
  return operands;
}

/** The locals `expr` reads that it does not bind itself (an array method binds its parameter). */
export function freeLocals(expr: Expr, found: Set<string> = new Set()): Set<string> {
  if (expr.kind === "local") found.add(expr.name);
  else if (expr.kind === "arrayMethod") {
    freeLocals(expr.array, found);
    const inBody = freeLocals(expr.body);
    inBody.delete(expr.param);
    inBody.forEach((name) => found.add(name));
  } else for (const child of children(expr)) freeLocals(child, found);
  return found;
}

/** `expr` with the given locals replaced by their values (an array method's parameter shadows). */
export function substitute(expr: Expr, values: ReadonlyMap<string, Expr>): Expr {
  if (values.size === 0) return expr;
  if (expr.kind === "local") return values.get(expr.name) ?? expr;
  if (expr.kind === "arrayMethod") {
    const inner = new Map(values);
    inner.delete(expr.param);
    return { ...expr, array: substitute(expr.array, values), body: substitute(expr.body, inner) };
  }
  return mapChildren(expr, (child) => substitute(child, values));
}

/** The parameters of the array methods in `expr`: an argument reading one of these would be captured. */
export function lambdaParams(expr: Expr, found: Set<string> = new Set()): Set<string> {
  if (expr.kind === "arrayMethod") found.add(expr.param);
  for (const child of children(expr)) lambdaParams(child, found);
  return found;
}

/** Every local name and array-method parameter in `expr` (names a fresh one must avoid). */
export function localNames(expr: Expr, found: Set<string> = new Set()): Set<string> {
  if (expr.kind === "local") found.add(expr.name);
  if (expr.kind === "arrayMethod") found.add(expr.param);
  for (const child of children(expr)) localNames(child, found);
  return found;
}

/** Terms as cheap to repeat as a local: constants, locals, inputs and string-keyed member chains of them. */
export function isCheap(expr: Expr): boolean {
  if (expr.kind === "literal" || expr.kind === "undefined" || expr.kind === "local" || expr.kind === "input") return true;
  return expr.kind === "member" && expr.key.kind === "literal" && isCheap(expr.object);
}

/** Every yield in `stmts`, in source order. */
export function yieldsOf(stmts: readonly Stmt[]): Extract<Stmt, { kind: "yield" }>[] {
  return stmts.flatMap((s): Extract<Stmt, { kind: "yield" }>[] => {
    switch (s.kind) {
      case "yield":
        return [s];
      case "if":
        return [...yieldsOf(s.then), ...yieldsOf(s.otherwise)];
      case "forOf":
        return yieldsOf(s.body);
      default:
        return [];
    }
  });
}

/** `stmts` with every expression they hold, at any depth of statements, replaced by `f` of it. */
export function mapStatementExprs(stmts: readonly Stmt[], f: (expr: Expr) => Expr): Stmt[] {
  return stmts.map((s): Stmt => {
    switch (s.kind) {
      case "const":
        return { ...s, value: f(s.value) };
      case "if":
        return { ...s, test: f(s.test), then: mapStatementExprs(s.then, f), otherwise: mapStatementExprs(s.otherwise, f) };
      case "forOf":
        return { ...s, iterable: f(s.iterable), body: mapStatementExprs(s.body, f) };
      case "return":
        return s.value === undefined ? s : { ...s, value: f(s.value) };
      case "yield":
        return { ...s, value: f(s.value) };
      default:
        return s;
    }
  });
}

/** The names `stmts` bind: constants and loop bindings, at any depth. */
export function statementBindings(stmts: readonly Stmt[], found: Set<string> = new Set()): Set<string> {
  for (const s of stmts) {
    if (s.kind === "const") found.add(s.name);
    else if (s.kind === "if") {
      statementBindings(s.then, found);
      statementBindings(s.otherwise, found);
    } else if (s.kind === "forOf") {
      if (s.binding.kind === "name") found.add(s.binding.name);
      else for (const name of [s.binding.key, s.binding.value]) if (name !== undefined) found.add(name);
      statementBindings(s.body, found);
    }
  }
  return found;
}
