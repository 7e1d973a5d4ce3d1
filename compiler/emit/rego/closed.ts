// Closed computations: IR expressions that read no local, so they have one value per query.
// A rule body's binding of a closed value is inlined into the steps after it (its term is total,
// so the binding itself tests nothing), which makes every expression built on it closed as well:
// the hoisting in expressions.ts then computes each once per query instead of per rule and
// per iteration (a parsed parameter quantity, a parameter list's wildcard patterns).
import type { Expr } from "../../ir.js";
import { children, freeLocals, localNames, mapChildren, substitute as substituteOnly } from "../../ir-tools.js";
import { memberOrDefault, simplify } from "../../optimize/simplify.js";

/** Rewrites a substituted expression may now allow: inlining a call whose arguments became constants. */
export type Refine = (expr: Expr) => Expr;

/** Substitution, then the simplifications it enables (`lists[0]` of an inlined array literal). */
function substitute(expr: Expr, values: ReadonlyMap<string, Expr>, refine: Refine): Expr {
  return values.size === 0 ? expr : simplify(refine(simplify(substituteOnly(expr, values))));
}
import { ORDER_FORMS } from "./sdk-functions.js";
import { chainKey, strictChains, type HelperForms, type Step } from "./strict.js";
import { literalComparisons } from "./literal-comparisons.js";
import { membersCollection } from "./expressions.js";

/**
 * The path with every binding of a closed value inlined into the steps and result after it
 * (bindings of values that read other closed bindings become closed in turn).
 */
export function inlineClosedBindings(path: readonly Step[], result: Expr | undefined, refine: Refine = (e) => e): { path: Step[]; result: Expr | undefined } {
  const values = new Map<string, Expr>();
  const out: Step[] = [];
  for (const step of path) {
    switch (step.kind) {
      case "bind": {
        const value = substitute(step.value, values, refine);
        if (freeLocals(value).size === 0) values.set(step.name, value);
        else out.push({ ...step, value });
        break;
      }
      case "test":
        out.push({ ...step, value: substitute(step.value, values, refine) });
        break;
      case "iterate":
        out.push({ ...step, iterable: substitute(step.iterable, values, refine) });
        break;
    }
  }
  return { path: out, result: result === undefined ? undefined : substitute(result, values, refine) };
}

/** The locals a step binds. */
function boundBy(step: Step): string[] {
  if (step.kind === "bind") return [step.name];
  if (step.kind === "test") return [];
  if (step.binding.kind === "name") return [step.binding.name];
  return [step.binding.key, step.binding.value].filter((n): n is string => n !== undefined);
}

/**
 * The path with each test moved up to just after the step that binds the last local it reads (a
 * closed test to the front, unless it calls a helper): a body is a conjunction of pure steps, so
 * order does not change its meaning, and a failing test then stops the iterations it does not
 * depend on.
 */
