// Structured IR statements → Rego rule bodies. Every execution path of the predicate that reaches
// a `yield` becomes one `violation` rule whose body is the path's bindings, iterations and tests;
// every path of a helper that reaches a `return` becomes one body of an `else` chain.
import { YIELD_KEY } from "../../cel-messages.js";
import type { Expr, HelperFunction, Program, Stmt } from "../../ir.js";
import { type BoundReference, EmitScope, LIFTED, LIFTED_CONDITIONAL, boundReference, callsOrIterates, emitExpr, emitTest, inventoryObjectsRef, iterationTerm, liftsConditional, readsLocal } from "./expressions.js";
import { freeLocals, localNames, operandsOf, substitute, yieldsOf } from "../../ir-tools.js";
import { ANY, ARRAY, BOOLEAN, Facts, OBJECT, STRING, UNDEFINED, elementKindsOf, only, type Kinds } from "./facts.js";
import { chainKey, failsWithoutLocal, strictChains, type Step } from "./strict.js";
import { bindRepeatedReads, hoistTests, inlineClosedBindings, shareBoundValues } from "./closed.js";
import { blankLiterals, readsIdentifier } from "./terms.js";
import { expandPath } from "./expand.js";
import { splitDefinedConditionals } from "./defined-conditionals.js";
import { falsyTestSubject, inlineExistenceReads, stepReads } from "./existence-tests.js";
import { withParameterFacts } from "./call-facts.js";

// A test step's `implied`: the negation of an `if` whose then-branch returns on every path. In a
// helper's else chain those returns are earlier branches, so Rego's `else` already excludes it.

type Path = readonly Step[];

interface Exit {
  readonly path: Path;
  readonly value: Expr;
  readonly line: number;
  /** For a choice of yields: the `if` it is, whose yields `value` chooses among (yieldChoice). */
  readonly choice?: IfStatement;
}

type IfStatement = Extract<Stmt, { kind: "if" }>;
type YieldStatement = Extract<Stmt, { kind: "yield" }>;

/**
 * `if (t) yield a; else yield b` (branches nested so too) as one yield of `t ? a : b`: every path
 * through it yields exactly once, so one violation rule with the message chosen by the test gives
 * the same violations, where a rule per branch computes everything before the test once for each
 * (rule 14 of the README). `leaf` gives what each yield contributes (its message, or its message
 * with its line); undefined where the statements are not such a choice.
 */
function yieldChoice(statements: readonly Stmt[], leaf: (y: YieldStatement) => Expr): Expr | undefined {
  if (statements.length !== 1) return undefined;
  const [statement] = statements as [Stmt];
  if (statement.kind === "yield") return leaf(statement);
  if (statement.kind !== "if") return undefined;
  const then = yieldChoice(statement.then, leaf);
  const otherwise = then && yieldChoice(statement.otherwise, leaf);
  return then && otherwise && { kind: "conditional", test: statement.test, then, otherwise };
}

/** Paths that fall through `statements`; yields/returns met on the way are collected in `exits`. */
/** Literals, and array and object literals of constants. */
function isConstant(expr: Expr): boolean {
  if (expr.kind === "literal") return true;
  if (expr.kind === "array") return expr.items.every(isConstant);
  if (expr.kind === "object") return expr.entries.every(([, v]) => isConstant(v));
  return false;
}

/** Iterations of at most this many literal elements are unrolled in violation rules. */
const UNROLL_LIMIT = 8;

/**
 * Paths that fall through `statements`; yields/returns met on the way are collected in `exits`.
 * With `optimized` (violation rules, whose order does not matter, with the optimizer on): a loop
 * over an array literal of literals (`for (const i of [0, 1, 2])`) becomes one path per element
 * with the element bound: no iteration, and the element is a constant the emitter can fold
 * (`lists[i]`); and an `if` whose branches only yield is one yield (yieldChoice).
 */
function walk(statements: readonly Stmt[], paths: Path[], exits: Exit[], optimized = false): Path[] {
  let live = paths;
  for (const statement of statements) {
    if (live.length === 0) break;
    switch (statement.kind) {
      case "const":
        live = live.map((p) => [...p, { kind: "bind", name: statement.name, value: statement.value }]);
        break;
      case "yield":
        for (const path of live) exits.push({ path, value: statement.value, line: statement.line });
        break;
      case "return":
        if (statement.value) for (const path of live) exits.push({ path, value: statement.value, line: 0 });
        live = [];
        break;
      case "continue":
        live = [];
        break;
      case "if": {
        const value = optimized ? yieldChoice([statement], (y) => y.value) : undefined;
        if (value !== undefined) {
          for (const path of live) exits.push({ path, value, line: yieldsOf([statement])[0]!.line, choice: statement });
          break;
        }
        const implied = returnsOnEveryPath(statement.then);
        const thenPaths = walk(statement.then, live.map((p) => [...p, { kind: "test", value: statement.test, negated: false }]), exits, optimized);
        const elsePaths = walk(statement.otherwise, live.map((p) => [...p, { kind: "test", value: statement.test, negated: true, implied }]), exits, optimized);
        // Without an exit in either branch every path falls through unchanged; keep it short.
        if (!canExit(statement.then) && !canExit(statement.otherwise)) break;
        live = [...thenPaths, ...elsePaths];
        break;
      }
      case "forOf":
        const { binding, iterable } = statement;
        if (optimized && binding.kind === "name" && iterable.kind === "array" && iterable.items.length <= UNROLL_LIMIT && iterable.items.every(isConstant)) {
          for (const item of iterable.items) walk(statement.body, live.map((p) => [...p, { kind: "bind", name: binding.name, value: item }]), exits, optimized);
          break;
        }
        walk(statement.body, live.map((p) => [...p, { kind: "iterate", binding, iterable }]), exits, optimized);
        break;
    }
  }
  return live;
}

