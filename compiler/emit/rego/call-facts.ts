// What every call of a helper passes it (rule 18 of the README): the kinds, element kinds and
// parameter shape of each argument, joined over the calls. The module is emitted once to learn
// them, then again with them holding for the helpers' parameters (rules.ts emitHelper), so
// `withinSomeRange(replicas, ranges)`, called only with the parameters' `ranges`, reads its
// elements' integer bounds with Rego's `<=` rather than the generic comparison.
import type { Expr } from "../../ir.js";
import { ANY, ARRAY, elementKindsOf, only, type Facts, type HelperKinds, type Kinds, type Shape } from "./facts.js";

/** What is known of one argument of a helper, over the calls seen so far. */
export interface ArgumentFacts {
  readonly kinds: Kinds;
  /** The kinds of its elements, where it can only be an array (else ANY). */
  readonly elements: Kinds;
  readonly shape: Shape | undefined;
}

/** The arguments' facts of each helper (by its Rego name), joined over its calls. */
export class CallFacts {
  private readonly byHelper = new Map<string, ArgumentFacts[]>();

  /** Notes a call of `name` with these arguments, under the caller's facts. */
  note(name: string, args: readonly Expr[], facts: Facts, kinds: (expr: Expr, facts: Facts) => Kinds, helperKinds: HelperKinds): void {
    const seen = args.map((arg): ArgumentFacts => {
      const argKinds = kinds(arg, facts);
      return { kinds: argKinds, elements: only(argKinds, ARRAY) ? elementKindsOf(arg, facts, helperKinds) : ANY, shape: facts.shapeOf(arg) };
    });
    const before = this.byHelper.get(name);
    this.byHelper.set(name, before === undefined ? seen : seen.map((facts, i) => join(before[i], facts)));
  }

  /** The joined facts of each parameter of `name`; undefined where it was never called. */
  of(name: string): readonly ArgumentFacts[] | undefined {
    return this.byHelper.get(name);
  }

  /** Whether every call noted here passes what `assumed` says every call passes (for each helper it holds facts of). */
  within(assumed: CallFacts): boolean {
    for (const [name, args] of this.byHelper) {
      const outer = assumed.byHelper.get(name);
      if (outer === undefined) continue; // emitted without facts of its parameters
      if (args.length !== outer.length || !args.every((facts, i) => subsumes(outer[i]!, facts))) return false;
    }
    return true;
  }
}

/** What holds of an argument on either of two calls. */
function join(a: ArgumentFacts | undefined, b: ArgumentFacts): ArgumentFacts {
  if (a === undefined) return { kinds: ANY, elements: ANY, shape: undefined };
  const shape = a.shape !== undefined && b.shape !== undefined && a.shape.schema === b.shape.schema && a.shape.topLevel === b.shape.topLevel ? { ...a.shape, present: a.shape.present && b.shape.present } : undefined;
  return { kinds: a.kinds | b.kinds, elements: a.elements | b.elements, shape };
}

/** Whether `inner` claims no more than `outer` (so what was assumed from `outer` holds of it). */
function subsumes(outer: ArgumentFacts, inner: ArgumentFacts): boolean {
  if ((inner.kinds & ~outer.kinds) !== 0) return false;
  if (only(outer.kinds, ARRAY) && (inner.elements & ~outer.elements) !== 0) return false;
  if (outer.shape === undefined) return true;
  return inner.shape !== undefined && inner.shape.schema === outer.shape.schema && inner.shape.topLevel === outer.shape.topLevel && (inner.shape.present || !outer.shape.present);
}

/** `facts` with what every call passes holding for the helper's parameters. */
export function withParameterFacts(facts: Facts, params: readonly string[], args: readonly ArgumentFacts[] | undefined): Facts {
  if (args === undefined) return facts;
  return params.reduce((f, param, i) => {
    const arg = args[i];
    if (arg === undefined) return f;
    const typed = f.with(param, arg.kinds);
    return (only(arg.kinds, ARRAY) ? typed.withElements(param, arg.elements) : typed).withShape(param, arg.shape);
  }, facts);
}