export function hoistTests(original: readonly Step[], helpers: HelperForms = new Map()): Step[] {
  const path = original.flatMap(splitClosedConjuncts);
  const others = path.filter((s) => s.kind !== "test");
  const slots: Step[][] = others.map(() => []);
  const front: Step[] = [];
  const deferred: Step[] = [];
  const computed = computedLocals(path, (e) => callsFunction(e, helpers));
  const helperComputed = computedLocals(path, (e) => callsHelper(e, helpers));
  const iterates = path.some((step) => step.kind === "iterate");
  // A closed test that calls a helper (`objectName(object) === undefined`, a parameter's
  // validity) is one every review passes but must compute: at the end of a body that iterates it
  // is computed only for a would-be violation, and not at all for the many reviews with none.
  const closedLast: Step[] = [];
  for (const step of path) {
    if (step.kind !== "test") continue;
    const reads = freeLocals(step.value);
    if (reads.size === 0 && iterates && callsHelper(step.value, helpers)) {
      closedLast.push(step);
      continue;
    }
    // A test that calls a function per element goes last: it then runs only where every cheap
    // test held. (A closed one is computed once per query, so it goes first.) So does a test of
    // a local bound to a call (`name := containerName(c)`, then `name` tested): the binding then
    // sinks to just before it, past the cheap tests.
    if (reads.size > 0 && (callsFunction(step.value, helpers) || [...reads].some((name) => computed.has(name)))) {
      deferred.push(step);
      continue;
    }
    let last = -1;
    others.forEach((other, index) => {
      if (boundBy(other).some((name) => reads.has(name))) last = index;
    });
    (last < 0 ? front : slots[last]!).push(step);
  }
  // A deferred test waits past bindings and cheap tests, not past an iteration: there it would
  // run once per element of every later iteration instead of once. Except a test that calls a
  // helper or runs an array method (an exempt-image check, say): it goes to the end of the body,
  // past the iterations and every other test (the SDK calls' too: K8sContainerRatios' quantity
  // parsing), and then runs once per combination that every other test let through (a would-be
  // violation, rare) instead of once per element it reads. At the
  // end, the test that reads the innermost local comes first: it is about one element, so it is
  // the likelier to fail; of tests about the same local, one that loops (an array method, here or
  // in a helper it calls) comes after those that do not, which may fail it at less cost.
  const ordered = [...front, ...others.flatMap((step, index) => [step, ...slots[index]!])];
  const last: { readonly test: Step; readonly after: Step | undefined }[] = [];
  for (const test of deferred) {
    const reads = freeLocals(test.kind === "test" ? test.value : { kind: "undefined" });
    let bound = -1;
    ordered.forEach((step, index) => {
      if (boundBy(step).some((name) => reads.has(name))) bound = index;
    });
    const nextIteration = ordered.findIndex((step, index) => index > bound && step.kind === "iterate");
    // A test of a local bound to a helper call runs that call where its binding sinks to.
    if (callsHelper(test.kind === "test" ? test.value : { kind: "undefined" }, helpers) || [...reads].some((name) => helperComputed.has(name))) last.push({ test, after: ordered[bound] });
    else if (nextIteration < 0) ordered.push(test);
    else ordered.splice(nextIteration, 0, test);
  }
  const depth = (entry: (typeof last)[number]) => (entry.after === undefined ? -1 : ordered.indexOf(entry.after));
  const looping = (entry: (typeof last)[number]) => (entry.test.kind === "test" && loops(entry.test.value, helpers) ? 1 : 0);
  ordered.push(...last.sort((a, b) => depth(b) - depth(a) || looping(a) - looping(b)).map((entry) => entry.test), ...closedLast);
  return sinkBindings(ordered);
}

/**
 * A test `a && b` where one side reads no local as two tests, so the closed side goes to the
 * front (`isObject(annotations) && key !== undefined`: the first is computed once per query).
 */
function splitClosedConjuncts(step: Step): Step[] {
  if (step.kind !== "test" || step.negated || step.value.kind !== "and") return [step];
  const { left, right } = step.value;
  if (freeLocals(left).size > 0 && freeLocals(right).size > 0) return [step];
  return [{ ...step, value: left }, { ...step, value: right }].flatMap(splitClosedConjuncts);
}

/** The locals bound to a value that `calls`, directly or through another such local. */
function computedLocals(path: readonly Step[], calls: (expr: Expr) => boolean): Set<string> {
  const computed = new Set<string>();
  for (const step of path) {
    if (step.kind !== "bind") continue;
    if (calls(step.value) || [...freeLocals(step.value)].some((name) => computed.has(name))) computed.add(step.name);
  }
  return computed;
}

/**
 * Each binding moved down to just before the first step that reads it, but not past an
 * iteration: a value only the message reads is then computed only where every test held, and
 * never once per element of a loop it does not depend on.
 */
function sinkBindings(path: readonly Step[]): Step[] {
  const steps = [...path];
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (step.kind !== "bind") continue;
    steps.splice(i, 1);
    let target = i;
    while (target < steps.length && steps[target]!.kind !== "iterate" && !freeLocals(stepValue(steps[target]!)).has(step.name)) target++;
    steps.splice(target, 0, step);
  }
  return steps;
}

function stepValue(step: Step): Expr {
  return step.kind === "iterate" ? step.iterable : step.value;
}

/**
 * True when `expr` calls a helper or runs an array method: a function of several branches, or a
 * loop. sdk/order.ts functions count as helpers: they stay a call (gkc_rego_less and the others)
 * unless the operands' kinds, known only at emission, make them an operator.
 */
function callsHelper(expr: Expr, helpers: HelperForms): boolean {
  const searched = literalSearch(expr, helpers);
  if (searched !== undefined) return callsHelper(searched, helpers);
  if (expr.kind === "helperCall" || expr.kind === "arrayMethod" || (expr.kind === "sdkCall" && ORDER_FORMS.has(expr.name))) return true;
  return children(expr).some((child) => callsHelper(child, helpers));
}