/**
 * True when every path through `statements` ends in `return <value>` after only bindings and
 * tests: each path then is one branch of a helper's else chain, and together they cover every
 * case, so a later branch is reached only where none of them applies.
 */
export function returnsOnEveryPath(statements: readonly Stmt[]): boolean {
  const [statement, ...rest] = statements;
  if (statement === undefined) return false;
  switch (statement.kind) {
    case "const":
      return returnsOnEveryPath(rest);
    case "return":
      return statement.value !== undefined;
    case "if":
      // Paths through a branch that does not return go on with the statements after the `if`.
      return returnsOnEveryPath([...statement.then, ...rest]) && returnsOnEveryPath([...statement.otherwise, ...rest]);
    default:
      return false;
  }
}

/** True when `statements` may leave the enclosing iteration or function early. */
function canExit(statements: readonly Stmt[]): boolean {
  return statements.some((s) => {
    if (s.kind === "continue" || s.kind === "return") return true;
    if (s.kind === "if") return canExit(s.then) || canExit(s.otherwise);
    return false;
  });
}

/** Renders a path as Rego body lines, dropping bindings nothing reads (opa check --strict). */
function renderBody(original: Path, originalResult: Expr | undefined, resultName: string, scope: EmitScope, elseChain: boolean, initial: Facts = scope.facts): string[] {
  const inlined = scope.optimize ? inlineClosedBindings(original, originalResult, scope.refine) : { path: original, result: originalResult };
  const split = scope.optimize ? inlineExistenceReads(splitDefinedConditionals(inlined.path, scope.helperForms), inlined.result) : inlined;
  const deduplicated = scope.optimize ? shareBoundValues(split.path, split.result) : split;
  const shared = scope.optimize ? bindRepeatedReads(deduplicated.path, deduplicated.result, scope.helperForms) : deduplicated;
  const path = scope.optimize ? hoistTests(shared.path, scope.helperForms) : shared.path;
  const result = shared.result;
  const kept: Step[] = [];
  const isRead = (name: string, later: readonly Step[]) =>
    (result !== undefined && readsLocal(result, name)) || later.some((s) => stepReads(s, name));
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i]!;
    if (step.kind === "bind" && !isRead(step.name, kept)) continue;
    kept.unshift(step);
  }
  const lines: string[] = [];
  /** Lines that bind a reference: they fail where it is undefined, so they are tests too. */
  const referenceLines = new Set<number>();
  let facts = scope.optimize ? initial.withBodyReferences(strictChains(kept, result, scope.helperForms)) : Facts.EMPTY;
  const tests = new Set<string>();
  kept.forEach((step, index) => {
    const later = kept.slice(index + 1);
    switch (step.kind) {
      case "bind": {
        // A value the rest of the body cannot do without is bound as the reference it reads, if it
        // reads one: where it is undefined, the binding fails the body as the rest would.
        const bound = scope.optimize && failsWithoutLocal(later, step.name, scope.helperForms) ? boundReference(step.value, scope, facts) : undefined;
        lines.push(...boundLines(EmitScope.local(step.name), bound ?? { reference: emitExpr(step.value, scope, facts) }));
        // Bound to a reference, the local is never undefined: the body fails instead.
        const key = chainKey(step.value);
        const referenced = bound !== undefined || (step.value.kind === "member" && key !== undefined && facts.references.has(key));
        if (referenced) referenceLines.add(lines.length - 1);
        facts = arrayFacts(facts.with(step.name, scope.kinds(step.value, facts) & (referenced ? ~UNDEFINED : ANY)), step.name, step.value, facts, scope).withShape(step.name, facts.shapeOf(step.value));
        break;
      }
      case "test":
        // A test already in this body adds nothing to the conjunction (the expansion can repeat
        // one: `!a && (b || !a)` gives the rule `not a; not a`).
        if (!(elseChain && step.implied && scope.optimize)) {
          for (const line of emitTest(step.value, step.negated, scope, facts)) {
            if (scope.optimize && tests.has(line)) continue;
            tests.add(line);
            lines.push(line);
          }
        }
        facts = facts.afterTest(step.value, step.negated);
        break;
      case "iterate": {
        const used = (name: string | undefined) => (name !== undefined && isRead(name, later) ? EmitScope.local(name) : "_");
        // Object.keys/values/entries of an object iterate it natively (`some k, _ in o`, `some v in
        // o`, `some k, v in o`), in the same (sorted) order as gkc_keys, gkc_values and gkc_entries.
        const [over] = step.iterable.kind === "op" ? step.iterable.args : [];
        const op = step.iterable.kind === "op" ? step.iterable.op : undefined;
        if (scope.optimize && over && op === "objectValues" && step.binding.kind === "name" && only(scope.kinds(over, facts), OBJECT | ARRAY)) {
          lines.push(`some ${used(step.binding.name)} in ${emitExpr(over, scope, facts)}`);
          facts = facts.with(step.binding.name, ANY);
          break;
        }
        if (scope.optimize && over && op === "objectKeys" && step.binding.kind === "name" && only(scope.kinds(over, facts), OBJECT)) {
          lines.push(`some ${used(step.binding.name)}, _ in ${emitExpr(over, scope, facts)}`);
          facts = facts.with(step.binding.name, STRING);
          if (over.kind === "local") facts = facts.withKeyOf(step.binding.name, over.name);
          break;
        }
        if (scope.optimize && over && op === "objectEntries" && step.binding.kind === "entry" && only(scope.kinds(over, facts), OBJECT)) {
          lines.push(`some ${used(step.binding.key)}, ${used(step.binding.value)} in ${emitExpr(over, scope, facts)}`);
          if (step.binding.key !== undefined) facts = facts.with(step.binding.key, STRING);
          if (step.binding.value !== undefined) facts = facts.with(step.binding.value, ANY);
          break;
        }
        // The inventory's objects of a kind: its map in data.inventory, iterated where it is one.
        const inventory = step.binding.kind === "name" ? inventoryObjectsRef(step.iterable, scope, facts) : undefined;
        if (inventory !== undefined && step.binding.kind === "name") {
          const name = EmitScope.local(step.binding.name);
          lines.push(`is_object(${inventory})`, `some ${name} in ${inventory}`, `is_object(${name})`);
          facts = facts.with(step.binding.name, OBJECT);
          break;
        }
        const iterable = iterationTerm(step.iterable, scope, facts);
        if (step.binding.kind === "name") {
          lines.push(`some ${used(step.binding.name)} in ${iterable}`);
          facts = facts.with(step.binding.name, iteratedKinds(step.iterable, facts, scope)).withShape(step.binding.name, facts.elementShapeOf(step.iterable));
        } else {
          // Entries are [key, value] pairs.
          const key = used(step.binding.key);
          const value = used(step.binding.value);
          lines.push(`some [${key}, ${value}] in ${iterable}`);
          if (step.binding.key !== undefined) facts = facts.with(step.binding.key, STRING);
          if (step.binding.value !== undefined) facts = facts.with(step.binding.value, ANY);
        }
        break;
      }
    }
  });
  if (result !== undefined) lines.push(`${resultName} := ${emitExpr(result, scope, facts)}`);
  if (!scope.optimize) return lines;
  const merged = mergedNegatedComparisons(pruneUnread(lines, referenceLines));
  return result === undefined ? merged : sinkCallsForResult(merged, (name) => name.startsWith("gkc_") || scope.helperForms.has(name));
}

