// IR → IR rewrites that keep the value of an expression for every input, in the IR's own
// semantics (a missing member is undefined, member access on a non-object is undefined).
import type { Expr, Operation, Primitive } from "../ir.js";
import { isBooleanValued, mapChildren } from "../ir-tools.js";

/** True when `expr` is a chain of string-literal member accesses starting at `root` (at least one). */
function chainFrom(expr: Expr, root: Expr): boolean {
  if (expr.kind !== "member" || expr.key.kind !== "literal" || typeof expr.key.value !== "string") return false;
  return same(expr.object, root) || chainFrom(expr.object, root);
}

function isNot(expr: Expr): expr is Extract<Expr, { kind: "op" }> {
  return expr.kind === "op" && expr.op === "not" && expr.args[0] !== undefined;
}

/** Structural equality of two pure expressions. */
export function same(a: Expr, b: Expr): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `m === undefined ? d : m` (or `m !== undefined ? m : d`) of a member read `m` and a literal `d`:
 * the read with `d` for its default, which the Rego emitter writes as one total term
 * (`object.get(o, path, d)`), so it is no conditional there.
 */
export function memberOrDefault(expr: Expr): { read: Expr; fallback: Expr } | undefined {
  if (expr.kind !== "conditional") return undefined;
  const undefinedTest = (test: Expr): Expr | undefined => {
    if (test.kind !== "op" || test.op !== "strictEquals" || test.args.length !== 2) return undefined;
    const [a, b] = test.args as [Expr, Expr];
    return b.kind === "undefined" ? a : a.kind === "undefined" ? b : undefined;
  };
  const negated = isNot(expr.test);
  const read = undefinedTest(negated ? (expr.test as Extract<Expr, { kind: "op" }>).args[0]! : expr.test);
  const [fallback, value] = negated ? [expr.otherwise, expr.then] : [expr.then, expr.otherwise];
  if (read === undefined || read.kind !== "member" || fallback.kind !== "literal" || !same(read, value)) return undefined;
  return { read, fallback };
}

/** `expr` with its conditionals simplified bottom-up. */
export function simplify(expr: Expr): Expr {
  switch (expr.kind) {
    case "conditional": {
      const test = simplify(expr.test);
      const then = simplify(expr.then);
      const otherwise = simplify(expr.otherwise);
      // `!t ? a : b` is `t ? b : a`.
      if (test.kind === "op" && test.op === "not" && test.args[0]) return simplify({ kind: "conditional", test: test.args[0], then: otherwise, otherwise: then });
      if (test.kind === "literal") return test.value ? then : otherwise;
      if (same(then, otherwise)) return then;
      // `isObject(x) ? x.a.b : undefined` is `x.a.b`: a string key of anything but an object is undefined.
      if (otherwise.kind === "undefined" && test.kind === "sdkCall" && test.name === "isObject" && test.args[0] && chainFrom(then, test.args[0])) {
        return then;
      }
      return { kind: "conditional", test, then, otherwise };
    }
    case "member": {
      const object = simplify(expr.object);
      const key = simplify(expr.key);
      // `[a, b, c][1]` is `b`; past the end it is undefined.
      if (object.kind === "array" && key.kind === "literal" && typeof key.value === "number" && Number.isInteger(key.value) && key.value >= 0) {
        return object.items[key.value] ?? { kind: "undefined" };
      }
      // `{ key: v }.key` is `v`; a key the literal does not have is undefined (own members only).
      if (object.kind === "object" && key.kind === "literal" && typeof key.value === "string") {
        return object.entries.find(([name]) => name === key.value)?.[1] ?? { kind: "undefined" };
      }
      return { ...expr, object, key };
    }
    case "op": {
      const args = expr.args.map(simplify);
      const [first] = args;
      // String() of a string literal, and -n of a number literal, are literals.
      if (expr.op === "toString" && first?.kind === "literal" && typeof first.value === "string") return first;
      if (expr.op === "negate" && first?.kind === "literal" && typeof first.value === "number") return { kind: "literal", value: -first.value };
      const folded = foldOperation(expr.op, args);
      return folded === undefined ? { ...expr, args } : { kind: "literal", value: folded };
    }
    case "and":
    case "or": {
      const left = simplify(expr.left);
      const right = simplify(expr.right);
      // De Morgan: `!a || !b` is `!(a && b)` (both are booleans), one negation instead of two.
      if (isNot(left) && isNot(right)) {
        const inner: Expr = { kind: expr.kind === "and" ? "or" : "and", left: left.args[0]!, right: right.args[0]! };
        return { kind: "op", op: "not", args: [inner] };
      }
      return foldConnective(expr.kind, left, right) ?? { ...expr, left, right };
    }
    case "coalesce": {
      const left = simplify(expr.left);
      const right = simplify(expr.right);
      // A literal on the left decides `??`: null and undefined give the right side, others themselves.
      if (left.kind === "literal") return left.value === null ? right : left;
      if (left.kind === "undefined") return right;
      return { ...expr, left, right };
    }
    case "arrayMethod": {
      const simplified = { ...expr, array: simplify(expr.array), body: simplify(expr.body) };
      // `xs.some(() => false)` is false and `xs.every(() => true)` true, whatever the elements:
      // the emitted comprehension finds no element either way.
      const body = simplified.body;
      if (body.kind === "literal" && (expr.method === "some" || expr.method === "every") && Boolean(body.value) === (expr.method === "every")) {
        return { kind: "literal", value: expr.method === "every" };
      }
      return simplified;
    }
    default:
      return mapChildren(expr, simplify);
  }
}

