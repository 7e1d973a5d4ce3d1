// Walks over IR expressions shared by the optimizer passes and the emitters.
import type { Expr } from "./ir.js";

/** The locals `expr` reads that it does not bind itself (an array method binds its parameter). */
export function freeLocals(expr: Expr, found: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case "local":
      found.add(expr.name);
      break;
    case "member":
      freeLocals(expr.object, found);
      freeLocals(expr.key, found);
      break;
    case "op":
    case "sdkCall":
    case "helperCall":
      expr.args.forEach((a) => freeLocals(a, found));
      break;
    case "and":
    case "or":
    case "coalesce":
      freeLocals(expr.left, found);
      freeLocals(expr.right, found);
      break;
    case "conditional":
      freeLocals(expr.test, found);
      freeLocals(expr.then, found);
      freeLocals(expr.otherwise, found);
      break;
    case "template":
      expr.parts.forEach((p) => freeLocals(p, found));
      break;
    case "array":
      expr.items.forEach((i) => freeLocals(i, found));
      break;
    case "object":
      expr.entries.forEach(([, v]) => freeLocals(v, found));
      break;
    case "arrayMethod": {
      freeLocals(expr.array, found);
      const inBody = freeLocals(expr.body);
      inBody.delete(expr.param);
      inBody.forEach((name) => found.add(name));
      break;
    }
    default:
      break;
  }
  return found;
}

/** `expr` with the given locals replaced by their values (an array method's parameter shadows). */
export function substitute(expr: Expr, values: ReadonlyMap<string, Expr>): Expr {
  if (values.size === 0) return expr;
  const sub = (e: Expr) => substitute(e, values);
  switch (expr.kind) {
    case "local":
      return values.get(expr.name) ?? expr;
    case "member":
      return { ...expr, object: sub(expr.object), key: sub(expr.key) };
    case "op":
    case "sdkCall":
    case "helperCall":
      return { ...expr, args: expr.args.map(sub) };
    case "and":
    case "or":
    case "coalesce":
      return { ...expr, left: sub(expr.left), right: sub(expr.right) };
    case "conditional":
      return { ...expr, test: sub(expr.test), then: sub(expr.then), otherwise: sub(expr.otherwise) };
    case "template":
      return { ...expr, parts: expr.parts.map(sub) };
    case "array":
      return { ...expr, items: expr.items.map(sub) };
    case "object":
      return { ...expr, entries: expr.entries.map(([k, v]) => [k, sub(v)] as const) };
    case "arrayMethod": {
      const inner = new Map(values);
      inner.delete(expr.param);
      return { ...expr, array: sub(expr.array), body: substitute(expr.body, inner) };
    }
    default:
      return expr;
  }
}