const CALL = /(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)\(/g;

/**
 * The body with each binding to a function call that only the result line reads (itself or
 * through another such binding) moved down to just before the result, not past an iteration.
 * A call costs OPA's evaluator some 30 allocations: one computed for the message only then runs
 * where every test held, not before a test that fails. The steps were ordered before emission
 * (closed.ts sinkBindings), by tests the facts may then decide and emit as nothing
 * (K8sPSPSeccomp's `containerName(container) === undefined`, which left the name's call ahead of
 * the exempt-image tests). A body is a conjunction of pure expressions, so the order changes no
 * meaning. `isFunction` tells the module's own functions (the helpers, gkc's) from builtins.
 */
export function sinkCallsForResult(lines: readonly string[], isFunction: (name: string) => boolean): string[] {
  const out = [...lines];
  // The result line and the bindings moved (or already) just before it, in their order.
  let group = out.length - 1;
  for (let i = group - 1; i >= 0; i--) {
    const bound = BINDING.exec(out[i]!)?.[1];
    if (bound === undefined) continue;
    const value = blankLiterals(out[i]!.slice(bound.length + 4));
    if (![...value.matchAll(CALL)].some((call) => isFunction(call[1]!))) continue;
    const readers = out.flatMap((line, index) => (index > i && readsIdentifier(line, bound) ? [index] : []));
    if (readers.length === 0 || readers.some((index) => index < group)) continue;
    if (out.slice(i + 1, group).some((line) => line.startsWith("some "))) continue;
    const [line] = out.splice(i, 1);
    group--;
    out.splice(group, 0, line!);
  }
  return out;
}

/**
 * The lines binding `name` to a reference. A member by a local key of a path is read from a
 * local bound to the path first: OPA fails a reference with a variable key where a step before
 * it is undefined at a cost (about 15 allocations in `opa bench`) that a ground one does not have.
 */
function boundLines(name: string, bound: BoundReference): string[] {
  if ("reference" in bound) return [`${name} := ${bound.reference}`];
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(bound.object)) return [`${name} := ${bound.object}[${bound.key}]`];
  return [`gkc_of_${name} := ${bound.object}`, `${name} := gkc_of_${name}[${bound.key}]`];
}