/**
 * The collection of `members(x).includes(literal)`, which the emitter writes as Rego's
 * `"literal" in x`: one builtin, no call of the members helper.
 */
function literalSearch(expr: Expr, helpers: HelperForms): Expr | undefined {
  if (expr.kind !== "op" || expr.op !== "arrayIncludes") return undefined;
  const [items, value] = expr.args;
  return items !== undefined && value?.kind === "literal" ? membersCollection(items, helpers) : undefined;
}

/**
 * True when `expr` runs an array method over a value that reads a local (an element's labels,
 * not a parameter list, whose loop is as long for every element), itself or in a helper it
 * calls with such an argument; a helper whose form is not known (a body of statements) counts
 * as one that loops.
 */
function loops(expr: Expr, helpers: HelperForms, seen: ReadonlySet<string> = new Set()): boolean {
  if (expr.kind === "arrayMethod" && freeLocals(expr.array).size > 0) return true;
  if (expr.kind === "helperCall" && !seen.has(expr.name)) {
    const form = helpers.get(expr.name);
    if (form === undefined) return true;
    const body = substituteOnly(form.body, new Map(form.params.map((param, index) => [param, expr.args[index] ?? { kind: "undefined" }])));
    if (loops(body, helpers, new Set([...seen, expr.name]))) return true;
  }
  return children(expr).some((child) => loops(child, helpers, seen));
}

/** True when `expr` calls a helper or SDK function or runs an array method (costly in Rego). */
function callsFunction(expr: Expr, helpers: HelperForms): boolean {
  const searched = literalSearch(expr, helpers);
  if (searched !== undefined) return callsFunction(searched, helpers);
  // isObject is the builtin is_object.
  if (expr.kind === "helperCall" || (expr.kind === "sdkCall" && expr.name !== "isObject") || expr.kind === "arrayMethod") return true;
  return children(expr).some((child) => callsFunction(child, helpers));
}

/**
 * The path with each later occurrence of a bound value replaced by its local: `image :=
 * container.image`, then `isExempt(container.image)` reads `image`. The values are pure, so the
 * local holds the same value, as long as nothing in between binds a name the value reads.
 */
export function shareBoundValues(path: readonly Step[], result: Expr | undefined): { path: Step[]; result: Expr | undefined } {
  const out: Step[] = [];
  /** Bound values still valid here, by their JSON text. */
  const available = new Map<string, { readonly name: string; readonly reads: ReadonlySet<string> }>();
  const replace = (expr: Expr): Expr => {
    const found = available.get(JSON.stringify(expr));
    if (found) return { kind: "local", name: found.name };
    return mapChildren(expr, replace);
  };
  const bindsName = (names: readonly string[]) => {
    for (const [key, value] of available) if (names.some((n) => n === value.name || value.reads.has(n))) available.delete(key);
  };
  for (const step of path) {
    switch (step.kind) {
      case "bind": {
        const value = replace(step.value);
        out.push({ ...step, value });
        bindsName([step.name]);
        if (value.kind !== "local" && value.kind !== "literal" && value.kind !== "undefined" && !hasLambda(value)) {
          available.set(JSON.stringify(value), { name: step.name, reads: freeLocals(value) });
        }
        break;
      }
      case "test":
        out.push({ ...step, value: replace(step.value) });
        break;
      case "iterate":
        out.push({ ...step, iterable: replace(step.iterable) });
        bindsName(boundBy(step));
        break;
    }
  }
  return { path: out, result: result === undefined ? undefined : replace(result) };
}

/** An array method's lambda may shadow names, so values holding one are not shared. */
function hasLambda(expr: Expr): boolean {
  return expr.kind === "arrayMethod" || children(expr).some(hasLambda);
}

/** The local a member chain of string keys starts from, for a chain of at least one member. */
function chainRoot(expr: Expr): string | undefined {
  if (expr.kind !== "member" || expr.key.kind !== "literal" || typeof expr.key.value !== "string") return undefined;
  if (expr.object.kind === "local") return expr.object.name;
  return chainRoot(expr.object);
}

/** The member names of a chain, outermost last. */
function chainKeys(expr: Expr): string[] {
  return expr.kind === "member" && expr.key.kind === "literal" ? [...chainKeys(expr.object), String(expr.key.value)] : [];
}

