// The messages one yield site produces, as one CEL list expression over the predicate's body.
// Statements run in order: a binding scopes the rest, an `if` whose branch may leave early
// (`continue`, `return`) carries the rest into each branch, a `for...of` maps its body over the
// list and flattens, and a `yield` of the site adds its message. Only the statements that can
// reach the site are compiled; the rest give the empty list.
import type { Expr, Stmt } from "../../ir.js";
import { bindCel, emitExpr, narrow, truthy, type CelScope } from "./expressions.js";
import { loopLevel } from "./elements.js";
import { isConstant, isElementRead, isVariable } from "./hoist.js";
import { refuse } from "./refusal.js";
import { cond, isList } from "./values.js";

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

/** Whether `stmts` may leave the current statement list early (continue or return, not inside a nested loop for continue). */
function mayLeave(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case "continue":
      case "return":
        return true;
      case "if":
        return mayLeave(s.then) || mayLeave(s.otherwise);
      case "forOf":
        return containsReturn(s.body);
      default:
        return false;
    }
  });
}

function containsReturn(stmts: readonly Stmt[]): boolean {
  return stmts.some((s) => s.kind === "return" || (s.kind === "if" && (containsReturn(s.then) || containsReturn(s.otherwise))) || (s.kind === "forOf" && containsReturn(s.body)));
}

/** `a + b` of two CEL lists, leaving out an empty one. */
function plus(a: string, b: string): string {
  if (b === "[]") return a;
  if (a === "[]") return b;
  return `${a} + ${b}`;
}

/** `test ? a : b` of two CEL lists, folded when both are empty or the test is constant. */
function branch(test: string, a: string, b: string): string {
  if (a === "[]" && b === "[]") return "[]";
  return cond(test, a, b);
}

/** The CEL list of the messages the site at `line` yields when `stmts` run in `scope`. */
export function siteMessages(stmts: readonly Stmt[], line: number, scope: CelScope, message: (value: Expr, scope: CelScope) => string): string {
  if (!yieldsOf(stmts).some((y) => y.line === line)) return "[]";
  const [first, ...rest] = stmts;
  if (!first) return "[]";
  switch (first.kind) {
    case "yield":
      return first.line === line ? plus(`[${message(first.value, scope)}]`, siteMessages(rest, line, scope, message)) : siteMessages(rest, line, scope, message);
    case "continue":
    case "return":
      return "[]";
    case "const": {
      const init = emitExpr(first.value, scope, true);
      if (isVariable(init.code) || isConstant(init.code) || scope.names.isBound(init.code) || isElementRead(init.code)) return siteMessages(rest, line, scope.with(first.name, init.code), message);
      const id = scope.names.fresh(`c_${first.name}`, init.types, init.elements);
      return `[dyn(${init.code})].map(${id}, ${siteMessages(rest, line, scope.with(first.name, id), message)})[0]`;
    }
    case "if": {
      const test = truthy(emitExpr(first.test, scope), scope);
      const [whenTrue, whenFalse] = narrow(first.test, scope);
      if (mayLeave(first.then) || mayLeave(first.otherwise)) {
        return branch(test, siteMessages([...first.then, ...rest], line, whenTrue, message), siteMessages([...first.otherwise, ...rest], line, whenFalse, message));
      }
      return plus(branch(test, siteMessages(first.then, line, whenTrue, message), siteMessages(first.otherwise, line, whenFalse, message)), siteMessages(rest, line, scope, message));
    }
    case "forOf": {
      if (containsReturn(first.body)) return refuse("return inside a loop", "not compiled to CEL");
      const binding = first.binding;
      const iterable = emitExpr(first.iterable, scope);
      const id = scope.names.fresh(binding.kind === "name" ? `x_${binding.name}` : "entry", iterable.elements);
      // A loop over a variable's elements (or over an element of such a loop) reads the values
      // computed per element from their variables (elements.ts), by its index.
      const level = binding.kind === "name" ? loopLevel(scope, iterable.code, id) : undefined;
      let inner = level ? scope.withLevel(level) : scope;
      if (binding.kind === "name") inner = inner.with(binding.name, id);
      else {
        // [key, value] of Object.entries(): each element is the pair [key, value].
        if (binding.key !== undefined) inner = inner.with(binding.key, `${id}[0]`);
        if (binding.value !== undefined) inner = inner.with(binding.value, `${id}[1]`);
      }
      const body = siteMessages(first.body, line, inner, message);
      const each = (xs: string): string => (level ? `${xs}.transformList(${level.index}, ${id}, ${body})` : `${xs}.map(${id}, ${body})`);
      const loop = body === "[]" ? "[]" : bindCel(scope, iterable, (xs, t) => cond(isList(xs, t), `${each(xs)}.flatten()`, "[]"), "xs");
      return plus(loop, siteMessages(rest, line, scope, message));
    }
  }
}