const NEGATED_LITERAL_COMPARISON = /^not (\S+) == (set\(\)|null|true|false|-?[0-9][0-9.e+-]*|"(?:[^"\\]|\\.)*")$/;

/** The type OPA's checker gives a literal of NEGATED_LITERAL_COMPARISON. */
function literalType(literal: string): string {
  if (literal === "set()" || literal === "null") return literal;
  if (literal === "true" || literal === "false") return "boolean";
  return literal.startsWith('"') ? "string" : "number";
}

/**
 * `not x == l1` and `not x == l2` of literals of two types as one `not x in {l1, l2}`, in the
 * first's place: OPA's type checker narrows x by each comparison, under `not` too, and refuses
 * the second (`match error`: x === undefined || x === false in a helper's negated test).
 */
function mergedNegatedComparisons(lines: readonly string[]): string[] {
  const bySubject = new Map<string, { index: number; literal: string }[]>();
  lines.forEach((line, index) => {
    const match = NEGATED_LITERAL_COMPARISON.exec(line);
    if (match) bySubject.set(match[1]!, [...(bySubject.get(match[1]!) ?? []), { index, literal: match[2]! }]);
  });
  const merged = new Map<number, string | undefined>();
  for (const [subject, tests] of bySubject) {
    if (new Set(tests.map((t) => literalType(t.literal))).size < 2) continue;
    merged.set(tests[0]!.index, `not ${subject} in {${[...new Set(tests.map((t) => t.literal))].join(", ")}}`);
    for (const t of tests.slice(1)) merged.set(t.index, undefined);
  }
  return lines.flatMap((line, index) => (merged.has(index) ? (merged.get(index) ?? []) : [line]));
}

const BINDING = /^([A-Za-z_][A-Za-z0-9_]*) := /;
const ITERATION = /^some (?:([A-Za-z_][A-Za-z0-9_]*)|\[?([A-Za-z_][A-Za-z0-9_]*), ([A-Za-z_][A-Za-z0-9_]*)\]?) in /;

/**
 * Drops bindings, and renames iteration variables to `_`, that no later line reads once the
 * optimizer has removed or rewritten the tests that read them (opa check --strict refuses them).
 * A total term's binding changes nothing when dropped; a reference's binding stays as the test
 * it is (`ref != set()`: true where it is defined, as no JSON value is set()).
 */
function pruneUnread(lines: readonly string[], referenceLines: ReadonlySet<number>): string[] {
  let current = [...lines];
  const references = new Set([...referenceLines].map((i) => lines[i]));
  for (;;) {
    const reads = (name: string, after: number) => current.slice(after + 1).some((line) => readsIdentifier(line, name));
    const next: string[] = [];
    let changed = false;
    current.forEach((line, index) => {
      const bound = BINDING.exec(line)?.[1];
      if (bound !== undefined && bound !== "msg" && bound !== "result" && !reads(bound, index)) {
        changed = true;
        if (references.has(line)) next.push(`${line.slice(bound.length + 4)} != set()`);
        return;
      }
      const iterated = ITERATION.exec(line);
      if (iterated) {
        const names = [iterated[1], iterated[2], iterated[3]].filter((n): n is string => n !== undefined && n !== "_");
        let rewritten = line;
        for (const name of names) {
          if (!reads(name, index)) rewritten = rewritten.replace(new RegExp(`(?<=^some (?:\\[)?(?:[A-Za-z0-9_]+, )?)${name}(?=[,\\] ])`), "_");
        }
        if (rewritten !== line) changed = true;
        next.push(rewritten);
        return;
      }
      next.push(line);
    });
    current = next;
    if (!changed) return current;
  }
}

/** `facts` with what is known of the elements of `name`, bound to `value` (read under `before`). */
function arrayFacts(facts: Facts, name: string, value: Expr, before: Facts, scope: EmitScope): Facts {
  return only(scope.kinds(value, before), ARRAY) ? facts.withElements(name, elementKindsOf(value, before, scope.helperKinds)) : facts;
}

/** The kinds of what iterating `iterable` binds: an array's element kinds when known, else anything (an object's values). */
function iteratedKinds(iterable: Expr, facts: Facts, scope: EmitScope): Kinds {
  // An array read from the parameters may be undefined too, which iterates nothing.
  const known = only(scope.kinds(iterable, facts), ARRAY) || facts.elementShapeOf(iterable) !== undefined;
  return known ? elementKindsOf(iterable, facts, scope.helperKinds) : ANY;
}