/**
 * An operation of literals, computed at build time as JavaScript would (a helper inlined with a
 * literal argument: `profileAllowed("not configured", …)` tests `typeof "not configured"`).
 * Undefined where an operand is no literal or the operation is not one folded here.
 */
function foldOperation(op: Operation, args: readonly Expr[]): Primitive | undefined {
  const [a, b] = args;
  if (op === "strictEquals" && a && b) {
    if (a.kind === "literal" && b.kind === "literal") return a.value === b.value;
    // A string literal against a template that starts with another literal: equal only if it starts so.
    const prefix = (e: Expr) => (e.kind === "template" && e.parts[0]?.kind === "literal" && typeof e.parts[0].value === "string" ? e.parts[0].value : undefined);
    for (const [text, template] of [[a, b], [b, a]] as const) {
      const start = prefix(template);
      if (text.kind === "literal" && typeof text.value === "string" && start !== undefined && !text.value.startsWith(start)) return false;
    }
    return undefined;
  }
  if (a?.kind !== "literal" || (b !== undefined && b.kind !== "literal")) return undefined;
  const value = a.value;
  const other = b?.kind === "literal" ? b.value : undefined;
  switch (op) {
    case "not":
      return !value;
    case "isNullish":
      return value === null;
    case "isArray":
      return false;
    case "typeIs":
      return typeof other === "string" ? (value === null ? "object" : typeof value) === other : undefined;
    case "stringStartsWith":
      return typeof value === "string" && typeof other === "string" ? value.startsWith(other) : undefined;
    case "stringEndsWith":
      return typeof value === "string" && typeof other === "string" ? value.endsWith(other) : undefined;
    case "stringIncludes":
      return typeof value === "string" && typeof other === "string" ? value.includes(other) : undefined;
    default:
      return undefined;
  }
}

/** Always true or false: a boolean operation, or a connective of two. */
function isBoolean(expr: Expr): boolean {
  if (expr.kind === "and" || expr.kind === "or") return isBoolean(expr.left) && isBoolean(expr.right);
  return isBooleanValued(expr);
}

/**
 * `a && b` and `a || b` with a literal operand, as JavaScript evaluates them: a literal on the left
 * decides or gives the right side; one on the right decides only where the left is a boolean (`x
 * && false` is `x` for a falsy non-boolean `x`). Neither side has effects in the IR.
 */
function foldConnective(kind: "and" | "or", left: Expr, right: Expr): Expr | undefined {
  if (left.kind === "literal") return Boolean(left.value) === (kind === "and") ? right : left;
  if (right.kind === "literal" && typeof right.value === "boolean" && isBoolean(left)) return right.value === (kind === "and") ? left : right;
  return undefined;
}
