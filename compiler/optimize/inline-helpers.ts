// IR → IR: a call of a small helper becomes the helper's body as one expression, where that
// expression simplifies to something with no conditional left. `field(spec, "type")` (`isObject(o)
// ? o[key] : undefined`) becomes `spec.type`, which the Rego emitter can then read as a reference
// or share across rules; a helper that stays a decision tree stays a call, since a conditional
// expression would evaluate both branches where the call evaluates one.
import type { Expr, HelperFunction, Program, Stmt } from "../ir.js";
import { children, freeLocals, isCheap, lambdaParams, mapChildren, substitute } from "../ir-tools.js";
import { memberOrDefault, simplify } from "./simplify.js";

/** A helper as one expression of its parameters (a conditional tree), for analyses. */
export interface HelperForm {
  readonly params: readonly string[];
  readonly body: Expr;
}

/** The helpers that are bindings, ifs and returns, as expressions. */
export function helperForms(program: Program): ReadonlyMap<string, HelperForm> {
  const forms = new Map<string, HelperForm>();
  for (const helper of program.helpers) {
    const body = asExpression(helper.body, new Map());
    if (body !== undefined) forms.set(helper.name, { params: helper.params, body: simplify(body) });
  }
  return forms;
}

/** The helper's body as one expression of its parameters, when it is bindings, ifs and returns. */
function asExpression(statements: readonly Stmt[], bound: ReadonlyMap<string, Expr>): Expr | undefined {
  const [statement, ...rest] = statements;
  if (statement === undefined) return undefined;
  switch (statement.kind) {
    case "const":
      return asExpression(rest, new Map([...bound, [statement.name, substitute(statement.value, bound)]]));
    case "return":
      return statement.value === undefined ? undefined : substitute(statement.value, bound);
    case "if": {
      const then = asExpression([...statement.then, ...rest], bound);
      const otherwise = asExpression([...statement.otherwise, ...rest], bound);
      if (then === undefined || otherwise === undefined) return undefined;
      return { kind: "conditional", test: substitute(statement.test, bound), then, otherwise };
    }
    default:
      return undefined;
  }
}

/**
 * A conditional outside array-method lambdas: in a term it would evaluate both branches where the
 * helper evaluates one. (Inside a lambda the helper's comprehension evaluates it the same way.)
 */
function containsConditional(expr: Expr): boolean {
  const defaulted = memberOrDefault(expr);
  if (defaulted !== undefined) return containsConditional(defaulted.read);
  if (expr.kind === "conditional") return true;
  if (expr.kind === "arrayMethod") return containsConditional(expr.array);
  return children(expr).some(containsConditional);
}

/**
 * A helper's parameters bound to a call's arguments (a missing one is undefined), for
 * substituting into its body; undefined where an argument reads a local that a lambda of the
 * body would capture.
 */
export function argumentsOf(params: readonly string[], body: Expr, args: readonly Expr[]): Map<string, Expr> | undefined {
  const captured = lambdaParams(body);
  const values = new Map<string, Expr>();
  for (const [index, param] of params.entries()) {
    const arg = args[index] ?? { kind: "undefined" };
    if ([...freeLocals(arg)].some((local) => captured.has(local))) return undefined;
    values.set(param, arg);
  }
  return values;
}

/** Inlines the small helpers of one program at call sites (see the module comment). */
export class Inliner {
  private readonly bodies = new Map<string, Expr | null>();

  constructor(private readonly helpers: ReadonlyMap<string, HelperFunction>) {}

  /** The helper's body as an expression with its own calls inlined; null when it is not one. */
  private body(name: string): Expr | null {
    const known = this.bodies.get(name);
    if (known !== undefined) return known;
    this.bodies.set(name, null); // guards against (unsupported) recursion
    const helper = this.helpers.get(name);
    const expression = helper ? asExpression(helper.body, new Map()) : undefined;
    const body = expression === undefined ? null : simplify(this.expr(expression));
    this.bodies.set(name, body);
    return body;
  }

  /** Calls of `name` with `args`, inlined when the result has no conditional left. */
  private call(name: string, args: readonly Expr[]): Expr | undefined {
    const helper = this.helpers.get(name);
    const body = this.body(name);
    if (!helper || body === null) return undefined;
    const values = argumentsOf(helper.params, body, args);
    if (values === undefined) return undefined;
    for (const [param, arg] of values) if (!isCheap(arg) && countReads(body, param) > 1) return undefined;
    const inlined = simplify(substitute(body, values));
    // A conditional of an argument's own is evaluated by the call too (once: a costly argument is
    // read at most once), so only one the body brings keeps the call.
    return containsConditional(inlined) && containsConditional(body) ? undefined : inlined;
  }

  expr(expr: Expr): Expr {
    if (expr.kind === "helperCall") {
      const args = expr.args.map((a) => this.expr(a));
      return this.call(expr.name, args) ?? { ...expr, args };
    }
    return mapChildren(expr, (child) => this.expr(child));
  }

  statements(statements: readonly Stmt[]): Stmt[] {
    return statements.map((s): Stmt => {
      switch (s.kind) {
        case "const":
          return { ...s, value: simplify(this.expr(s.value)) };
        case "if":
          return { ...s, test: simplify(this.expr(s.test)), then: this.statements(s.then), otherwise: this.statements(s.otherwise) };
        case "forOf":
          return { ...s, iterable: simplify(this.expr(s.iterable)), body: this.statements(s.body) };
        case "return":
          return s.value === undefined ? s : { ...s, value: simplify(this.expr(s.value)) };
        case "yield":
          return { ...s, value: simplify(this.expr(s.value)) };
        default:
          return s;
      }
    });
  }
}

function countReads(expr: Expr, name: string): number {
  if (expr.kind === "local") return expr.name === name ? 1 : 0;
  // A read inside a lambda repeats per element.
  if (expr.kind === "arrayMethod") return countReads(expr.array, name) + 2 * countReads(expr.body, name);
  return children(expr).reduce((n, child) => n + countReads(child, name), 0);
}

export function inlinerFor(program: Program): Inliner {
  return new Inliner(new Map(program.helpers.map((h) => [h.name, h])));
}

/** The program with small helpers inlined at their call sites; helpers still called are kept. */
export function inlineHelpers(program: Program, inliner: Inliner = inlinerFor(program)): Program {
  const body = inliner.statements(program.body);
  const helpers = program.helpers.map((h) => ({ ...h, body: inliner.statements(h.body) }));
  const called = new Set<string>();
  const collect = (statements: readonly Stmt[]) => JSON.stringify(statements, (key, value: unknown) => {
    if (value && typeof value === "object" && (value as { kind?: string }).kind === "helperCall") called.add((value as { name: string }).name);
    return value;
  });
  collect(body);
  // Helpers reached from the body, directly or through other helpers.
  let size = -1;
  while (called.size !== size) {
    size = called.size;
    for (const helper of helpers) if (called.has(helper.name)) collect(helper.body);
  }
  return { ...program, body, helpers: helpers.filter((h) => called.has(h.name)) };
}