/** The facts that hold at the end of `path` (for the kinds of a helper's return value). */
function factsAfter(path: Path, scope: EmitScope, initial: Facts): Facts {
  let facts = initial;
  for (const step of path) {
    if (step.kind === "bind") facts = arrayFacts(facts.with(step.name, scope.kinds(step.value, facts)), step.name, step.value, facts, scope);
    else if (step.kind === "test") facts = facts.afterTest(step.value, step.negated);
    else if (step.binding.kind === "name") facts = facts.with(step.binding.name, iteratedKinds(step.iterable, facts, scope));
    else {
      if (step.binding.key !== undefined) facts = facts.with(step.binding.key, STRING);
      if (step.binding.value !== undefined) facts = facts.with(step.binding.value, ANY);
    }
  }
  return facts;
}

/** The kinds a helper may return: its return values', and undefined unless it returns on every path. */
export function helperResultKinds(helper: HelperFunction, scope: EmitScope): Kinds {
  const exits: Exit[] = [];
  walk(helper.body, [[]], exits);
  // What every call passes the helper holds here too (emitHelper).
  const initial = parameterFactsOf(helper, scope);
  let kinds = returnsOnEveryPath(helper.body) ? 0 : UNDEFINED;
  for (const exit of exits) kinds |= scope.kinds(exit.value, factsAfter(exit.path, scope, initial));
  return kinds;
}

/** The kinds of the elements of every array a helper returns (ANY where it returns none). */
export function helperResultElementKinds(helper: HelperFunction, scope: EmitScope): Kinds {
  const exits: Exit[] = [];
  walk(helper.body, [[]], exits);
  const initial = parameterFactsOf(helper, scope);
  let elements = 0;
  for (const exit of exits) {
    const facts = factsAfter(exit.path, scope, initial);
    if (scope.kinds(exit.value, facts) & ARRAY) elements |= scope.optimize ? elementKindsOf(exit.value, facts, scope.helperKinds) : ANY;
  }
  return elements || ANY;
}

/** The facts at the start of a helper's body: what every call passes it (scope.parameterFacts, rule 18). */
function parameterFactsOf(helper: HelperFunction, scope: EmitScope): Facts {
  return scope.optimize ? withParameterFacts(scope.facts, helper.params, scope.parameterFacts?.of(helper.name)) : scope.facts;
}

function indent(lines: readonly string[]): string {
  return lines.map((l) => `\t${l}`).join("\n");
}

