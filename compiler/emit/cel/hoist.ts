// Closed sub-expressions as CEL variables. An expression that reads only the object, the
// parameters, the request and other variables (no loop element, no helper parameter bound to one)
// has one value per evaluation, so it is computed once in a variable of the template's `variables`
// list and read as `variables.<name>` wherever it occurs: in every yield's validation, and inside
// loops. Kubernetes evaluates a variable lazily, on its first read, and keeps its value (or its
// error) for the evaluation (k8s.io/apiserver pkg/admission/plugin/cel/composition.go), so a read
// means what the inlined expression means — CEL is pure — including where gkc raises an error on
// purpose: it is raised only where the expression is read.
import type { Expr } from "../../ir.js";
import type { JsonSchema } from "../../schema.js";

/** A bound code that is a variable of the template (Gatekeeper's or a hoisted one). */
export function isVariable(code: string): boolean {
  return /^variables\.[A-Za-z_][A-Za-z0-9_]*$/.test(code);
}

/** Shorter than this, a closed expression stays inline (a variable and its read cost about as much). */
export const HOIST_MIN_LENGTH = 40;

const ELEMENT_READ = /^(variables\.gkc_e\d+)((?:\[[A-Za-z_][A-Za-z0-9_]*\])+)$/;

/** A read of a per-element variable (elements.ts) by the indexes of the loops it is in. */
export function isElementRead(code: string): boolean {
  return ELEMENT_READ.test(code);
}

/** The per-element variable a read reads, and the indexes it reads it by; undefined when `code` is no such read. */
export function elementRead(code: string): { readonly base: string; readonly indexes: readonly string[] } | undefined {
  const m = ELEMENT_READ.exec(code);
  return m ? { base: m[1]!, indexes: [...m[2]!.matchAll(/\[([A-Za-z0-9_]+)\]/g)].map((x) => x[1]!) } : undefined;
}

/** A CEL constant the emitter binds as itself (see values.ts bind). */
export function isConstant(code: string): boolean {
  return /^dyn\((?:"(?:[^"\\]|\\.)*"|b""|-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|null|true|false)\)$/.test(code);
}

export interface HoistedVariable {
  readonly name: string;
  readonly expression: string;
}

/** The variables one template's emission hoisted, in dependency order (a variable reads only earlier ones). */
export class Hoisted<T extends { readonly code: string; readonly types: number; readonly elements: number; readonly shape?: JsonSchema }> {
  readonly variables: HoistedVariable[] = [];
  private readonly byKey = new Map<string, T>();
  private readonly types = new Map<string, number>();
  private readonly elements = new Map<string, number>();
  private readonly shapes = new Map<string, JsonSchema>();
  /** Variables that may raise an error gkc raises on purpose (directly or through another). */
  private readonly failing = new Set<string>();

  /**
   * `perElement`: whether loops over variables compute their elements' values once (elements.ts).
   * `parameters`: the schema of the template's parameters, which Gatekeeper validates every
   * Constraint against (shapes.ts); undefined, nothing is known of them.
   */
  constructor(
    readonly perElement = false,
    readonly parameters?: JsonSchema,
  ) {}

  /** The schema a hoisted variable's value conforms to (shapes.ts), if it is one. */
  shapeOf(code: string): JsonSchema | undefined {
    return this.shapes.get(code);
  }

  /** Whether `code` may raise an error gkc raises on purpose (its marker " gkc: ", or a read of a variable that may). */
  mayFail(code: string): boolean {
    return code.includes(" gkc: ") || [...code.matchAll(/variables\.gkc_[ve]\d+/g)].some((m) => this.failing.has(m[0]));
  }

  /** The types of a hoisted variable's value (its read's code), if it is one. */
  typesOf(code: string): number | undefined {
    return this.types.get(code);
  }

  /** The types of the elements of a hoisted list variable (its read's code), if it is one. */
  elementsOf(code: string): number | undefined {
    return this.elements.get(code);
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  /** Records `cel` under `key` as a new variable and returns the read of it (with `cel`'s facts). */
  add(key: string, cel: T, prefix = "gkc_v"): T {
    const name = `${prefix}${this.variables.length}`;
    // dyn: a variable's type is its expression's, and the runtime type tests need dyn (values.ts bind).
    this.variables.push({ name, expression: `dyn(${cel.code})` });
    const read = { ...cel, code: `variables.${name}` };
    if (this.mayFail(cel.code)) this.failing.add(read.code);
    this.types.set(read.code, cel.types);
    this.elements.set(read.code, cel.elements);
    if (cel.shape) this.shapes.set(read.code, cel.shape);
    this.byKey.set(key, read);
    return read;
  }
}

/**
 * The key of `expr` when it is closed: its locals (other than those it binds itself) are all bound
 * to variables or constants (`local` gives a local's code, undefined when it has none usable).
 * Undefined when it is not closed.
 */
export function closedKey(expr: Expr, local: (name: string) => string | undefined): string | undefined {
  let closed = true;
  const walk = (e: Expr, inner: ReadonlySet<string>): unknown => {
    if (!closed) return null;
    switch (e.kind) {
      case "local": {
        if (inner.has(e.name)) return { local: e.name };
        const code = local(e.name);
        if (code === undefined) closed = false;
        return { bound: code };
      }
      case "input":
        // The inventory is refused; the review's fields are the request's (global).
        return { input: e.field };
      case "arrayMethod": {
        const within = new Set(inner);
        within.add(e.param);
        return { arrayMethod: e.method, array: walk(e.array, inner), param: e.param, body: walk(e.body, within) };
      }
      case "literal":
      case "undefined":
        return e;
      case "member":
        return { member: walk(e.object, inner), key: walk(e.key, inner) };
      case "op":
        return { op: e.op, args: e.args.map((a) => walk(a, inner)) };
      case "and":
      case "or":
      case "coalesce":
        return { [e.kind]: [walk(e.left, inner), walk(e.right, inner)] };
      case "conditional":
        return { conditional: [walk(e.test, inner), walk(e.then, inner), walk(e.otherwise, inner)] };
      case "template":
        return { template: e.parts.map((p) => walk(p, inner)) };
      case "array":
        return { array: e.items.map((i) => walk(i, inner)) };
      case "object":
        return { object: e.entries.map(([k, v]) => [k, walk(v, inner)]) };
      case "sdkCall":
      case "helperCall":
        return { [e.kind]: e.name, args: e.args.map((a) => walk(a, inner)) };
    }
  };
  const key = JSON.stringify(walk(expr, new Set()));
  return closed ? key : undefined;
}

/** Expressions worth a variable: a computation, not a read of a local, a literal or an input. */
export function worthHoisting(expr: Expr): boolean {
  return expr.kind !== "literal" && expr.kind !== "undefined" && expr.kind !== "local" && expr.kind !== "input";
}
