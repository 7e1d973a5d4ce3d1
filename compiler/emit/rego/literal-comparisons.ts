// `x === l1 || x === l2 || …` against literals: Rego emits it as one membership test, `x in {…}`,
// so x is computed once (expressions.ts) and counts as one read (closed.ts).
import type { Expr } from "../../ir.js";
import { operandsOf } from "../../ir-tools.js";
import { same } from "../../optimize/simplify.js";

export interface LiteralComparisons {
  /** The one value every comparison tests. */
  readonly subject: Expr;
  /** Each comparison, in source order, with the literal (or `undefined`) it compares with. */
  readonly comparisons: readonly { readonly test: Expr; readonly literal: Expr }[];
}

/** The subject and literals of `x === l1 || x === l2 || …` (undefined too), if that is what `expr` is. */
export function literalComparisons(expr: Expr): LiteralComparisons | undefined {
  if (expr.kind !== "or") return undefined;
  let subject: Expr | undefined;
  const comparisons: { test: Expr; literal: Expr }[] = [];
  for (const test of operandsOf(expr)) {
    if (test.kind !== "op" || test.op !== "strictEquals" || test.args.length !== 2) return undefined;
    const [a, b] = test.args as [Expr, Expr];
    const [literal, other] = b.kind === "literal" || b.kind === "undefined" ? [b, a] : [a, b];
    if (literal.kind !== "literal" && literal.kind !== "undefined") return undefined;
    if (subject !== undefined && !same(subject, other)) return undefined;
    subject = other;
    comparisons.push({ test, literal });
  }
  return subject === undefined ? undefined : { subject, comparisons };
}