/**
 * The path with each member chain of a local that one step reads at least twice bound once, just
 * before that step (`spec.maxUnavailable` in `spec.maxUnavailable === undefined ? 1 :
 * spec.maxUnavailable`, which then needs no helper rule; `allowed.role`, tested and compared per
 * element). The values are pure and nothing rebinds the root, so the new local holds the same
 * value. A chain read by two steps is left alone: binding it before the first would read it
 * where a failing test in between would have skipped the second read; so is one whose root is
 * bound outside a loop the reading step is in, which the binding would leave. Lambda bodies are
 * left alone too: their parameter may shadow the root.
 */
export function bindRepeatedReads(path: readonly Step[], result: Expr | undefined, helpers: HelperForms = new Map()): { path: Step[]; result: Expr | undefined } {
  // A chain the body reads as a reference (it fails where the chain is undefined) costs a lookup
  // as cheap as a local's; the others are an object.get each.
  const references = strictChains(path, result, helpers);
  const bindings = new Map<string, number>();
  path.forEach((step) => boundBy(step).forEach((name) => bindings.set(name, (bindings.get(name) ?? 0) + 1)));
  // A root bound twice may be two values; the chain is left alone.
  const singlyBound = (root: string) => (bindings.get(root) ?? 1) === 1;
  type Reads = { readonly chain: Expr; readonly step: number; count: number };
  const reads = new Map<string, Reads | "several steps">();
  const visit = (expr: Expr, onChain: (chain: Expr) => Expr | undefined, counting: boolean): Expr => {
    // `x === a || x === b` of literals is one read of x (`x in {a, b}`, expressions.ts).
    const subject = counting ? literalComparisons(expr)?.subject : undefined;
    if (subject !== undefined) return visit(subject, onChain, counting);
    // So is `x === undefined ? d : x` of a literal d (one object.get with d for its default).
    const defaulted = counting ? memberOrDefault(expr) : undefined;
    if (defaulted !== undefined) return visit(defaulted.read, onChain, counting);
    const root = chainRoot(expr);
    if (root !== undefined && singlyBound(root)) return onChain(expr) ?? expr;
    if (expr.kind === "arrayMethod") return { ...expr, array: visit(expr.array, onChain, counting) };
    return mapChildren(expr, (child) => visit(child, onChain, counting));
  };
  const countIn = (expr: Expr, step: number) => visit(expr, (chain) => {
    const key = chainKey(chain)!;
    const entry = reads.get(key);
    if (entry === undefined) reads.set(key, { chain, step, count: 1 });
    else if (entry !== "several steps" && entry.step === step) entry.count++;
    else reads.set(key, "several steps");
    return undefined;
  }, true);
  path.forEach((step, index) => countIn(stepValue(step), index));
  if (result !== undefined) countIn(result, path.length);
  // Where the root comes from before an iteration the reading step runs in, the bound value
  // would be computed before the loop for every body, even where the loop's tests fail first.
  const bindingIndex = (root: string) => path.findIndex((step) => boundBy(step).includes(root));
  const insideLaterLoop = (chain: Expr, step: number) =>
    path.slice(bindingIndex(chainRoot(chain)!) + 1, step).some((s) => s.kind === "iterate");
  const repeated = [...reads.entries()].flatMap(([key, entry]) =>
    entry !== "several steps" && entry.count >= 2 && !references.has(key) && !insideLaterLoop(entry.chain, entry.step)
      ? [{ key, ...entry }] : []);
  if (repeated.length === 0) return { path: [...path], result };
  const taken = new Set<string>(bindings.keys());
  path.forEach((step) => localNames(stepValue(step), taken));
  if (result !== undefined) localNames(result, taken);
  const names = new Map<string, string>();
  const binds = new Map<number, Step[]>();
  for (const { key, chain, step } of repeated) {
    const base = [chainRoot(chain)!, ...chainKeys(chain)].join("_").replace(/[^A-Za-z0-9_]/g, "_");
    let name = base;
    for (let n = 1; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    names.set(key, name);
    binds.set(step, [...(binds.get(step) ?? []), { kind: "bind", name, value: chain }]);
  }
  const replace = (expr: Expr) => visit(expr, (chain) => {
    const name = names.get(chainKey(chain)!);
    return name === undefined ? undefined : { kind: "local", name };
  }, false);
  const out: Step[] = [];
  path.forEach((step, index) => {
    out.push(...(binds.get(index) ?? []));
    out.push(step.kind === "iterate" ? { ...step, iterable: replace(step.iterable) } : { ...step, value: replace(step.value) });
  });
  out.push(...(binds.get(path.length) ?? []));
  return { path: out, result: result === undefined ? undefined : replace(result) };
}