/** The `violation` rules of a predicate, one per (path, yield). */
export function emitViolationRules(program: Program, scope: EmitScope, yieldKeys: boolean): string[] {
  const exits: Exit[] = [];
  walk(program.body, [[]], exits, scope.optimize);
  const rules: { head: string; body: string[]; lines: number[] }[] = [];
  const seen = new Set<string>();
  for (const exit of exits) {
    // A choice of yields with their lines: the violation itself is chosen, message and line together.
    const chosen = yieldKeys && exit.choice ? yieldChoice([exit.choice], (y) => ({ kind: "object", entries: [["msg", y.value], [YIELD_KEY, { kind: "literal", value: y.line }]] })) : undefined;
    const value = chosen ?? exit.value;
    const lines = exit.choice ? yieldsOf([exit.choice]).map((y) => y.line) : [exit.line];
    // The closed bindings are inlined first, so that the expansion sees the conditions they hold.
    const inlined = scope.optimize ? inlineClosedBindings(exit.path, value, scope.refine) : { path: [...exit.path], result: value };
    const paths = scope.optimize ? expandPath(inlined.path, inlined.result, scope.helperForms, undefined, true, false) : [inlined.path];
    for (const path of paths) {
      const body = renderBody(path, inlined.result, chosen ? "result" : "msg", scope, false);
      // A test the facts decide false (a disjunct the parameters' schema rules out), or one and its
      // negation: no rule.
      if (scope.optimize && neverHolds(body)) continue;
      const message = chosen ? undefined : constantMessage(body);
      const msgTerm = message?.text ?? "msg";
      const head = chosen ? "result" : yieldKeys ? `{"msg": ${msgTerm}, "${YIELD_KEY}": ${exit.line}}` : `{"msg": ${msgTerm}}`;
      if (message !== undefined) body.splice(message.index, 1);
      const key = `${head}\n${body.join("\n")}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rules.push({ head, body, lines });
    }
  }
  const kept = scope.optimize ? withoutSubsumed(rules, (rule) => rule.head) : rules;
  return kept.map(({ head, body, lines }) => `# ${"line"} ${lines.join(", ")}\nviolation contains ${head} if {\n${indent(body)}\n}`);
}

/**
 * A message that is one string literal, bound by the body's last step and read nowhere else: it
 * goes in the rule's head, which is then ground. OPA then unifies no variable with the message
 * (opa bench, a violating Service of K8sBlockNodePort: 70 allocations where the binding made 80).
 * Not where the step is the whole body: the rule would have none.
 */
function constantMessage(body: readonly string[]): { text: string; index: number } | undefined {
  const index = body.length - 1;
  const literal = /^msg := ("(?:[^"\\]|\\.)*")$/.exec(body[index] ?? "")?.[1];
  if (literal === undefined || index === 0) return undefined;
  if (body.slice(0, index).some((line) => readsIdentifier(line, "msg"))) return undefined;
  return { text: literal, index };
}

/**
 * The rule bodies without those another body of the same head subsumes: where every expression
 * of body B is also in body A, A holds only where B does, with the same bindings for B's
 * variables, so A adds nothing to the set B already gives (the expansion of `!(a && b) && !(a &&
 * c)` gives the bodies `not a`, `not a; not c`, `not b; not a` and `not b; not c`: the middle two
 * are subsumed by the first). Of two bodies with the same expressions the first stays.
 */
export function withoutSubsumed<T extends { readonly body: readonly string[] }>(bodies: readonly T[], group: (item: T) => string): T[] {
  const sets = bodies.map((item) => new Set(item.body));
  const within = (inner: ReadonlySet<string>, outer: ReadonlySet<string>) => [...inner].every((line) => outer.has(line));
  return bodies.filter((item, i) =>
    !bodies.some((other, j) => j !== i && group(other) === group(item) && within(sets[j]!, sets[i]!) && (j < i || !within(sets[i]!, sets[j]!))),
  );
}

/**
 * A helper function as one Rego function with an `else` chain, in program order. What every call
 * passes it (scope.parameterFacts, rule 18) holds for its parameters.
 */
export function emitHelper(helper: HelperFunction, scope: EmitScope): string {
  const initial = parameterFactsOf(helper, scope);
  const exits: Exit[] = [];
  walk(helper.body, [[]], exits);
  const head = `${EmitScope.local(helper.name)}(${helper.params
    .map((p) => (helperReads(helper, p) ? EmitScope.local(p) : "_"))
    .join(", ")})`;
  if (exits.length === 0) return `${head} := set()`;
  const returned = scope.optimize ? splitReturnedConditionals(exits, scope, initial) : exits;
  // A branch whose condition is a disjunction becomes consecutive branches with the same result:
  // `else` tries them in order, and together they hold exactly where the one did.
  const bodies = returned.flatMap((exit) => {
    if (!scope.optimize) return [renderBody(exit.path, exit.value, "result", scope, true)];
    const inlined = inlineClosedBindings(exit.path, exit.value, scope.refine);
    const branches = (path: readonly Step[], result: Expr | undefined, maxPaths?: number) =>
      expandPath(path, result, scope.helperForms, maxPaths)
        .map((expanded) => renderBody(expanded, result, "result", scope, true, initial))
        // A branch with a test the facts decide false never holds: the `else` goes past it anyway.
        .filter((body) => !neverHolds(body));
    const decided = inlined.result && decidedBoolean(inlined.result, scope.kinds(exit.value, factsAfter(exit.path, scope, initial)));
    if (decided === undefined) return branches(inlined.path, inlined.result);
    // A boolean that a `some` decides, as a test: the branch that gives its decisive value, then the
    // one that gives the other (rule 18). A test that would split stays one body (two would
    // iterate the elements twice) unless that body calls a lifted conditional, once per element:
    // then one body per alternative tests with builtins alone (K8sAllowedReposv2's exemptions: 17 %
    // fewer allocations, gator bench 1.26x -> 1.14x).
    const test: Step = { kind: "test", value: decided.test, negated: false };
    const split = branches([...inlined.path, test], literal(decided.when));
    const single = split.length === 1 ? split : branches([...inlined.path, test], literal(decided.when), 1);
    const holds = single.length === 1 && !single[0]!.some((line) => LIFTED_CONDITIONAL_CALL.test(blankLiterals(line))) && !iterateApart(split) ? single : split;
    if (holds.length === 0) return branches(inlined.path, inlined.result);
    return [...holds, ...branches(inlined.path, literal(!decided.when))];
  });
  if (bodies.length === 0) return `${head} := set()`;
  const parts = bodies.map((body, i) => {
    const prefix = i === 0 ? `${head} := result if {` : `} else := result if {`;
    return `${prefix}\n${indent(body)}`;
  });
  return `${parts.join("\n")}\n} else := set()`;
}

/**
 * A helper that returns a conditional the emitter would lift (`return typeof v === "string" ? … :
 * ""`) returns each branch itself, as `if (test) return then; return otherwise;` would: the
 * helper's else chain is then the lifted function's, and each call of the helper makes one call
 * fewer (a call that returns a value costs OPA's evaluator about 27 allocations;
 * K8sUniqueServiceSelector's pairText, once per selector entry of every Service). Only where
 * nothing but tests that earlier branches imply precedes the return: the second branch would
 * evaluate any other step again.
 */
function splitReturnedConditionals(exits: readonly Exit[], scope: EmitScope, initial: Facts): Exit[] {
  const split = (exit: Exit): Exit[] => {
    const { path, value } = exit;
    if (value.kind !== "conditional" || !path.every((step) => step.kind === "test" && step.implied)) return [exit];
    if (!liftsConditional(value, scope, factsAfter(path, scope, initial))) return [exit];
    return [
      { ...exit, path: [...path, { kind: "test", value: value.test, negated: false }], value: value.then },
      ...split({ ...exit, path: [...path, { kind: "test", value: value.test, negated: true, implied: true }], value: value.otherwise }),
    ];
  };
  return exits.flatMap(split);
}

/**
 * Whether a body never holds: it has a test the facts decided false, or a test and its negation
 * (an expansion of `a && !(a && b)` gives `not a` beside `a`, or `r == false` beside `r == true`
 * for a hoisted boolean rule; K8sPodSecurityStandard's pod-level seccompProfile rule). Both lines
 * see the same bindings, so at most one of them holds; a line that binds cannot be negated.
 */
function neverHolds(body: readonly string[]): boolean {
  const lines = new Set(body);
  const negation = (line: string) => (line.endsWith(" == true") ? `${line.slice(0, -" == true".length)} == false` : `not ${line}`);
  return lines.has("false") || body.some((line) => lines.has(negation(line)));
}

/**
 * Whether alternatives each iterate a collection of their own (K8sPSPAutomountServiceAccountTokenPod's
 * `mountsToken(containers) || mountsToken(initContainers)`): as bodies, each stops at its first
 * match and none repeats another's loop, where the one body computes every comprehension whole.
 * The first iteration of each body is compared; a nested one reads the element it is given.
 */
function iterateApart(bodies: readonly (readonly string[])[]): boolean {
  if (bodies.length < 2) return false;
  const firstIterated = bodies.map((body) => {
    const line = body.find((l) => l.startsWith("some "));
    return line === undefined ? undefined : line.slice(line.indexOf(" in ") + " in ".length);
  });
  return firstIterated.every((term) => term !== undefined) && new Set(firstIterated).size === firstIterated.length;
}

/** A call of a lifted conditional (`gkc_cond_N(…)`), in code with its string literals blanked. */
const LIFTED_CONDITIONAL_CALL = new RegExp(`(?<![A-Za-z0-9_.])${LIFTED_CONDITIONAL}_\\d+\\(`);

function literal(value: boolean): Expr {
  return { kind: "literal", value };
}

/** Whether an expression holds `xs.some(...)` as a conjunct: as a test, the expansion iterates it. */
function conjoinsSome(expr: Expr): boolean {
  if (expr.kind === "arrayMethod") return expr.method === "some";
  return expr.kind === "and" && (conjoinsSome(expr.left) || conjoinsSome(expr.right));
}

/**
 * A helper's boolean result that one test decides (rule 18): `xs.some(p)` (in a conjunction) is
 * `true` where it holds as a test and `false` otherwise, and its negation (and `xs.every(p)`,
 * the negation of `xs.some((x) => !p(x))`) the reverse. As a value
 * it is a comprehension over every element; as a test it is an iteration that stops at the first
 * match (a constant-valued function exits early). Any other conjunction too, and the negation of
 * a disjunction: as steps, the first operand that fails stops the body where the array of their
 * values (`[a, b, c] == [true, true, true]`) computed every one (K8sUniqueServiceSelector's
 * sameSelector, whose lengths differ for most pairs of Services, no longer builds both
 * comprehensions). Only for a result that is always a boolean: an undefined one would not reach
 * the `false` branch's meaning.
 */
function decidedBoolean(result: Expr, kinds: Kinds): { test: Expr; when: boolean } | undefined {
  if (kinds !== BOOLEAN) return undefined;
  if (conjoinsSome(result) || (result.kind === "and" && laterOperandComputes(result))) return { test: result, when: true };
  const [negated] = result.kind === "op" && result.op === "not" ? result.args : [];
  if (negated && (conjoinsSome(negated) || falsyTestSubject(negated) !== undefined || (negated.kind === "or" && laterOperandComputes(negated)))) return { test: negated, when: false };
  // `xs.every(p)` is false where `xs.some((x) => !p(x))` holds: the first failing element decides.
  if (result.kind === "arrayMethod" && result.method === "every") {
    return { test: { ...result, method: "some", body: { kind: "op", op: "not", args: [result.body] } }, when: false };
  }
  return undefined;
}

/**
 * Whether an operand after the first of `a && b && …` (or of `||`) calls or iterates: what a
 * failing earlier operand then saves is worth a second body. Between cheap operands (type tests,
 * comparisons of locals) one array comparison costs less than the `else` (K8sPSPHostFilesystem's
 * sameScalar, +2 % as two bodies).
 */
function laterOperandComputes(expr: Extract<Expr, { kind: "and" | "or" }>): boolean {
  return operandsOf(expr).slice(1).some(callsOrIterates);
}

function helperReads(helper: HelperFunction, param: string): boolean {
  const inStatements = (statements: readonly Stmt[]): boolean =>
    statements.some((s) => {
      switch (s.kind) {
        case "const":
          return readsLocal(s.value, param);
        case "yield":
          return readsLocal(s.value, param);
        case "return":
          return s.value !== undefined && readsLocal(s.value, param);
        case "continue":
          return false;
        case "if":
          return readsLocal(s.test, param) || inStatements(s.then) || inStatements(s.otherwise);
        case "forOf":
          return readsLocal(s.iterable, param) || inStatements(s.body);
      }
    });
  return inStatements(helper.body);
}

/**
 * `xs.some(p)` as a test (`every` as `some` of the negation): a boolean function of the test's
 * locals with one body per alternative of p (expand.ts). Each body stops at its first solution
 * (a constant-valued function exits early), and one matching body decides, where the
 * comprehension it replaces computes every element against every disjunct. The caller's facts
 * about the locals, its arguments, hold inside.
 */
export function liftSome(expr: Extract<Expr, { kind: "arrayMethod" }>, negatedBody: boolean, scope: EmitScope, facts: Facts): string {
  const params = [...freeLocals(expr)].sort();
  const taken = new Set([...params, ...localNames(expr)]);
  let element = expr.param;
  for (let n = 1; taken.has(element); n++) element = `${expr.param}${n}`;
  const path: Step[] = [
    { kind: "iterate", binding: { kind: "name", name: element }, iterable: expr.array },
    { kind: "test", value: substitute(expr.body, new Map([[expr.param, { kind: "local", name: element }]])), negated: negatedBody },
  ];
  return liftedTest(path, params, "gkc_some", scope, facts);
}

/**
 * `a && b && …` as a test that is negated, lifted into a function of its locals whose body tests
 * the operands one after another: the first that fails stops it, where the array of their values
 * (`not [a, b, …] == [true, true, …]`) computes every one, each call among them returning a value.
 * Only where an operand before the last calls or iterates (expressions.ts emitTest):
 * K8sUniqueServiceSelector's `!identical(other, review)`, whose first comparison fails for every
 * other Service. A conjunction of cheap operands costs less as the array than as a call.
 */
export function liftConjunction(expr: Extract<Expr, { kind: "and" }>, scope: EmitScope, facts: Facts): string {
  return liftedTest([{ kind: "test", value: expr, negated: false }], [...freeLocals(expr)].sort(), "gkc_all", scope, facts);
}

/**
 * A disjunction that reads no local, as a test: a rule with one body per alternative (expand.ts),
 * computed once per query, the first body that holds deciding. Split into violation rules, it
 * would be a rule per disjunct, each repeating every step before the test (K8sPSPFSGroup's
 * `!allowed`, three rules of five closed tests each); folded into a term, each disjunct would be
 * computed, each hoisted into a shared rule of its own.
 */
export function liftDisjunction(expr: Extract<Expr, { kind: "or" }>, scope: EmitScope, facts: Facts): string[] {
  // One alternative (the facts decided the others false): its steps, with no rule.
  const bodies = expandedBodies([{ kind: "test", value: expr, negated: false }], scope, facts.outsideBody());
  if (bodies.length === 1) return bodies[0]!;
  return [liftedRule(bodies, [], "gkc_any", scope)];
}

/** The rendered bodies of `path`'s alternatives (expand.ts), without those the facts decide false. */
function expandedBodies(path: readonly Step[], scope: EmitScope, inner: Facts): string[][] {
  return expandPath(path, undefined, scope.helperForms)
    .map((alternative) => renderBody(alternative, undefined, "result", scope, false, inner))
    .filter((body) => !neverHolds(body));
}

/**
 * A boolean function of `params` that holds where `path` does: one body per alternative of its
 * expansion (expand.ts), each stopping at its first solution (a constant-valued function exits
 * early). The caller's facts about the locals, its arguments, hold inside.
 */
function liftedTest(path: readonly Step[], params: readonly string[], prefix: string, scope: EmitScope, facts: Facts): string {
  // An alternative with a test the facts decide false never holds: no body for it.
  return liftedRule(expandedBodies(path, scope, facts.outsideBody()), params, prefix, scope);
}

/** The call of a boolean rule (a function of `params`) with one body per rendered alternative. */
function liftedRule(bodies: readonly (readonly string[])[], params: readonly string[], prefix: string, scope: EmitScope): string {
  // Each body names the arguments it reads; the others are `_` (opa check --strict).
  const head = (body: readonly string[]) => {
    const text = body.join("\n");
    const names = params.map((p) => (readsIdentifier(text, p) ? EmitScope.local(p) : "_"));
    return params.length ? `${LIFTED}(${names.join(", ")})` : LIFTED;
  };
  // No alternative: nothing can satisfy it (a constant false).
  const source = bodies.length ? bodies.map((body) => `${head(body)} if {\n${indent(body.length ? body : ["true"])}\n}`).join("\n\n") : `${head([])} := false`;
  return scope.liftedCall(source, prefix, params.map((p) => EmitScope.local(p)));
}
