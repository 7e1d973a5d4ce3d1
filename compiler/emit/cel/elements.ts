// Values computed per element of a loop, as CEL variables. A loop over a variable (say the
// containers) runs in every yield's validation that needs it, and each recomputes the same values
// of each element (its name, its security context, ...). A sub-expression that reads only the
// loop's element (and closed values) becomes a variable holding that value for every element,
// `variables.gkc_e<n>` = the list's `transformList(j, e, <value of e>)`, read in the loop as
// `variables.gkc_e<n>[i]` by the element's index (`transformList(i, x, ...)`, Kubernetes' two-
// variable comprehensions). Nested loops over an element's own list (a list of container lists)
// index twice.
//
// The variable computes the value for every element, also those a yield's loop would skip (after
// `continue`), so only a value that can never raise an error is computed so (no error gkc raises
// on purpose, hoist.ts mayFail, in it or in what it reads): then computing it more often changes
// nothing but the cost. It is computed with none of the facts that the tests inside the loop
// established (they held for the elements that reached it, not for all).
import type { Expr } from "../../ir.js";
import type { Cel, CelScope } from "./expressions.js";
import { elementRead, isVariable } from "./hoist.js";

/**
 * One loop over elements: the list it iterates (the root variable, or a value of the enclosing
 * loop's element), the element's and the index's identifiers, and `path`, which names the list
 * the same way in every yield (the root, then per level the per-element variable iterated, or
 * `*` for the enclosing element itself).
 */
export interface ElementLevel {
  readonly list: string;
  readonly path: string;
  readonly element: string;
  readonly index: string;
}

/** The per-element variable a read reads (the code itself when it is no such read). */
export function elementBase(code: string): string {
  return elementRead(code)?.base ?? code;
}

/** The loop depth whose element `code` is, or is computed from (a read by those loops' indexes); else undefined. */
export function elementDepth(levels: readonly ElementLevel[], code: string): number | undefined {
  const at = levels.findIndex((l) => l.element === code);
  if (at >= 0) return at;
  const indexes = elementRead(code)?.indexes;
  if (!indexes) return undefined;
  if (indexes.length > levels.length || indexes.some((index, k) => levels[k]!.index !== index)) return undefined;
  return indexes.length - 1;
}

/**
 * The level a `for...of` adds when it loops over a variable outside any such loop, or over the
 * element of the innermost one; undefined otherwise (its element's values stay inline).
 */
export function loopLevel(scope: CelScope, iterable: string, element: string): ElementLevel | undefined {
  if (!scope.hoisted.perElement) return undefined;
  const levels = scope.levels;
  const innermost = levels[levels.length - 1];
  const index = scope.names.fresh("i");
  if (innermost === undefined) return isVariable(iterable) ? { list: iterable, path: iterable, element, index } : undefined;
  if (elementDepth(levels, iterable) !== levels.length - 1) return undefined;
  return { list: iterable, path: `${innermost.path}/${iterable === innermost.element ? "*" : elementBase(iterable)}`, element, index };
}

/**
 * `expr`, which reads the elements of the loops up to `depth`, as a read of its per-element
 * variable (made under `key` on first use); undefined when it must stay inline (it may raise an
 * error, or it is shorter than `minLength`: the variable wraps it in a loop over the elements).
 */
export function elementHoisted(expr: Expr, scope: CelScope, depth: number, key: string, emit: (expr: Expr, scope: CelScope) => Cel, minLength: number): Cel | undefined {
  const levels = scope.levels.slice(0, depth + 1);
  const indexes = levels.map((l) => `[${l.index}]`).join("");
  const found = scope.hoisted.get(`element ${key}`);
  if (found) return { ...found, code: `${found.code}${indexes}` };
  const names = scope.names;
  const js = levels.map(() => names.fresh("j"));
  const es = levels.map((l) => names.fresh("e", names.typesOf(l.element), names.elementsOf(l.element), names.shapeOf(l.element)));
  const remap = (code: string): string => {
    const d = elementDepth(levels, code);
    if (d === undefined) return code;
    if (code === levels[d]!.element) return es[d]!;
    return `${elementBase(code)}${js
      .slice(0, d + 1)
      .map((j) => `[${j}]`)
      .join("")}`;
  };
  const inner = scope.remapped(
    remap,
    levels.map((l, k) => ({ list: k === 0 ? l.list : remap(l.list), path: l.path, element: es[k]!, index: js[k]! })),
  );
  const cel = emit(expr, inner);
  if (cel.code.length < minLength || scope.hoisted.mayFail(cel.code)) return undefined;
  let list = `dyn(${cel.code})`;
  for (let k = depth; k >= 0; k--) {
    const over = k === 0 ? levels[0]!.list : remap(levels[k]!.list);
    list = `(type(${over}) == list ? ${over}.transformList(${js[k]}, ${es[k]}, ${list}) : [])`;
  }
  const read = scope.hoisted.add(`element ${key}`, { ...cel, code: list }, "gkc_e");
  return { ...cel, code: `${read.code}${indexes}` };
}
