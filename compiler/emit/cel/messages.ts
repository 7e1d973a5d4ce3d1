// The messages one yield site produces, as one CEL list expression over the predicate's body.
// Statements run in order: a binding scopes the rest, an `if` whose branch may leave early
// (`continue`, `return`) carries the rest into each branch, a `for...of` maps its body over the
// list and flattens, and a `yield` of the site adds its message. Only the statements that can
// reach the site are compiled; the rest give the empty list.
import type { Expr, Stmt } from "../../ir.js";
import { bindCel, emitExpr, narrow, truthy, type CelScope } from "./expressions.js";
import { children, yieldsOf } from "../../ir-tools.js";
import { loopLevel } from "./elements.js";
import { isConstant, isElementRead, isVariable } from "./hoist.js";
import { refuse } from "./refusal.js";
import { and, ANY, cond, isList, letIn, not, or } from "./values.js";
import { conditionalParts } from "./scan.js";
import { elementShape } from "./shapes.js";

/** Whether `stmts` hold a yield of the site at `line`. */
function reaches(stmts: readonly Stmt[], line: number): boolean {
  return yieldsOf(stmts).some((y) => y.line === line);
}

/** Whether a yield of the site at `line` sits inside a `for...of` (so it may yield more than one message). */
export function yieldsInLoop(stmts: readonly Stmt[], line: number): boolean {
  return stmts.some((s) => {
    switch (s.kind) {
      case "if":
        return yieldsInLoop(s.then, line) || yieldsInLoop(s.otherwise, line);
      case "forOf":
        return reaches(s.body, line);
      default:
        return false;
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

/** How often an expression or statements read a local, and whether any read may repeat (in a loop or an array method's body). */
interface Reads {
  count: number;
  inLoop: boolean;
}

function readsOfExpr(e: Expr, name: string, reads: Reads, inLoop: boolean): void {
  if (e.kind === "local") {
    if (e.name === name) {
      reads.count++;
      reads.inLoop ||= inLoop;
    }
    return;
  }
  if (e.kind === "arrayMethod") {
    readsOfExpr(e.array, name, reads, inLoop);
    // A parameter of the same name shadows the local in the body.
    if (e.param !== name) readsOfExpr(e.body, name, reads, true);
    return;
  }
  for (const child of children(e)) readsOfExpr(child, name, reads, inLoop);
}

/**
 * The reads of the local `name` by the statements of `stmts` that decide the site at `line`: the
 * site's yields, the tests and loops around them, and what may leave early before them. A
 * shadowing declaration is not looked for, which can only count more reads (keeping a binding).
 */
function readsForSite(stmts: readonly Stmt[], name: string, line: number, reads: Reads = { count: 0, inLoop: false }, inLoop = false, messages = true): Reads {
  const of = (e: Expr | undefined, loop = inLoop): void => {
    if (e !== undefined) readsOfExpr(e, name, reads, loop);
  };
  stmts.forEach((s, i) => {
    switch (s.kind) {
      case "yield":
        if (s.line === line && messages) of(s.value);
        break;
      case "const":
        if (reaches(stmts.slice(i + 1), line)) of(s.value);
        break;
      case "if":
        if (reaches(s.then, line) || reaches(s.otherwise, line) || ((mayLeave(s.then) || mayLeave(s.otherwise)) && reaches(stmts.slice(i + 1), line))) {
          of(s.test);
          readsForSite(s.then, name, line, reads, inLoop, messages);
          readsForSite(s.otherwise, name, line, reads, inLoop, messages);
        }
        break;
      case "forOf":
        if (reaches(s.body, line)) {
          of(s.iterable);
          readsForSite(s.body, name, line, reads, true, messages);
        }
        break;
      case "return":
      case "continue":
        break;
    }
  });
  return reads;
}

/** The longest value a message computes again rather than binds (bounds the CEL's growth). */
const MAX_RECOMPUTED = 4000;

/** `a + b` of two CEL lists, leaving out an empty one. */
function plus(a: string, b: string): string {
  if (b === "[]") return a;
  if (a === "[]") return b;
  return `${a} + ${b}`;
}

/**
 * `test ? a : b` of two CEL lists, folded when both are empty or the test is constant. Where one
 * arm is empty and the other is a conditional with an empty arm (`if (exempt) continue;` then
 * `if (bad) yield`), the two tests become one chain, `(exempt || !bad) ? [] : [...]`, so
 * and()/or() put the cheaper test first: CEL's `||` and `&&` are commutative, errors included,
 * and a passing element then often skips the costlier test (an exemption's loop over the
 * parameters). The tests are pure, so only how much is evaluated changes.
 */
function branch(test: string, a: string, b: string): string {
  if (a === "[]" && b === "[]") return "[]";
  const inner = a === "[]" || b === "[]" ? conditionalParts(a === "[]" ? b : a) : undefined;
  if (inner && (inner.then === "[]") !== (inner.otherwise === "[]")) {
    // The inner conditional's non-empty arm, and the test under which it is taken.
    const [taken, innerTest] = inner.otherwise === "[]" ? [inner.then, inner.test] : [inner.otherwise, not(inner.test)];
    return a === "[]" ? cond(or(test, not(innerTest)), "[]", taken) : cond(and(test, innerTest), taken, "[]");
  }
  return cond(test, a, b);
}

/** The CEL list of the messages the site at `line` yields when `stmts` run in `scope`. */
export function siteMessages(stmts: readonly Stmt[], line: number, scope: CelScope, message: (value: Expr, scope: CelScope) => string): string {
  if (!reaches(stmts, line)) return "[]";
  const [first, ...rest] = stmts;
  if (!first) return "[]";
  switch (first.kind) {
    case "yield":
      return first.line === line ? plus(`[${message(first.value, scope)}]`, siteMessages(rest, line, scope, message)) : siteMessages(rest, line, scope, message);
    case "continue":
    case "return":
      return "[]";
    case "const": {
      // A constant the rest never reads is not computed: CEL is pure, and the TypeScript never
      // throws (a throw is a verification failure), so leaving it out changes no verdict and no
      // message; an error gkc raises on purpose in it guards only a value that is never used.
      const reads = readsForSite(rest, first.name, line);
      if (reads.count === 0) return siteMessages(rest, line, scope, message);
      const init = emitExpr(first.value, scope, true);
      if (isVariable(init.code) || isConstant(init.code) || scope.names.isBound(init.code) || isElementRead(init.code)) return siteMessages(rest, line, scope.with(first.name, init.code), message);
      // Read once, and not in a loop: its CEL goes where it is read (evaluated at most once
      // either way), which saves the one-element list that binds it.
      if (reads.count === 1 && !reads.inLoop) {
        scope.names.note(init.code, init.types, init.elements, init.shape);
        return siteMessages(rest, line, scope.with(first.name, init.code), message);
      }
      // Read at most once by the tests that decide the site, and otherwise only by its message:
      // computed where read. A passing review computes it at most once, and not at all where an
      // earlier test decides; only a yielding one computes it again for its message.
      if (!reads.inLoop && readsForSite(rest, first.name, line, undefined, false, false).count <= 1 && init.code.length <= MAX_RECOMPUTED) {
        scope.names.note(init.code, init.types, init.elements, init.shape);
        return siteMessages(rest, line, scope.with(first.name, init.code), message);
      }
      const id = scope.names.fresh(`c_${first.name}`, init.types, init.elements, init.shape);
      return letIn(id, init.code, siteMessages(rest, line, scope.with(first.name, id), message));
    }
    case "if": {
      // An if that neither holds the site nor may leave before it decides nothing here: its test is not compiled.
      if (!reaches(first.then, line) && !reaches(first.otherwise, line) && !(mayLeave(first.then) || mayLeave(first.otherwise))) return siteMessages(rest, line, scope, message);
      const test = truthy(emitExpr(first.test, scope), scope);
      const [whenTrue, whenFalse] = narrow(first.test, scope);
      if (mayLeave(first.then) || mayLeave(first.otherwise)) {
        return branch(test, siteMessages([...first.then, ...rest], line, whenTrue, message), siteMessages([...first.otherwise, ...rest], line, whenFalse, message));
      }
      return plus(branch(test, siteMessages(first.then, line, whenTrue, message), siteMessages(first.otherwise, line, whenFalse, message)), siteMessages(rest, line, scope, message));
    }
    case "forOf": {
      if (containsReturn(first.body)) return refuse("return inside a loop", "not compiled to CEL");
      if (!reaches(first.body, line)) return siteMessages(rest, line, scope, message);
      const binding = first.binding;
      const iterable = emitExpr(first.iterable, scope);
      const id = scope.names.fresh(binding.kind === "name" ? `x_${binding.name}` : "entry", iterable.elements, ANY, binding.kind === "name" ? elementShape(iterable.shape) : undefined);
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
