// A violation rule's path with its boolean structure spelled out as Rego spells it by hand: a
// disjunction becomes one rule per disjunct, `xs.some(x => p(x))` becomes an iteration over xs
// followed by p, and an iteration over a short array literal becomes one rule per element.
//
// Why this keeps the meaning: a path is a conjunction of pure steps, and `violation` is a set.
// The messages of a path whose test is `a || b` are exactly the union of the messages of the path
// with `a` and of the path with `b` (a test binds nothing the message reads, and each disjunct's
// rule may only add duplicates, which the set absorbs). `xs.some(p)` holds exactly when one
// element of xs (an array; anything else has none, as for every iteration) satisfies p. Only
// violation rules and a helper's branches are expanded; the branch's alternatives stay
// consecutive in its else chain, with the same result, so the order of the chain is kept.
//
// Why it is faster: the folded form computes every disjunct (Rego has no short-circuit inside a
// term) and a comprehension per `some`; the expanded rules evaluate each condition once, where it
// applies, and the emitter can read their members as references.
import type { Expr } from "../../ir.js";
import { children, freeLocals, isCheap, localNames, substitute } from "../../ir-tools.js";
import type { HelperForms, Step } from "./strict.js";
import { callsOrIterates, membersCollection } from "./expressions.js";
import { argumentsOf } from "../../optimize/inline-helpers.js";
import { same } from "../../optimize/simplify.js";
import { falsyTestSubject } from "./existence-tests.js";

/** Rules one path may become: past this a test or iteration is left as it is. */
const MAX_PATHS = 16;
/**
 * Rules a path may become once it iterates: each rule repeats the iteration and every step before
 * the split for each element, so past two a folded test is cheaper than another pass over the
 * elements (rule 14; K8sContainerRatios had 78 rules, 16 for one yield).
 */
const ITERATED_PATHS = 2;
/** Helper calls in tests are expanded through at most this many nested helpers. */
const HELPER_DEPTH = 4;
/** Steps a split of a closed disjunction would repeat per rule, past which it is lifted instead. */
const REPEATED_STEPS = 3;
/** Iterations over array literals of at most this many elements become one rule per element. */
const UNROLL_LIMIT = 8;

type Alternatives = Step[][];

function stepNames(step: Step, found: Set<string>): void {
  switch (step.kind) {
    case "bind":
      found.add(step.name);
      localNames(step.value, found);
      break;
    case "test":
      localNames(step.value, found);
      break;
    case "iterate":
      if (step.binding.kind === "name") found.add(step.binding.name);
      else for (const name of [step.binding.key, step.binding.value]) if (name !== undefined) found.add(name);
      localNames(step.iterable, found);
      break;
  }
}

/**
 * Whether `expr` runs an array method over something read from the reviewed object (its
 * containers, their ports): split, such a disjunction is rules that iterate once per element and
 * share sibling lists (sibling-lists.ts), which a lifted rule's bodies do not
 * (K8sPSPHostNetworkingPorts: 1,125 → 1,193 allocations per review lifted).
 */
function iteratesObject(expr: Expr): boolean {
  const readsObject = (e: Expr): boolean => (e.kind === "input" && e.field === "object") || children(e).some(readsObject);
  if (expr.kind === "arrayMethod" && readsObject(expr.array)) return true;
  return children(expr).some(iteratesObject);
}

/** The steps `step` becomes where it holds as one conjunction: a test's conjuncts, else one. */
function stepWeight(step: Step): number {
  if (step.kind !== "test") return 1;
  const conjuncts = (e: Expr, negated: boolean): number => {
    if (e.kind === "op" && e.op === "not" && e.args[0]) return conjuncts(e.args[0], !negated);
    if ((e.kind === "and" && !negated) || (e.kind === "or" && negated)) return conjuncts(e.left, negated) + conjuncts(e.right, negated);
    return 1;
  };
  return conjuncts(step.value, step.negated);
}

/** Every combination of one alternative from `left` followed by one from `right`. */
function product(left: Alternatives, right: Alternatives): Alternatives {
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function iterationStep(name: string, iterable: Expr): Step {
  return { kind: "iterate", binding: { kind: "name", name }, iterable };
}

class Expander {
  private depth = 0;
  /** The steps of the path besides the one being expanded: what each rule of a split repeats. */
  private otherSteps = 0;

  constructor(
    private readonly taken: Set<string>,
    private readonly helpers: HelperForms,
    private readonly maxPaths: number,
    /** A disjunction that reads no local stays one test (the emitter lifts it into a rule, computed once). */
    private readonly keepClosedDisjunctions: boolean,
    /**
     * Whether a disjunction after an iteration may split into rules. A violation rule's may not
     * (README rule 14): its second rule would repeat the iteration and every step before the
     * test per element, to save a type test or a printer call. A helper's become `else` branches.
     */
    private readonly iteratedDisjunctions: boolean,
  ) {}

  /** Whether the path has iterated by the step being expanded. */
  private iterated = false;

  /**
   * A helper call as a test: the helper's body (a decision tree of its parameters) with the
   * arguments in place, so that its branches become rules instead of one call per element. Only
   * for cheap arguments (they are repeated) that no lambda of the body would capture.
   */
  private inlined(call: Extract<Expr, { kind: "helperCall" }>): Expr | undefined {
    const form = this.helpers.get(call.name);
    if (form === undefined || this.depth >= HELPER_DEPTH || !call.args.every(isCheap)) return undefined;
    const values = argumentsOf(form.params, form.body, call.args);
    return values === undefined ? undefined : substitute(form.body, values);
  }

  /**
   * `members(x).some((m) => m === "lit")` (a string, boolean or null literal; also through a helper
   * whose body it is) as x and the literal, for `members(x).includes("lit")`, which the emitter
   * writes as Rego's `"lit" in x`: one builtin where the iteration was a step per element. A
   * literal scalar equals an element exactly when JavaScript's `===` does (no array or object
   * equals one), and `includes` differs from `===` only for NaN, which no literal of these is.
   */
  private searched(test: Expr): { array: Expr; literal: Expr } | undefined {
    if (test.kind === "helperCall") {
      const body = this.inlined(test);
      return body === undefined ? undefined : this.searched(body);
    }
    if (test.kind !== "arrayMethod" || test.method !== "some") return undefined;
    if (membersCollection(test.array, this.helpers) === undefined) return undefined;
    const body = test.body;
    if (body.kind !== "op" || body.op !== "strictEquals" || body.args.length !== 2) return undefined;
    const isParam = (e: Expr) => e.kind === "local" && e.name === test.param;
    const [a, b] = body.args as [Expr, Expr];
    const literal = isParam(a) ? b : isParam(b) ? a : undefined;
    if (literal?.kind !== "literal" || typeof literal.value === "number") return undefined;
    return { array: test.array, literal };
  }

  /**
   * `members(x).includes(a) || members(x).includes(b) || …` (literals, as `searched` finds them) as
   * one rule that iterates x and tests each element's membership in [a, b, …], where the
   * disjunction would be a rule per literal, each repeating every step before it. Some element
   * equals some literal exactly when one of the literals is among the elements.
   */
  private searchedAny(test: Extract<Expr, { kind: "or" }>): Step[] | undefined {
    const disjuncts: Expr[] = [];
    const flatten = (e: Expr): void => {
      if (e.kind === "or") {
        flatten(e.left);
        flatten(e.right);
      } else disjuncts.push(e);
    };
    flatten(test);
    const found = disjuncts.map((d) => this.searched(d));
    const [first] = found;
    if (first === undefined || !found.every((f) => f !== undefined && same(f.array, first.array))) return undefined;
    const element = this.fresh("member");
    const literals: Expr = { kind: "array", items: found.map((f) => f!.literal) };
    return [iterationStep(element, first.array), { kind: "test", value: { kind: "op", op: "arrayIncludes", args: [literals, { kind: "local", name: element }] }, negated: false }];
  }

  /**
   * Whether a disjunction (or negated conjunction) that reads no local stays one test, which the
   * emitter lifts into a rule computed once per query (expressions.ts emitTest): where its rules
   * would each repeat at least REPEATED_STEPS other steps, or a call. A rule costs Gatekeeper
   * about a call, and the lifted rule's closed operands become shared rules, so the split is the
   * cheaper of the two where the steps are few and cheap (K8sPSPHostNamespace's two flags).
   */
  private keepsFolded(test: Expr, negated: boolean): boolean {
    if (!this.keepClosedDisjunctions || !((test.kind === "or" && !negated) || (test.kind === "and" && negated)) || freeLocals(test).size > 0) return false;
    return !iteratesObject(test) && (this.otherSteps >= REPEATED_STEPS || callsOrIterates(test));
  }

  /** A local name no step, result or lambda of the path uses. */
  private fresh(base: string): string {
    for (let n = 1; ; n++) {
      const name = `${base}${n}`;
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }

  /**
   * The step sequences, one per rule, that together hold exactly where `test` (negated: its
   * negation) is truthy: at most `budget` of them. A disjunction the budget cannot afford stays
   * one folded test.
   */
  test(test: Expr, negated: boolean, budget: number): Alternatives {
    const folded: Alternatives = [[{ kind: "test", value: test, negated }]];
    const conjunction = (left: Expr, leftNegated: boolean, right: Expr, rightNegated: boolean, within: number): Alternatives => {
      const first = this.test(left, leftNegated, within);
      if (first.length === 0) return [];
      return product(first, this.test(right, rightNegated, Math.max(1, Math.floor(within / first.length))));
    };
    const disjunction = (left: () => Alternatives, right: (within: number) => Alternatives): Alternatives => {
      if (budget < 2 || (this.iterated && !this.iteratedDisjunctions)) return folded;
      const first = left();
      return [...first, ...right(budget - first.length)];
    };
    const searched = this.searched(test);
    if (searched !== undefined) return [[{ kind: "test", value: { kind: "op", op: "arrayIncludes", args: [searched.array, searched.literal] }, negated }]];
    const searchedAny = test.kind === "or" && !negated ? this.searchedAny(test) : undefined;
    if (searchedAny !== undefined) return [searchedAny];
    // A constant test keeps the rule as it is, or removes it (no alternative at all).
    if (test.kind === "literal" || test.kind === "undefined") return (test.kind === "literal" && Boolean(test.value)) !== negated ? [[]] : [];
    if (test.kind === "op" && test.op === "not" && test.args[0]) return this.test(test.args[0], !negated, budget);
    // `x === undefined || x === false`, Rego's falsiness, is one test either way (a reference, or
    // a membership in {set(), false}): split, each rule would repeat every other step.
    if (test.kind === "or" && falsyTestSubject(test) !== undefined) return folded;
    if ((test.kind === "and" && !negated) || (test.kind === "or" && negated)) return conjunction(test.left, negated, test.right, negated, budget);
    // `!(a && b)` splits only where one side is closed (computed once per query, and cheap to
    // fail): otherwise its rules would repeat every iteration for a type test.
    const closedSide = test.kind === "and" && (freeLocals(test.left).size === 0 || freeLocals(test.right).size === 0);
    if (this.keepsFolded(test, negated)) return folded;
    if ((test.kind === "or" && !negated) || (test.kind === "and" && negated && closedSide)) {
      return disjunction(() => this.test(test.left, negated, budget - 1), (within) => this.test(test.right, negated, within));
    }
    if (test.kind === "conditional") {
      // A branch that cannot hold (`isObject(o) ? o.k === true : false`) adds no rule: the other
      // branch's conjunction is one rule however small the budget.
      const then = conjunction(test.test, false, test.then, negated, Math.max(1, budget - 1));
      const otherwise = conjunction(test.test, true, test.otherwise, negated, Math.max(1, budget - then.length));
      return then.length + otherwise.length <= budget ? [...then, ...otherwise] : folded;
    }
    if (test.kind === "helperCall") {
      const body = this.inlined(test);
      if (body === undefined) return folded;
      this.depth++;
      const expanded = this.test(body, negated, budget);
      this.depth--;
      // Only where the body is one conjunction: each rule costs Gatekeeper an evaluation of its
      // own (about two calls' worth), so branches the call would choose among stay in the call.
      return expanded.length === 1 ? expanded : folded;
    }
    if (test.kind === "arrayMethod" && ((test.method === "some" && !negated) || (test.method === "every" && negated))) {
      // Some element satisfies the body (every: some element fails it).
      const element = this.fresh(test.param);
      const body = substitute(test.body, new Map([[test.param, { kind: "local", name: element }]]));
      const over = this.iterations(element, test.array, budget);
      return product(over, this.test(body, negated, Math.max(1, Math.floor(budget / Math.max(1, over.length)))));
    }
    return folded;
  }

  /**
   * `name` bound to each element of `iterable`, as at most `budget` step sequences: one per
   * element of a short array literal, one per branch of a conditional (or of a helper whose body
   * is one), else one iteration.
   */
  private iterations(name: string, iterable: Expr, budget: number): Alternatives {
    const plain: Alternatives = [[iterationStep(name, iterable)]];
    if (iterable.kind === "array" && iterable.items.length <= Math.min(UNROLL_LIMIT, budget)) {
      // `for (x of [a, b])`: the path once with x bound to a, once to b (none for []).
      return iterable.items.map((value) => [{ kind: "bind", name, value }]);
    }
    if (iterable.kind === "conditional" && budget >= 2) {
      const then = product(this.test(iterable.test, false, budget - 1), this.iterations(name, iterable.then, budget - 1));
      const otherwise = product(this.test(iterable.test, true, Math.max(1, budget - then.length)), this.iterations(name, iterable.otherwise, Math.max(1, budget - then.length)));
      return then.length + otherwise.length <= budget ? [...then, ...otherwise] : plain;
    }
    // A members-style helper is iterated natively (`some v in x`, expressions.ts): left as it is.
    if (iterable.kind === "helperCall" && membersCollection(iterable, this.helpers) === undefined) {
      const body = this.inlined(iterable);
      if (body === undefined || (body.kind !== "conditional" && body.kind !== "array")) return plain;
      this.depth++;
      const expanded = this.iterations(name, body, budget);
      this.depth--;
      return expanded;
    }
    return plain;
  }

  path(path: readonly Step[]): Alternatives {
    const total = path.reduce((sum, step) => sum + stepWeight(step), 0);
    let alternatives: Alternatives = [[]];
    // Once the path iterates, it may become at most ITERATED_PATHS rules (and never more than maxPaths).
    let limit = this.maxPaths;
    for (const step of path) {
      const budget = Math.max(1, Math.floor(limit / Math.max(1, alternatives.length)));
      if (step.kind === "iterate") {
        limit = Math.min(limit, ITERATED_PATHS);
        this.iterated = true;
      }
      this.otherSteps = total - stepWeight(step);
      let next: Alternatives = [[step]];
      // An implied test is left for the emitter to drop (a helper's `else` already excludes it).
      if (step.kind === "test" && !step.implied) next = this.test(step.value, step.negated, budget);
      else if (step.kind === "iterate" && step.binding.kind === "name") next = this.iterations(step.binding.name, step.iterable, budget);
      alternatives = product(alternatives, next);
    }
    return alternatives;
  }
}

/**
 * The paths (each a conjunction) that together hold exactly where `path` does: for a violation
 * rule, or for consecutive branches of a helper's else chain with the same result. `result` is
 * what the path yields; its locals are kept apart from fresh names. At most `maxPaths` paths:
 * with 1, the tests are only unrolled into steps (a `some` into an iteration), never split.
 * Without `iteratedDisjunctions`, a disjunction after an iteration stays one test.
 */
export function expandPath(path: readonly Step[], result: Expr | undefined, helpers: HelperForms, maxPaths = MAX_PATHS, keepClosedDisjunctions = false, iteratedDisjunctions = true): Step[][] {
  const taken = new Set<string>();
  for (const step of path) stepNames(step, taken);
  if (result !== undefined) localNames(result, taken);
  return new Expander(taken, helpers, maxPaths, keepClosedDisjunctions, iteratedDisjunctions).path(path);
}
