// IR expressions → Rego terms. Every term this produces is total (see runtime.ts). With the
// optimizer on, what the path's earlier tests proved about a value (facts.ts) specialises the
// runtime calls: a field of a known object is object.get, String() of a known string is the
// string, a test already decided is dropped. Each rewrite gives the same value as the call.
import type { Expr, Operation } from "../../ir.js";
import { ANY, ARRAY, BOOLEAN, Facts, NULL, NUMBER, OBJECT, REVIEW_GUARANTEES, STRING, TYPEOF_KINDS, UNDEFINED, elementKindsOf, falsyTerms, kindOfPrimitive, kindsOf, only, type HelperKinds, type Kinds } from "./facts.js";
import { RUNTIME } from "./runtime.js";
import { INVENTORY_NAMES, INVENTORY_PATH_REGO, SORTED_NAMES } from "./inventory-functions.js";
import { ORDER_FORMS, type OrderTest, type RegoFunction } from "./sdk-functions.js";
import { chainKey, strictChains, type HelperForms } from "./strict.js";
import { isAtomicTerm, isNameOrScalar, isStringLiteral, listElements, topLevel, withReadDefault } from "./terms.js";
import { argumentsOf, type HelperForm } from "../../optimize/inline-helpers.js";
import { isValidRegex } from "../../../sdk/regex.js";
import { children, freeLocals, isBooleanValued, isCheap, lambdaParams, mapChildren, operandsOf, substitute } from "../../ir-tools.js";
import { memberOrDefault, same } from "../../optimize/simplify.js";
import { CallFacts } from "./call-facts.js";
import { literalComparisons } from "./literal-comparisons.js";
import { falsyTestSubject } from "./existence-tests.js";

/** Names a compiled policy must not use for its own variables and functions. */
export const REGO_RESERVED_NAMES: ReadonlySet<string> = new Set([
  "as", "contains", "data", "default", "else", "every", "false", "if", "import", "in", "input", "not",
  "null", "package", "some", "true", "with", "count", "concat", "object", "array", "sum", "max", "min",
  "sort", "lower", "upper", "split", "trim", "startswith", "endswith", "format_int", "to_number", "equal",
  "abs", "floor", "ceil", "round", "is_string", "is_number", "is_array", "is_object", "is_null",
  "is_boolean", "regex", "strings", "set", "union", "intersection", "replace", "substring", "indexof",
  "sprintf", "time", "json", "yaml", "units", "glob", "net", "http", "crypto", "io", "print", "lt", "gt",
  "lte", "gte", "plus", "minus", "mul", "div", "rem", "and", "or", "neq", "numbers", "type_name",
  "violation", "msg", "result", "rego", "future", "walk", "all", "any", "product", "object_get", "base64",
  "urlquery", "semver", "uuid", "graph", "opa", "trace", "bits", "graphql", "providers", "external_data",
]);

/** Tracks the runtime and SDK functions a module uses, and renders names safely. */
/** The name of a lifted function in its source, until it is named (no Rego text contains it). */
export const LIFTED = "\u0000lifted\u0000";
/** The name prefix of a conditional lifted into a function of its locals (EmitScope.lift). */
export const LIFTED_CONDITIONAL = "gkc_cond";

export class EmitScope {
  readonly used = new Set<string>();
  /** Shared terms hoisted into package rules (computed once per query), by their Rego text. */
  readonly hoisted = new Map<string, string>();
  /** Result kinds of the policy's helpers, once known (set by the module emitter). */
  helperKinds: HelperKinds = () => ANY;
  /** The policy's helpers as expressions, for the strictness analysis (set by the module emitter). */
  helperForms: HelperForms = new Map();
  /** Inlines helper calls that substitution made small (set by the module emitter). */
  refine: (expr: Expr) => Expr = (expr) => expr;
  /** What holds before any step: nothing but the parameters' schema (set by the module emitter). */
  facts: Facts = Facts.EMPTY;
  /** What the calls of each helper emitted so far pass it (call-facts.ts). */
  readonly calls = new CallFacts();
  /** What every call of each helper passes it, learnt by an earlier emission of the module (call-facts.ts). */
  parameterFacts: CallFacts | undefined;

  /** Notes a call of the helper `name` with these arguments, under the caller's facts (call-facts.ts). */
  noteCall(name: string, args: readonly Expr[], facts: Facts): void {
    if (this.optimize) this.calls.note(name, args, facts, (e, f) => this.kinds(e, f), this.helperKinds);
  }
  constructor(
    private readonly sdk: Readonly<Record<string, RegoFunction>>,
    /** Apply the fact-based rewrites (off: every value goes through the generic runtime). */
    readonly optimize: boolean = true,
  ) {}

  /** A package rule holding `term`: Rego caches a rule's value, so the term is computed once per query. */
  hoist(term: string): string {
    let name = this.hoisted.get(term);
    if (name === undefined) {
      name = `gkc_shared_${this.hoisted.size + 1}`;
      this.hoisted.set(term, name);
    }
    return name;
  }

  /** Functions lifted out of terms and tests, by their source (with LIFTED for their name). */
  readonly lifted = new Map<string, string>();
  /** The name of a copy of the helper with the inventory in place of these parameters (set by the module emitter). */
  specialiseHelper: ((name: string, inventoryParams: readonly number[]) => string | undefined) | undefined;
  /** `xs.some(p)` as a test, lifted into a function (rules.ts liftSome; set by the module emitter). */
  liftSome: ((expr: Extract<Expr, { kind: "arrayMethod" }>, negatedBody: boolean, facts: Facts) => string) | undefined;
  /** `a && b && …` as a test, lifted into a function (rules.ts liftConjunction; set by the module emitter). */
  liftConjunction: ((expr: Extract<Expr, { kind: "and" }>, facts: Facts) => string) | undefined;
  /** A closed `a || b || …` as a test, lifted into a rule (rules.ts liftDisjunction; set by the module emitter). */
  liftDisjunction: ((expr: Extract<Expr, { kind: "or" }>, facts: Facts) => string[]) | undefined;

  /** A call of the lifted function with this source (named `<prefix>_<n>` once per source). */
  liftedCall(source: string, prefix: string, args: readonly string[]): string {
    let name = this.lifted.get(source);
    if (name === undefined) {
      name = `${prefix}_${this.lifted.size + 1}`;
      this.lifted.set(source, name);
    }
    return args.length ? `${name}(${args.join(", ")})` : name;
  }

  /**
   * A conditional as a call of a function of its locals with an `else`: only the branch the test
   * chooses is evaluated, under the facts the test gives, where `gkc_select` evaluates both.
   * Inside, the caller's facts about the locals (its arguments) and the inputs still hold.
   */
  lift(expr: Extract<Expr, { kind: "conditional" }>, facts: Facts): string {
    const params = [...freeLocals(expr)].sort().map((name) => EmitScope.local(name));
    const inner = facts.outsideBody();
    // The test and the chosen branch read a chain as a reference where the chain being undefined
    // makes the test false (rule 13): the body then fails and the `else` gives the other branch,
    // as the false test does. The other branch runs where the test failed, so it reads none.
    const chosen = this.optimize ? inner.withReferences(strictChains([{ kind: "test", value: expr.test, negated: false }], expr.then, this.helperForms)) : inner;
    const tests = emitTest(expr.test, false, this, chosen);
    const thenFacts = chosen.afterTest(expr.test, false);
    const then = emitExpr(expr.then, this, thenFacts);
    const otherwise = emitExpr(expr.otherwise, this, inner.afterTest(expr.test, true));
    const head = params.length ? `${LIFTED}(${params.join(", ")})` : LIFTED;
    // `:= true` is implied (as opa fmt writes it).
    const source = `${head}${then === "true" ? "" : ` := ${then}`} if {\n${tests.map((t) => `\t${t}`).join("\n")}\n} else := ${otherwise}`;
    return this.liftedCall(source, LIFTED_CONDITIONAL, params);
  }

  kinds(expr: Expr, facts: Facts): Kinds {
    return this.optimize ? kindsOf(expr, facts, this.helperKinds) : ANY;
  }

  call(name: string, ...args: string[]): string {
    if (!RUNTIME[name]) throw new Error(`internal: unknown runtime function ${name}`);
    this.used.add(name);
    return `${name}(${args.join(", ")})`;
  }

  constant(name: string): string {
    this.used.add(name);
    return name;
  }

  sdkFunction(name: string): string {
    const target = name === "isObject" ? RUNTIME["gkc_is_object"] : name === "asArray" ? RUNTIME["gkc_arr"] : this.sdk[name];
    if (!target) throw new Error(`SDK function '${name}' has no Rego counterpart`);
    this.used.add(target.name);
    return target.name;
  }

  /** IR names are already safe (lowering avoids REGO_RESERVED_NAMES); this only checks it. */
  static local(name: string): string {
    if (name.startsWith("gkc_") || name === "msg" || name === "result") throw new Error(`internal: unsafe Rego name ${name}`);
    return name;
  }
}

const OPERATION_FUNCTIONS: Partial<Record<Operation, string>> = {
  lessThan: "gkc_lt",
  lessOrEqual: "gkc_lte",
  greaterThan: "gkc_gt",
  greaterOrEqual: "gkc_gte",
  add: "gkc_add",
  concat: "gkc_concat",
  subtract: "gkc_subtract",
  multiply: "gkc_multiply",
  divide: "gkc_divide",
  remainder: "gkc_remainder",
  negate: "gkc_negate",
  not: "gkc_not",
  isNullish: "gkc_nullish",
  length: "gkc_len",
  toString: "gkc_str",
  stringStartsWith: "gkc_starts_with",
  stringEndsWith: "gkc_ends_with",
  stringIncludes: "gkc_str_includes",
  stringLower: "gkc_lower",
  stringUpper: "gkc_upper",
  stringSplit: "gkc_split",
  stringTrim: "gkc_trim",
  arrayIncludes: "gkc_includes",
  arrayJoin: "gkc_join",
  objectKeys: "gkc_keys",
  objectValues: "gkc_values",
  objectEntries: "gkc_entries",
};

function literal(value: string | number | boolean | null): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("internal: non-finite literal");
    return String(value);
  }
  return JSON.stringify(value);
}

export function emitExpr(expr: Expr, scope: EmitScope, facts: Facts = scope.facts): string {
  // A hoisted rule holds the node itself; its parts may be hoisted (and shared) in turn. It reads
  // no local, only the inputs, which one query does not change: what the tests before it proved
  // of them (`is_number(input.review.object.spec.minReplicas)`) holds wherever it is read, so it
  // is emitted under them. Not under the body's references (rule 13), which hold only where the
  // body goes on to succeed.
  if (scope.optimize && worthHoisting(expr, facts)) return scope.hoist(emitNode(expr, scope, facts.outsideBody()));
  return emitNode(expr, scope, facts);
}

/** `expr`'s own node as a term (its parts through emitExpr). */
function emitNode(expr: Expr, scope: EmitScope, facts: Facts): string {
  const sub = (e: Expr) => emitExpr(e, scope, facts);
  if (scope.optimize) {
    const specialised = specialise(expr, scope, facts);
    if (specialised !== undefined) return specialised;
  }
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "undefined":
      return "set()";
    case "local":
      return EmitScope.local(expr.name);
    case "input":
      return scope.constant(`gkc_input_${expr.field}`);
    case "member":
      // An object's member only: object.get along a path steps through objects alone.
      if (expr.objectOnly) return `object.get({"v": ${sub(expr.object)}}, ["v", ${sub(expr.key)}], set())`;
      return scope.call("gkc_get", sub(expr.object), sub(expr.key));
    case "op":
      return emitOperation(expr.op, expr.args, scope, facts);
    case "and":
      return scope.call("gkc_and", sub(expr.left), sub(expr.right));
    case "or":
      return scope.call("gkc_or", sub(expr.left), sub(expr.right));
    case "coalesce":
      return scope.call("gkc_coalesce", sub(expr.left), sub(expr.right));
    case "conditional":
      return scope.call("gkc_if", sub(expr.test), sub(expr.then), sub(expr.otherwise));
    case "template": {
      // Every part is a string (a literal or a toString); a part that is itself a concatenation
      // is spliced in, and a lone part is the string.
      const terms = scope.optimize ? quotedArrayParts(expr.parts, scope, facts) : expr.parts.map(sub);
      const spliced = terms.flatMap((part) => (scope.optimize ? concatenated(part) ?? [part] : [part]));
      const parts = scope.optimize ? joinedLiterals(spliced) : spliced;
      return scope.optimize && parts.length === 1 ? parts[0]! : `concat("", [${parts.join(", ")}])`;
    }
    case "array":
      return `[${expr.items.map(sub).join(", ")}]`;
    case "object":
      return expr.entries.length === 0 ? "{}" : `{${expr.entries.map(([k, v]) => `${JSON.stringify(k)}: ${sub(v)}`).join(", ")}}`;
    case "sdkCall":
      return `${scope.sdkFunction(expr.name)}(${expr.args.map(sub).join(", ")})`;
    case "helperCall":
      scope.noteCall(expr.name, expr.args, facts);
      return `${EmitScope.local(expr.name)}(${expr.args.map(sub).join(", ")})`;
    case "arrayMethod": {
      // The lambda's parameter is a new local: facts about an outer local of the same name do not
      // hold, only what the array's elements are known to be. Its comprehension is not the rule
      // body, so no references inside it.
      const fused = scope.optimize ? filterThenMap(expr, facts) : undefined;
      const method = fused?.filter ?? expr;
      return emitArrayMethod(method, scope, facts.with(method.param, elementKindsOf(method.array, facts, scope.helperKinds)).withShape(method.param, facts.elementShapeOf(method.array)).outsideBody(), fused?.head);
    }
  }
}

type ArrayMethod = Extract<Expr, { kind: "arrayMethod" }>;

/**
 * `xs.filter((v) => test).map((w) => f(w))` as the one comprehension `[f(v) | some v in xs; test]`
 * instead of the filter's array built and iterated again, with f read where the test held.
 * Undefined for anything else; where the filter reads no local (a package rule computes it once
 * per query, and shares it with its other uses); and where renaming w to v could capture: f reads
 * an outer v, or a lambda inside f names its parameter v.
 */
function filterThenMap(expr: ArrayMethod, facts: Facts): { filter: ArrayMethod; head: Expr } | undefined {
  const filter = expr.array;
  if (expr.method !== "map" || filter.kind !== "arrayMethod" || filter.method !== "filter" || worthHoisting(filter, facts)) return undefined;
  const outer = freeLocals(expr.body);
  outer.delete(expr.param);
  if (filter.param !== expr.param && (outer.has(filter.param) || lambdaParams(expr.body).has(filter.param))) return undefined;
  return { filter, head: substitute(expr.body, new Map([[expr.param, { kind: "local", name: filter.param }]])) };
}

/**
 * The array of `xs.map((v) => `"${v}"`)` where xs is an array of strings: its String() (or join
 * with ",") is each string in quotes, which is JSON's text of xs less its brackets wherever JSON
 * escapes nothing (gkc_quoted_join). Undefined for anything else.
 */
function quotedStrings(expr: Expr | undefined, facts: Facts, kinds: (e: Expr) => Kinds, helperKinds: HelperKinds): Expr | undefined {
  if (expr?.kind !== "arrayMethod" || expr.method !== "map" || !only(kinds(expr.array), ARRAY)) return undefined;
  const elements = elementKindsOf(expr.array, facts, helperKinds);
  if (!only(elements, STRING)) return undefined;
  // `typeof v === "string" ? `"${v}"` : shown(v)` of strings is its first branch.
  const inner = facts.with(expr.param, elements).outsideBody();
  let body = expr.body;
  while (body.kind === "conditional" && !inner.possible(body.test, true)) body = body.then;
  if (body.kind !== "template" || body.parts.length !== 3) return undefined;
  const [open, value, close] = body.parts;
  const printed = value?.kind === "op" && value.op === "toString" ? value.args[0] : value;
  return isLiteral(open, '"') && isLiteral(close, '"') && printed?.kind === "local" && printed.name === expr.param ? expr.array : undefined;
}

function isLiteral(expr: Expr | undefined, value: string): boolean {
  return expr?.kind === "literal" && expr.value === value;
}

/**
 * A computation that reads no local: the same in every rule, iteration and call, so it is hoisted
 * into a package rule. Constants, the inputs themselves and references stay in place.
 */
function worthHoisting(expr: Expr, facts: Facts): boolean {
  switch (expr.kind) {
    case "array":
    case "object":
    case "template":
      // Built from parts; hoist the parts that compute something.
      return false;
    default:
      return callsFunction(expr, facts) && freeLocals(expr).size === 0;
  }
}

/**
 * Whether `expr`'s term calls a function (the runtime's, the SDK's, a helper). Without one it is
 * references, constants and inline operators: cheaper in place than as a package rule.
 */
function callsFunction(expr: Expr, facts: Facts): boolean {
  switch (expr.kind) {
    case "literal":
    case "undefined":
    case "local":
      return false;
    case "input":
      return expr.field !== "object" && expr.field !== "review";
    case "member": {
      const key = chainKey(expr);
      return !(key !== undefined && facts.references.has(key));
    }
    case "op":
      if (expr.op === "strictEquals" || expr.op === "typeIs" || expr.op === "isArray") return expr.args.some((a) => callsFunction(a, facts));
      return true;
    default:
      return true;
  }
}

/** JavaScript truthiness of a value of these kinds when it is decided by the kinds alone. */
function truthOfKinds(kinds: Kinds): boolean | undefined {
  if (only(kinds, OBJECT | ARRAY)) return true;
  if (only(kinds, UNDEFINED | NULL)) return false;
  return undefined;
}

/** The truthiness of `expr` when the facts decide it; undefined when only evaluation can tell. */
export function staticTruth(expr: Expr, scope: EmitScope, given: Facts): boolean | undefined {
  if (!scope.optimize) return undefined;
  // Not from references: a chain is one because a test fails the body where it is undefined, and
  // that test may be this one (`Array.isArray(p.xs)`), which must stay to read it.
  const facts = given.references.size ? given.withReferences(new Set()) : given;
  if (expr.kind === "literal") return Boolean(expr.value);
  if (expr.kind === "undefined") return false;
  if (expr.kind === "op" && expr.op === "not" && expr.args[0]) {
    const inner = staticTruth(expr.args[0], scope, facts);
    return inner === undefined ? undefined : !inner;
  }
  if (expr.kind === "and" || expr.kind === "or") {
    // The truthiness of `a && b` and `a || b` is that of the connective over the two truths.
    const left = staticTruth(expr.left, scope, facts);
    const deciding = expr.kind === "or";
    if (left === deciding) return deciding;
    const right = staticTruth(expr.right, scope, facts);
    if (right === deciding) return deciding;
    return left !== undefined && right !== undefined ? !deciding : undefined;
  }
  // Two literals compare at build time (a helper inlined with a literal argument: `field === "runAsGroup"`).
  if (expr.kind === "op" && expr.op === "strictEquals" && expr.args[0]?.kind === "literal" && expr.args[1]?.kind === "literal") return expr.args[0].value === expr.args[1].value;
  // `x === literal` where x is never of the literal's kind (`rule === false` of a string parameter).
  if (expr.kind === "op" && expr.op === "strictEquals" && expr.args.length === 2) {
    const [a, b] = expr.args as [Expr, Expr];
    const [value, other] = b.kind === "literal" ? [b, a] : [a, b];
    if (value.kind === "literal" && (scope.kinds(other, facts) & kindOfPrimitive(value.value)) === 0) return false;
  }
  const tested = testedKinds(expr);
  if (tested !== undefined) {
    const kinds = scope.kinds(tested.subject, facts);
    if (only(kinds, tested.kinds)) return true;
    if ((kinds & tested.kinds) === 0) return false;
    return undefined;
  }
  return truthOfKinds(scope.kinds(expr, facts));
}

/** A type test: the value it examines and the kinds for which it is true. */
function testedKinds(expr: Expr): { subject: Expr; kinds: Kinds } | undefined {
  if (expr.kind === "sdkCall" && expr.name === "isObject" && expr.args[0]) return { subject: expr.args[0], kinds: OBJECT };
  if (expr.kind !== "op" || !expr.args[0]) return undefined;
  const [subject, other] = expr.args;
  switch (expr.op) {
    case "isArray":
      return { subject, kinds: ARRAY };
    case "isNullish":
      return { subject, kinds: UNDEFINED | NULL };
    case "typeIs": {
      const type = other?.kind === "literal" ? other.value : undefined;
      return typeof type === "string" && TYPEOF_KINDS[type] !== undefined ? { subject, kinds: TYPEOF_KINDS[type] } : undefined;
    }
    case "strictEquals":
      if (other?.kind === "undefined") return { subject, kinds: UNDEFINED };
      return other?.kind === "literal" && other.value === null ? { subject, kinds: NULL } : undefined;
    default:
      return undefined;
  }
}

/** A cheaper term with the same value, when the facts allow one. */
function specialise(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  const sub = (e: Expr) => emitExpr(e, scope, facts);
  const kinds = (e: Expr) => scope.kinds(e, facts);
  switch (expr.kind) {
    case "member": {
      const key = chainKey(expr);
      // A chain every review has is its reference: never undefined, so the read is total.
      if (key !== undefined && (facts.references.has(key) || REVIEW_GUARANTEES.has(key))) return reference(expr, scope);
      const inventoryPath = inventoryChain(expr, scope, facts);
      if (inventoryPath !== undefined) return inventoryPath;
      // A computed key known to be a string (Object.keys(o).every((k) => o[k] ...)) of a value
      // that is no array or string, or read from an object only: the member of an object or
      // set(), as one object.get.
      const objectKinds = kinds(expr.object);
      // o[k] where k iterates o's keys (both locals): defined, the reference itself.
      if (expr.key.kind === "local" && expr.object.kind === "local" && facts.isKeyOf(expr.key.name, expr.object.name) && only(objectKinds, OBJECT)) {
        return `${EmitScope.local(expr.object.name)}[${EmitScope.local(expr.key.name)}]`;
      }
      if (expr.key.kind !== "literal" && readsObjectMemberByString(expr, scope, facts)) {
        if ((objectKinds & OBJECT) === 0) return "set()";
        const held = sub(expr.object);
        if (only(objectKinds, OBJECT)) return `object.get(${held}, ${sub(expr.key)}, set())`;
        return isAtomicTerm(held) ? `object.get({"v": ${held}}, ["v", ${sub(expr.key)}], set())` : undefined;
      }
      if (expr.key.kind !== "literal" || typeof expr.key.value !== "string") return undefined;
      // A chain of string keys from an object: object.get along the path, whose steps through
      // anything but an object give the default, as gkc_get's do (one builtin, no calls).
      const path: string[] = [];
      let root: Expr = expr;
      for (; root.kind === "member" && root.key.kind === "literal" && typeof root.key.value === "string"; root = root.object) {
        path.unshift(literal(root.key.value));
        // From the input itself, not its defaulting rule: a step through anything but an object
        // gives the default either way, and the rule would cost an evaluation per review.
        const from = root.object.kind === "input" ? INPUT_PATHS[root.object.field] : undefined;
        if (from !== undefined) return `object.get(input, [${[...from, ...path].join(", ")}], set())`;
        if (only(kinds(root.object), OBJECT)) return `object.get(${sub(root.object)}, [${path.join(", ")}], set())`;
      }
      if ((objectKinds & OBJECT) === 0) return "set()";
      const held = sub(root);
      // A local whose member the body reads as a reference is an object wherever the body holds
      // (a string key finds nothing in anything else), so object.get reads it as it is.
      if (root.kind === "local" && facts.objectLocals.has(root.name)) return `object.get(${held}, [${path.join(", ")}], set())`;
      // From a value that may be anything: object.get along the path from an object holding it
      // (object.get refuses a first argument that is not an object); a builtin where gkc_get
      // would be a call per step.
      return isAtomicTerm(held) ? `object.get({"v": ${held}}, ["v", ${path.join(", ")}], set())` : undefined;
    }
    case "op": {
      const [first] = expr.args;
      // The inventory's objects of a kind counted only to compare with 0: whether it has one.
      const counted = expr.op === "strictEquals" ? countedAgainstZero(expr.args) : undefined;
      const empty = counted && inventoryEmptyRead(counted, scope, facts);
      if (empty !== undefined) return empty;
      if (expr.op === "toString" && first && only(kinds(first), STRING)) return sub(first);
      // String() of a number: the printer itself, without gkc_str's type dispatch.
      if (expr.op === "toString" && first && only(kinds(first), NUMBER)) {
        scope.used.add("gkc_num_str");
        return `gkc_num_str(${sub(first)})`;
      }
      // Strings each in quotes, joined by commas: the JSON text of the array where it escapes nothing.
      const quoted = expr.op === "toString" || (expr.op === "arrayJoin" && isLiteral(expr.args[1], ",")) ? quotedStrings(first, facts, kinds, scope.helperKinds) : undefined;
      if (quoted !== undefined) {
        scope.used.add("gkc_quoted_join");
        return `gkc_quoted_join(${sub(quoted)})`;
      }
      // String() of an array of strings joins them with commas.
      if (expr.op === "toString" && first && only(kinds(first), ARRAY) && only(elementKindsOf(first, facts, scope.helperKinds), STRING)) {
        return `concat(",", ${sub(first)})`;
      }
      // xs.join(s) of strings is concat itself (the separator is a literal: lower/calls.ts).
      const [, separator] = expr.args;
      if (expr.op === "arrayJoin" && first && separator && only(kinds(first), ARRAY) && only(elementKindsOf(first, facts, scope.helperKinds), STRING)) {
        return `concat(${sub(separator)}, ${sub(first)})`;
      }
      if (expr.op === "negate" && first && only(kinds(first), NUMBER)) return `0 - ${operand(sub(first))}`;
      if (expr.op === "negate" && first?.kind === "literal" && typeof first.value === "number") return literal(-first.value);
      const decided = BOOLEAN_TESTS.has(expr.op) ? staticTruth(expr, scope, facts) : undefined;
      if (decided !== undefined) return String(decided);
      // x == null of a value that is never undefined (a local bound to a reference), or never
      // null: one comparison without gkc_nullish's call.
      if (expr.op === "isNullish" && first && (kinds(first) & UNDEFINED) === 0) return `${operand(sub(first))} == null`;
      if (expr.op === "isNullish" && first && (kinds(first) & NULL) === 0) return `${operand(sub(first))} == set()`;
      // Either: one membership test of a literal set, without gkc_nullish's call.
      if (expr.op === "isNullish" && first) return `${operand(sub(first))} in {set(), null}`;
      // !b of a boolean, without gkc_not's truthiness test.
      if (expr.op === "not" && first && only(kinds(first), BOOLEAN)) {
        // !!b of a boolean is b: one test where `[[b] == [false]] == [false]` built two arrays.
        const [inner] = first.kind === "op" && first.op === "not" ? first.args : [];
        if (scope.optimize && inner && only(kinds(inner), BOOLEAN)) return sub(inner);
        const term = sub(first);
        return flippedComparison(term) ?? `[${term}] == [false]`;
      }
      return builtinFor(expr.op, expr.args, scope, facts);
    }
    case "sdkCall": {
      // asArray of an array, or of an array read by object.get that may be missing ([] there).
      const [value] = expr.args;
      if (expr.name === "asArray" && value && expr.args.length === 1) {
        if (only(kinds(value), ARRAY)) return sub(value);
        // The read itself, not a package rule holding it (this term is hoisted whole, if at all).
        if (only(kinds(value), ARRAY | UNDEFINED)) return withReadDefault(emitNode(value, scope, facts), "[]");
      }
      const byPath = INVENTORY_PATH_REGO[expr.name];
      if (byPath && expr.args[0]?.kind === "input" && expr.args[0].field === "inventory") {
        const [, ...rest] = expr.args;
        const ownPath = scope.optimize ? inventoryObjectsRead(expr.name, rest, scope, facts) : undefined;
        if (ownPath !== undefined) return ownPath;
        // Keys other than strings would read differently by path (a number is not a member name).
        const strings = rest.slice(-2).every((a) => only(kinds(a), STRING));
        if (strings) {
          scope.used.add(byPath.name);
          return `${byPath.name}(${rest.map(sub).join(", ")})`;
        }
      }
      // A valid literal pattern on a string: the builtin itself (gkc_regex_matches only adds the
      // type and validity tests, decided here; validity as the SDK decides it at build time).
      const [pattern, subject] = expr.args;
      if (expr.name === "regexMatches" && pattern?.kind === "literal" && typeof pattern.value === "string" && isValidRegex(pattern.value) && subject) {
        if (only(kinds(subject), STRING)) return `regex.match(${literal(pattern.value)}, ${sub(subject)})`;
        // Of a value that may be anything: the type test is left, the validity test is decided.
        scope.used.add("gkc_regex_matches_valid");
        return `gkc_regex_matches_valid(${literal(pattern.value)}, ${sub(subject)})`;
      }
      // A pattern an isValidRegex test on this path accepted: as a literal valid at build time.
      if (expr.name === "regexMatches" && pattern && subject && facts.isValidPattern(pattern)) {
        if (only(kinds(subject), STRING)) return `regex.match(${sub(pattern)}, ${sub(subject)})`;
        scope.used.add("gkc_regex_matches_valid");
        return `gkc_regex_matches_valid(${sub(pattern)}, ${sub(subject)})`;
      }
      // A pattern a test on this path proved ends with `*`, on a string: matchesWildcard's first
      // case, the value starting with the pattern less its `*`, as builtins without the call.
      if (expr.name === "matchesWildcard" && pattern && subject && facts.endsWithStar(pattern) && only(kinds(pattern), STRING) && only(kinds(subject), STRING)) {
        return `startswith(${sub(subject)}, trim_suffix(${sub(pattern)}, "*"))`;
      }
      // Two strings: Rego's trim itself (gkc_trim_characters only adds the type tests).
      if (expr.name === "trimCharacters" && expr.args.length === 2 && expr.args.every((a) => only(kinds(a), STRING))) {
        return `trim(${expr.args.map(sub).join(", ")})`;
      }
      const ordered = orderOperator(expr.name, expr.args, (e) => scope.kinds(e, facts));
      if (ordered) return `${operand(sub(expr.args[0]!))} ${ordered} ${operand(sub(expr.args[1]!))}`;
      if (expr.name !== "isObject" || !expr.args[0]) return undefined;
      const decided = staticTruth(expr, scope, facts);
      return decided === undefined ? `is_object(${sub(expr.args[0])})` : String(decided);
    }
    case "helperCall": {
      const resolved = decidedHelperBody(expr, scope, facts);
      if (resolved !== undefined) return emitExpr(resolved, scope, facts);
      // A helper given the inventory reads it by path in a copy of its own: as an argument, the
      // inventory would be built as one value from every synced object, on every call.
      const inventoryArgs = expr.args.flatMap((arg, index) => (arg.kind === "input" && arg.field === "inventory" ? [index] : []));
      const specialised = inventoryArgs.length ? scope.specialiseHelper?.(expr.name, inventoryArgs) : undefined;
      if (specialised === undefined) return undefined;
      const passed = expr.args.filter((_, index) => !inventoryArgs.includes(index));
      scope.noteCall(specialised, passed, facts);
      return `${EmitScope.local(specialised)}(${passed.map(sub).join(", ")})`;
    }
    case "coalesce": {
      const left = kinds(expr.left);
      if ((left & (UNDEFINED | NULL)) === 0) return sub(expr.left);
      if (only(left, UNDEFINED | NULL)) return sub(expr.right);
      // A member read that is never null: the right side is its default, without gkc_coalesce's
      // two calls (both are evaluated either way, as the call's arguments are).
      if ((left & NULL) === 0) return withReadDefault(emitNode(expr.left, scope, facts), sub(expr.right));
      return undefined;
    }
    case "conditional": {
      const test = staticTruth(expr.test, scope, facts);
      if (test !== undefined) return test ? sub(expr.then) : sub(expr.otherwise);
      // `isObject(o) ? o[key] : undefined` with a string key, as in a helper the facts decide.
      const read = decide(expr, scope, facts);
      if (read !== undefined) return sub(read);
      const defaulted = readOrDefault(expr, scope, facts);
      if (defaulted !== undefined) return defaulted;
      const eager = eagerConditional(expr, scope, facts);
      if (eager !== undefined) return eager;
      return scope.lift(expr, facts);
    }
    case "and":
    case "or": {
      const member = literalMembership(expr, scope, facts);
      if (member !== undefined) return member;
      const left = staticTruth(expr.left, scope, facts);
      if (left !== undefined) return left === (expr.kind === "and") ? sub(expr.right) : sub(expr.left);
      // Between booleans, && and || are all-true and not-all-false: one comparison of arrays
      // instead of calls (both sides are total terms, so evaluating both is safe).
      const all = booleanOperands(expr, expr.kind, scope, facts);
      if (all === undefined) return undefined;
      const operands = expr.kind === "and" ? withoutImplied(all, scope, facts) : all;
      // Total boolean terms: one the facts made a constant decides the whole (`false` for &&,
      // `true` for ||), or adds nothing.
      const decisive = expr.kind === "and" ? "false" : "true";
      const terms = operands.map(sub).filter((term) => term !== (expr.kind === "and" ? "true" : "false"));
      if (terms.includes(decisive)) return decisive;
      if (terms.length === 0) return expr.kind === "and" ? "true" : "false";
      if (terms.length === 1) return terms[0]!;
      const constant = JSON.stringify(terms.map(() => expr.kind === "and"));
      return `[${terms.join(", ")}] ${expr.kind === "and" ? "==" : "!="} ${constant.replace(/,/g, ", ")}`;
    }
    default:
      return undefined;
  }
}

/**
 * `x === l1 || x === l2 || …` of literals (`undefined` too) as `x in {l1, l2, …}`: `x` computed
 * once and one lookup, where each comparison computed it again (`regoFalsy(v)` is three).
 * Membership is Rego's equality, which is `===` where one side is a primitive literal.
 */
function literalMembership(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  const parsed = scope.optimize ? literalComparisons(expr) : undefined;
  if (parsed === undefined) return undefined;
  // An operand the facts decide is folded by the general path instead.
  if (parsed.comparisons.some(({ test }) => staticTruth(test, scope, facts) !== undefined)) return undefined;
  const values = parsed.comparisons.map(({ literal: value }) => (value.kind === "literal" ? literal(value.value) : "set()"));
  const distinct = [...new Set(values)];
  if (distinct.length < 2) return undefined;
  return `${operand(emitExpr(parsed.subject, scope, facts))} in {${distinct.join(", ")}}`;
}

/**
 * `a == b` as `a != b` and back, for two operands that need no parentheses: the negation of a
 * comparison of defined terms, with no array around it (an undefined operand fails both forms).
 */
function flippedComparison(term: string): string | undefined {
  for (const [op, flipped] of [[" == ", " != "], [" != ", " == "]] as const) {
    const parts = term.split(op);
    if (parts.length === 2 && parts.every(isAtomicTerm)) return parts.join(flipped);
  }
  return undefined;
}

/**
 * Whether a conditional is emitted as a call of a lifted function (`gkc_cond_N(…)`): the facts
 * neither decide its test nor its read, and it is no eager lookup (the cases of emitNode before it
 * lifts).
 */
export function liftsConditional(expr: Extract<Expr, { kind: "conditional" }>, scope: EmitScope, facts: Facts): boolean {
  return staticTruth(expr.test, scope, facts) === undefined && decide(expr, scope, facts) === undefined && eagerConditional(expr, scope, facts) === undefined;
}

/**
 * A conditional Rego can evaluate eagerly, as a lookup in `{true: then, false: otherwise}`: its
 * test is a boolean (so its value is its truthiness) and each branch is a constant, a local, or a
 * member chain read as a reference or as a package rule of one. Those terms are total under the
 * caller's facts (a reference is one whose being undefined fails the body anyway, strict.ts), so
 * evaluating the branch the test does not choose changes nothing, and the lookup costs OPA's
 * evaluator less than a call of the lifted function. A branch may be such a lookup itself when its
 * test is a local. Not where a branch computes in place (an object.get): OPA evaluates a call
 * inside a composite term more slowly than the function (measured with opa bench).
 */
function eagerConditional(expr: Extract<Expr, { kind: "conditional" }>, scope: EmitScope, facts: Facts): string | undefined {
  const plain = (e: Expr): boolean => e.kind === "literal" || e.kind === "undefined" || e.kind === "local" || (e.kind === "member" && chainKey(e) !== undefined && !chainKey(e)!.startsWith("@inventory"));
  if (!only(scope.kinds(expr.test, facts), BOOLEAN)) return undefined;
  const branch = (e: Expr): string | undefined => {
    // A nested conditional of a local's value: both lookups cost less than a call (a call that
    // returns a value costs OPA ~30 allocations). Not of a computed test, which the call's `else`
    // evaluated only where the outer test failed.
    if (e.kind === "conditional") return e.test.kind === "local" ? eagerConditional(e, scope, facts) : undefined;
    if (!plain(e)) return undefined;
    const t = emitExpr(e, scope, facts);
    return isNameOrScalar(t) || t === "set()" || isStringLiteral(t) ? t : undefined;
  };
  const then = branch(expr.then);
  const otherwise = then === undefined ? undefined : branch(expr.otherwise);
  if (then === undefined || otherwise === undefined) return undefined;
  return `{true: ${then}, false: ${otherwise}}[${emitExpr(expr.test, scope, facts)}]`;
}

/**
 * A helper call as the helper's own body, when what this body knows of the arguments decides
 * every branch of it: `shown(image)` after `typeof image === "string"` is `image` itself, with no
 * call (a call costs Gatekeeper's evaluator far more than a builtin). Undefined otherwise, or
 * when an argument that computes something would be repeated or captured by a lambda.
 */
function decidedHelperBody(call: Extract<Expr, { kind: "helperCall" }>, scope: EmitScope, facts: Facts): Expr | undefined {
  const form = scope.helperForms.get(call.name);
  if (form === undefined) return undefined;
  const values = argumentsOf(form.params, form.body, call.args);
  if (values === undefined) return undefined;
  const decided = decide(substitute(form.body, values), scope, facts);
  if (decided === undefined) return undefined;
  for (const arg of values.values()) if (!isCheap(arg) && occurrences(decided, arg) > 1) return undefined;
  return decided;
}

/** `expr` with every conditional outside lambdas replaced by the branch the facts choose; undefined if one is open. */
function decide(expr: Expr, scope: EmitScope, facts: Facts): Expr | undefined {
  if (expr.kind === "conditional") {
    const test = staticTruth(expr.test, scope, facts);
    if (test !== undefined) return decide(test ? expr.then : expr.otherwise, scope, facts);
    // `isObject(o) ? o[key] : undefined` with a string key is `o[key]` of an object only (a
    // literal key, which lowering keeps from naming an index or the length, reads only an
    // object's members anyway).
    const { test: guard, then, otherwise } = expr;
    const guarded = guardedObject(guard, then);
    if (guarded && otherwise.kind === "undefined" && then.kind === "member" && JSON.stringify(then.object) === JSON.stringify(guarded) && only(scope.kinds(then.key, facts), STRING)) {
      return decide(then.key.kind === "literal" ? then : { ...then, objectOnly: true }, scope, facts);
    }
    return undefined;
  }
  if (expr.kind === "arrayMethod") {
    const array = decide(expr.array, scope, facts);
    return array === undefined ? undefined : { ...expr, array };
  }
  let open = false;
  const mapped = mapChildren(expr, (child) => {
    const decided = open ? child : decide(child, scope, facts);
    if (decided === undefined) open = true;
    return decided ?? child;
  });
  return open ? undefined : mapped;
}

/**
 * The object `isObject(o)` guards, also as `isObject(o) && Object.keys(o).includes(k)` (or `&& k
 * !== undefined`) guarding `o[k]`: with a string k the key test adds nothing, since a member read finds own members only
 * and an own member set to undefined reads as undefined either way.
 */
export function guardedObject(guard: Expr, then: Expr): Expr | undefined {
  if (guard.kind === "sdkCall" && guard.name === "isObject") return guard.args[0];
  if (guard.kind !== "and" || then.kind !== "member") return undefined;
  const object = guardedObject(guard.left, then);
  const { right } = guard;
  const [keys, key] = right.kind === "op" && right.op === "arrayIncludes" ? right.args : [];
  const ownKey = keys?.kind === "op" && keys.op === "objectKeys" && keys.args[0] !== undefined && same(keys.args[0], then.object) && key !== undefined && same(key, then.key);
  return (ownKey || isDefinedTest(right, then.key)) && object !== undefined && same(object, then.object) ? object : undefined;
}

/** `key !== undefined`: with a string key (the caller's condition) it adds nothing to the read. */
function isDefinedTest(test: Expr, key: Expr): boolean {
  const inner = test.kind === "op" && test.op === "not" ? test.args[0] : undefined;
  if (inner?.kind !== "op" || inner.op !== "strictEquals") return false;
  const [a, b] = inner.args;
  return a !== undefined && b !== undefined && ((a.kind === "undefined" && same(b, key)) || (b.kind === "undefined" && same(a, key)));
}

/** How often `arg` occurs in `expr` (the substituted body reads a parameter where its argument is). */
function occurrences(expr: Expr, arg: Expr): number {
  const text = JSON.stringify(arg);
  const visit = (e: Expr): number => (JSON.stringify(e) === text ? 1 : children(e).reduce((n, child) => n + visit(child), 0));
  return visit(expr);
}

/**
 * A string key that can name no index and not the length: a template (`prefix/${x}`) that starts
 * with a literal character other than a digit or "l".
 */
function neverNamesArrayMember(key: Expr): boolean {
  const first = key.kind === "template" ? key.parts[0] : undefined;
  return first?.kind === "literal" && typeof first.value === "string" && /^[^0-9l]/.test(first.value);
}

/**
 * The member reads of a chain, the one on its base first, down through helper calls the facts
 * decide to be member reads (`field(o, key)`), and the base they read (`expr` itself and no reads
 * when it is no member read).
 */
function memberChain(expr: Expr, scope: EmitScope, facts: Facts): { reads: Extract<Expr, { kind: "member" }>[]; base: Expr } {
  const reads: Extract<Expr, { kind: "member" }>[] = [];
  let base: Expr = expr;
  const member = (e: Expr): Extract<Expr, { kind: "member" }> | undefined => {
    const decided = e.kind === "helperCall" ? decidedHelperBody(e, scope, facts) : e;
    return decided?.kind === "member" ? decided : undefined;
  };
  for (let step = member(base); step !== undefined; step = member(base)) {
    reads.unshift(step);
    base = step.object;
  }
  return { reads, base };
}

/** The member reads of a chain from the inventory (memberChain); undefined when `expr` is not one. */
function inventoryReads(expr: Expr, scope: EmitScope, facts: Facts): Extract<Expr, { kind: "member" }>[] | undefined {
  const { reads, base } = memberChain(expr, scope, facts);
  return base.kind === "input" && base.field === "inventory" ? reads : undefined;
}

/**
 * Whether the value these keys read from the inventory is one of its dictionaries: the inventory,
 * `namespace` and each level below it to the kind, `cluster` and each level below it to the kind.
 * None is an array or a string, whose indexes and length a string key could name.
 */
function isInventoryDictionary(keys: readonly Expr[]): boolean {
  const [first] = keys;
  const levels = first?.kind === "literal" ? (first.value === "namespace" ? 4 : first.value === "cluster" ? 3 : 0) : 0;
  return keys.length <= levels;
}

/**
 * A member chain from the inventory with string keys, read by path in a function of its
 * variable keys (`data.inventory.namespace[ns]...`, else set()): Rego then reads that one
 * subtree from the store, where object.get of the inventory would first build all of it. A
 * reference reads objects' members only: so does every step with a literal key (lowering keeps
 * those from naming an index or a length), one that reads an object only, and one that reads a
 * dictionary of the inventory.
 */
function inventoryChain(expr: Extract<Expr, { kind: "member" }>, scope: EmitScope, facts: Facts): string | undefined {
  const reads = inventoryReads(expr, scope, facts);
  if (reads === undefined) return undefined;
  const params: string[] = [];
  const args: string[] = [];
  const path = inventoryPath(reads, scope, facts, (key) => {
    params.push(`key${params.length + 1}`);
    args.push(emitExpr(key, scope, facts));
    return `key${params.length}`;
  });
  if (path === undefined) return undefined;
  const head = params.length ? `${LIFTED}(${params.join(", ")})` : LIFTED;
  return scope.liftedCall(`${head} := value if {\n\tvalue := data.inventory${path}\n} else := set()`, "gkc_inventory", args);
}

/**
 * `clusterObjects(inventory, "storage.k8s.io/v1", "StorageClass")` (or namespacedObjects) with
 * every key a string, as a rule (a function of the keys that are not literals) reading that
 * kind's map by its own path: no call of gkc_inventory_*_objects, whose path OPA resolves from
 * variables on each call. Missing, the kind has no objects ([]), as in the SDK.
 */
function inventoryObjectsRead(name: string, keys: readonly Expr[], scope: EmitScope, facts: Facts): string | undefined {
  // gkc_sorted_objects' comprehension in the rule itself: its call cost K8sStorageClass 30 allocations a review (gator).
  // The names (clusterObjectNames) test each object without reading it: an array of the objects
  // converts each in full, as OPA hashes the array's elements.
  const sorted = INVENTORY_NAMES.has(name)
    ? SORTED_NAMES
    : "[value | some name in sort(object.keys(objects)); value := objects[name]; is_object(value)]";
  return inventoryKindRule(name, keys, scope, facts, (head, path) => `${head} := ${sorted} if {\n\tobjects := ${path}\n\tis_object(objects)\n} else := []`);
}

/**
 * `clusterObjects(inventory, …).length === 0` (or namespacedObjects) as a rule that is true where
 * the kind's map holds no object: the first object found decides it, where counting the
 * name-sorted array would convert and sort every object of the kind on each review. Missing, the
 * kind has no objects, as in the SDK.
 */
function inventoryEmptyRead(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  if (expr.kind !== "sdkCall" || INVENTORY_PATH_REGO[expr.name] === undefined) return undefined;
  const [inventory, ...keys] = expr.args;
  if (inventory?.kind !== "input" || inventory.field !== "inventory") return undefined;
  // Only a map's values: the SDK finds no objects in an array (a kind's map is never one in
  // Gatekeeper's inventory, but gkc verify gives both engines any JSON).
  return inventoryKindRule(expr.name, keys, scope, facts, (head, path) => `${head} := false if {\n\tis_object(${path})\n\tsome value in ${path}\n\tis_object(value)\n} else := true`);
}

/**
 * A lifted rule over one kind's map in data.inventory, `source` given its head (a function of
 * the keys that are no literals) and the path; undefined unless every key is a string.
 */
function inventoryKindRule(name: string, keys: readonly Expr[], scope: EmitScope, facts: Facts, source: (head: string, path: string) => string): string | undefined {
  if (!keys.every((key) => only(scope.kinds(key, facts), STRING))) return undefined;
  const params: string[] = [];
  const args: string[] = [];
  const path = inventoryKindPath(name, keys, (key) => {
    params.push(`key${params.length + 1}`);
    args.push(emitExpr(key, scope, facts));
    return `key${params.length}`;
  });
  if (path === undefined) return undefined;
  const head = params.length ? `${LIFTED}(${params.join(", ")})` : LIFTED;
  return scope.liftedCall(source(head, path), "gkc_inventory", args);
}

/** x of `x.length === 0` (or `0 === x.length`). */
function countedAgainstZero(args: readonly Expr[]): Expr | undefined {
  const [a, b] = args;
  const isZero = (e: Expr | undefined) => e?.kind === "literal" && e.value === 0;
  const length = isZero(b) ? a : isZero(a) ? b : undefined;
  return length?.kind === "op" && length.op === "length" ? length.args[0] : undefined;
}

/** The reference to one kind's map in data.inventory (clusterObjects or namespacedObjects), each key that is no literal as `variable` names it. */
function inventoryKindPath(name: string, keys: readonly Expr[], variable: (key: Expr) => string | undefined): string | undefined {
  const path = keyPath(keys, variable);
  if (path === undefined) return undefined;
  return `${name.startsWith("namespaced") ? "data.inventory.namespace" : "data.inventory.cluster"}${path}`;
}

/** Path segments for `keys`: a literal string as opa fmt writes it, any other key as `variable` names it in brackets. */
function keyPath(keys: readonly Expr[], variable: (key: Expr) => string | undefined): string | undefined {
  let path = "";
  for (const key of keys) {
    if (key.kind === "literal" && typeof key.value === "string") {
      path += pathSegment(key.value);
      continue;
    }
    const term = variable(key);
    if (term === undefined) return undefined;
    path += `[${term}]`;
  }
  return path;
}

/** A string key as a path segment: `.key` where it is an identifier and no keyword, else `["key"]`. */
export function pathSegment(key: string): string {
  return IDENTIFIER.test(key) && !REGO_KEYWORDS.has(key) ? `.${key}` : `[${literal(key)}]`;
}

/**
 * The path of a read of the inventory (`.namespace[key1]…`), each variable key as `variable`
 * names it; undefined where a reference would not read what the member chain does: a key that
 * may be no string, or one that could name an array's index or length.
 */
function inventoryPath(reads: readonly Extract<Expr, { kind: "member" }>[], scope: EmitScope, facts: Facts, variable: (key: Expr) => string | undefined): string | undefined {
  const keys = reads.map((read) => read.key);
  if (!keys.every((key) => (key.kind === "literal" && typeof key.value === "string") || only(scope.kinds(key, facts), STRING))) return undefined;
  if (!reads.every((read, i) => read.key.kind === "literal" || read.objectOnly || isInventoryDictionary(keys.slice(0, i)))) return undefined;
  return keyPath(keys, variable);
}

/**
 * `x === undefined || x === false` of a read of the inventory, as the reference that reads it
 * (`data.inventory.namespace[ns][…]`): as a test it holds exactly where the value is defined and
 * not false, and OPA builds no value for it. Only where every key is a string (as inventoryChain)
 * named by a local, a rule or a constant, which a reference can hold.
 */
function existenceReference(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  const subject = falsyTestSubject(expr);
  const reads = subject === undefined ? undefined : inventoryReads(subject, scope, facts);
  if (subject !== undefined && reads === undefined) return memberExistenceReference(subject, scope, facts);
  if (reads === undefined || reads.length === 0) return undefined;
  const path = inventoryPath(reads, scope, facts, (key) => {
    const term = emitExpr(key, scope, facts);
    return isNameOrScalar(term) ? term : undefined;
  });
  return path === undefined ? undefined : `data.inventory${path}`;
}

/**
 * The same test of a member chain from the reviewed object, the review, the parameters or a
 * local, with a key that is a local (or rule) holding a string: `!isProvided(annotations, key)`
 * of K8sRequiredAnnotations is `not input.review.object.metadata.annotations[key]`, as the
 * library asks it, where the read was object.get of an object built around the annotations.
 * A reference with a string key reads an object's member only, so a key that is no literal needs
 * the read to be of an object only (`isObject(o) ? o[k] : undefined`: JavaScript's `o[k]` of an
 * array or a string would read an index or the length); a literal key is one the lowering gave a
 * member read, which names neither.
 */
function memberExistenceReference(subject: Expr, scope: EmitScope, facts: Facts): string | undefined {
  const { reads, base } = memberChain(subject, scope, facts);
  if (reads.length === 0 || (base.kind !== "local" && !(base.kind === "input" && base.field !== "inventory"))) return undefined;
  let path = "";
  for (const { key, objectOnly } of reads) {
    if (key.kind === "literal") {
      if (typeof key.value !== "string") return undefined;
      path += pathSegment(key.value);
      continue;
    }
    if (!objectOnly || !only(scope.kinds(key, facts), STRING)) return undefined;
    const term = emitExpr(key, scope, facts);
    if (!IDENTIFIER.test(term)) return undefined;
    path += `[${term}]`;
  }
  // input.parameters.key is undefined wherever gkc_input_parameters.key is (reference()).
  return `${base.kind === "input" && base.field === "parameters" ? "input.parameters" : reference(base, scope)}${path}`;
}

/** A Rego reference for a member chain (strict.ts): undefined where gkc_get would give set(). */
function reference(expr: Expr, scope: EmitScope): string {
  switch (expr.kind) {
    case "local":
      return EmitScope.local(expr.name);
    case "input":
      // input.review is an object whenever Gatekeeper evaluates; the others keep their defaults.
      if (expr.field === "object") return "input.review.object";
      if (expr.field === "review") return "input.review";
      // data.inventory by path: Rego reads only what the reference names from the store.
      if (expr.field === "inventory") return "data.inventory";
      return scope.constant(`gkc_input_${expr.field}`);
    case "member": {
      const key = expr.key.kind === "literal" ? expr.key.value : undefined;
      if (typeof key !== "string") throw new Error("internal: a reference needs a string key");
      // input.parameters.key is undefined wherever gkc_input_parameters.key is: a key of anything
      // but an object is.
      const base = expr.object.kind === "input" && expr.object.field === "parameters" ? "input.parameters" : reference(expr.object, scope);
      return `${base}${pathSegment(key)}`;
    }
    default:
      throw new Error(`internal: no reference for ${expr.kind}`);
  }
}

/** A reference a bound value reads: the whole reference, or an object's reference and a local key. */
export type BoundReference = { readonly reference: string } | { readonly object: string; readonly key: string };

/**
 * The reference a bound value reads, when the facts decide it to be a member read (`field(o,
 * key)`, `isObject(o) ? o[key] : undefined`, `o.a`) of a chain: by string keys, or last by a
 * local known to hold a string that names no array's member here. Rego's reference is undefined
 * exactly where the read gives undefined, so a body that fails without the value may bind it.
 */
export function boundReference(value: Expr, scope: EmitScope, facts: Facts): BoundReference | undefined {
  const decided = value.kind === "helperCall" ? decidedHelperBody(value, scope, facts) : value.kind === "conditional" ? decide(value, scope, facts) : value;
  if (decided?.kind !== "member") return undefined;
  if (chainKey(decided) !== undefined) return { reference: reference(decided, scope) };
  const { object, key } = decided;
  if (key.kind !== "local" || chainKey(object) === undefined || !readsObjectMemberByString(decided, scope, facts)) return undefined;
  return { object: reference(object, scope), key: EmitScope.local(key.name) };
}

/**
 * Whether a member read's key is a string that can only name an object's member: the read is of
 * objects only (`isObject(o) ? o[k] : undefined`), or of a value that is no array or string, or
 * the key never names an array's index or length (JavaScript's `o[k]` reads those).
 */
function readsObjectMemberByString(expr: Extract<Expr, { kind: "member" }>, scope: EmitScope, facts: Facts): boolean {
  if (!only(scope.kinds(expr.key, facts), STRING)) return false;
  return expr.objectOnly === true || (scope.kinds(expr.object, facts) & (ARRAY | STRING)) === 0 || neverNamesArrayMember(expr.key);
}

/** The inputs whose defaulting rule (runtime.ts) object.get can skip: their path from `input`. */
const INPUT_PATHS: Readonly<Partial<Record<Extract<Expr, { kind: "input" }>["field"], readonly string[]>>> = {
  object: ['"review"', '"object"'],
  review: ['"review"'],
  parameters: ['"parameters"'],
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REGO_KEYWORDS = new Set(["as", "contains", "default", "else", "every", "false", "if", "import", "in", "not", "null", "package", "some", "true", "with"]);

/** String operations whose runtime function is exactly the builtin once every argument is a string. */
const STRING_BUILTINS: ReadonlyMap<Operation, string> = new Map<Operation, string>([
  ["stringLower", "lower"],
  ["stringUpper", "upper"],
  ["stringStartsWith", "startswith"],
  ["stringEndsWith", "endswith"],
  ["stringIncludes", "contains"],
  ["stringSplit", "split"],
]);

const INFIX: ReadonlyMap<Operation, { readonly operator: string; readonly strings: boolean }> = new Map([
  ["lessThan", { operator: "<", strings: true }],
  ["lessOrEqual", { operator: "<=", strings: true }],
  ["greaterThan", { operator: ">", strings: true }],
  ["greaterOrEqual", { operator: ">=", strings: true }],
  ["add", { operator: "+", strings: false }],
  ["subtract", { operator: "-", strings: false }],
  ["multiply", { operator: "*", strings: false }],
]);

/** The parts of a `concat("", [...])` term, when the term is exactly one. */
function concatenated(term: string): string[] | undefined {
  const prefix = 'concat("", [';
  if (!term.startsWith(prefix) || !term.endsWith("])")) return undefined;
  // Undefined where the list closes before the end: the term is something longer.
  return listElements(term.slice(prefix.length, -2));
}

/**
 * Adjacent string literals of a concatenation as one (`"container", " <"` is `"container <"`, a
 * loop over the container lists unrolled): each element of concat's array costs OPA a term.
 */
function joinedLiterals(parts: readonly string[]): string[] {
  const joined: string[] = [];
  for (const part of parts) {
    const last = joined[joined.length - 1];
    if (last !== undefined && isQuotedLiteral(last) && isQuotedLiteral(part)) {
      joined[joined.length - 1] = JSON.stringify((JSON.parse(last) as string) + (JSON.parse(part) as string));
    } else joined.push(part);
  }
  return joined;
}

/**
 * A template's parts as terms, `[${xs.map((v) => `"${v}"`)}]` of strings as one
 * gkc_quoted_array call (JSON's text itself where it escapes nothing), its brackets taken from
 * the literals either side. Hoisted as the part alone would be: it reads no local.
 */
function quotedArrayParts(parts: readonly Expr[], scope: EmitScope, facts: Facts): string[] {
  const terms: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const before = terms[terms.length - 1];
    const open = before !== undefined && isQuotedLiteral(before) ? (JSON.parse(before) as string) : "";
    const close = parts[i + 1];
    const printed = part.kind === "op" && part.op === "toString" ? part.args[0] : undefined;
    const values = printed && quotedStrings(printed, facts, (e) => scope.kinds(e, facts), scope.helperKinds);
    if (values === undefined || !open.endsWith("[") || close?.kind !== "literal" || typeof close.value !== "string" || !close.value.startsWith("]")) {
      terms.push(emitExpr(part, scope, facts));
      continue;
    }
    scope.used.add("gkc_quoted_array");
    const hoisted = worthHoisting(part, facts);
    const term = `gkc_quoted_array(${emitExpr(values, scope, hoisted ? facts.outsideBody() : facts)})`;
    terms[terms.length - 1] = literal(open.slice(0, -1));
    terms.push(hoisted ? scope.hoist(term) : term, literal(close.value.slice(1)));
    i++;
  }
  return terms.filter((term) => term !== '""');
}

/** One double-quoted string literal (JSON's escapes; not a raw one), which JSON.parse reads. */
function isQuotedLiteral(term: string): boolean {
  return term.startsWith('"') && isStringLiteral(term);
}

/** A term as an operand of an infix operator: parenthesised when it is itself infix. */
function operand(term: string): string {
  for (const [, c] of topLevel(term)) if (c === " ") return `(${term})`;
  return term;
}

/** The Rego builtin that computes `op` on these arguments, when their kinds make it exact. */
function builtinFor(op: Operation, args: readonly Expr[], scope: EmitScope, facts: Facts): string | undefined {
  const sub = (e: Expr) => emitExpr(e, scope, facts);
  const builtin = STRING_BUILTINS.get(op);
  if (builtin && args.every((a) => only(scope.kinds(a, facts), STRING))) return `${builtin}(${args.map(sub).join(", ")})`;
  const kindsOfArgs = (kinds: Kinds) => args.length > 0 && args.every((a) => only(scope.kinds(a, facts), kinds));
  // The runtime's comparison and arithmetic functions are these operators on numbers (and the
  // comparisons on strings too): the same Rego operation without the call.
  const infix = INFIX.get(op);
  if (infix && (kindsOfArgs(NUMBER) || (infix.strings && kindsOfArgs(STRING)))) {
    return `${operand(sub(args[0]!))} ${infix.operator} ${operand(sub(args[1]!))}`;
  }
  const [items, value] = args;
  const keysOf = items && keysOfObject(items, scope, facts);
  // Object.keys(o).length of an object is its count of members.
  if (op === "length" && keysOf) return `count(${sub(keysOf)})`;
  if (op === "length" && kindsOfArgs(ARRAY)) return `count(${sub(args[0]!)})`;
  // Object.keys(o).includes(k) of an object: o's keys are strings (JSON's, and JavaScript's for
  // the objects a policy builds), which no array, object or undefined equals, so any k is a key
  // exactly when it is in object.keys(o), without the array of keys gkc_keys builds.
  if (op === "arrayIncludes" && keysOf && value) {
    return `${sub(value)} in object.keys(${sub(keysOf)})`;
  }
  // gkc_includes on an array and a value that is not an array or object, or on an array of
  // scalars and any value (JavaScript finds an array or object by reference, so only among arrays
  // and objects, where Rego's == compares contents): plain membership.
  const scalars = (kinds: Kinds) => (kinds & (ARRAY | OBJECT)) === 0;
  if (op === "arrayIncludes" && items && value && only(scope.kinds(items, facts), ARRAY) && (scalars(scope.kinds(value, facts)) || scalars(elementKindsOf(items, facts, scope.helperKinds)))) {
    // members(x) (an array's elements, an object's values, else none) is what Rego's `in` searches
    // in x itself, and x undefined (set()) has no member: no array is built.
    const collection = scope.optimize ? membersCollection(items, scope.helperForms) : undefined;
    if (collection !== undefined) return `${sub(value)} in ${operand(sub(collection))}`;
    return `${sub(value)} in ${sub(items)}`;
  }
  return undefined;
}

/**
 * The Rego operator an sdk/order.ts call is, when the operands' kinds make it exact: those
 * functions differ from Rego's own operators only when an operand is an array, an object or
 * undefined (see gkc_rego_less and the others). One scalar operand suffices: a scalar is never
 * equal to those, and `a < b` (`<=`) with `b` a scalar needs `a` of a lower rank, a scalar too.
 * For `<`, `a` with no array or object suffices as well (undefined `a`, set(), is never less).
 */
function orderOperator(name: string, args: readonly Expr[], kinds: (e: Expr) => Kinds): string | undefined {
  const operator = ORDER_FORMS.get(name)?.operator;
  const [a, b] = args;
  if (operator === undefined || a === undefined || b === undefined || args.length !== 2) return undefined;
  // regoEquals is Rego's `==` itself unless both may be undefined (set() == set() holds).
  if (name === "regoEquals") return (kinds(a) & UNDEFINED) === 0 || (kinds(b) & UNDEFINED) === 0 ? operator : undefined;
  const scalar = (e: Expr) => (kinds(e) & (ARRAY | OBJECT | UNDEFINED)) === 0;
  if (scalar(b) || (name !== "regoLess" ? scalar(a) : (kinds(a) & (ARRAY | OBJECT)) === 0)) return operator;
  return undefined;
}

/**
 * `x === undefined ? d : x` of a member read and a literal (simplify.ts memberOrDefault): the read
 * with `d` for its default, `object.get(o, path, d)`, where the conditional was a lifted function
 * (K8sBlockWildcardIngress' `host === undefined ? "" : host`). The read gives set() exactly where
 * x is undefined, and a literal is total, so computing it either way is safe.
 */
function readOrDefault(expr: Extract<Expr, { kind: "conditional" }>, scope: EmitScope, facts: Facts): string | undefined {
  const found = scope.optimize ? memberOrDefault(expr) : undefined;
  return found && withReadDefault(emitNode(found.read, scope, facts), emitExpr(found.fallback, scope, facts));
}

/** The operands of a chain of the same connective, when every one is a boolean; else undefined. */
function booleanOperands(expr: Expr, connective: "and" | "or", scope: EmitScope, facts: Facts): Expr[] | undefined {
  const operands: Expr[] = [];
  const collect = (e: Expr): boolean => {
    if (e.kind === connective) return collect(e.left) && collect(e.right);
    if (!only(scope.kinds(e, facts), BOOLEAN)) return false;
    operands.push(e);
    return true;
  };
  return collect(expr) ? operands : undefined;
}

/**
 * The operands of a conjunction without those the others imply: an operand the facts decide true
 * once every other kept operand holds adds nothing (`typeof x === "string"` beside
 * `regexMatches(p, x)`, which is false for anything but a string). One at a time, so of two
 * operands that imply each other one stays.
 */
function withoutImplied(operands: readonly Expr[], scope: EmitScope, facts: Facts): Expr[] {
  const kept = [...operands];
  for (let i = kept.length - 1; i >= 0; i--) {
    const others = kept.filter((_, k) => k !== i).reduce((f, o) => f.afterTest(o, false), facts);
    if (staticTruth(kept[i]!, scope, others) === true) kept.splice(i, 1);
  }
  return kept;
}

/** Operations that are type tests or negations, whose value facts can decide. */
const BOOLEAN_TESTS = new Set<Operation>(["isArray", "isNullish", "typeIs", "not", "strictEquals"]);

function emitOperation(operation: Operation, args: readonly Expr[], scope: EmitScope, facts: Facts): string {
  const rendered = args.map((a) => emitExpr(a, scope, facts));
  switch (operation) {
    case "strictEquals": {
      const [left, right] = args;
      // gkc_strict_equal only differs from == on arrays and objects (compared by reference in JavaScript).
      const primitiveLiteral = (e: Expr | undefined) =>
        e?.kind === "literal" || e?.kind === "undefined" || (e !== undefined && scope.optimize && (scope.kinds(e, facts) & (ARRAY | OBJECT)) === 0);
      // Infix `==` is what opa fmt prints; an operand that is itself infix would need parentheses.
      const infixOperand = (e: Expr | undefined) => e?.kind === "op" && (e.op === "strictEquals" || e.op === "typeIs");
      return (primitiveLiteral(left) || primitiveLiteral(right)) && !infixOperand(left) && !infixOperand(right)
        ? `${rendered[0]} == ${rendered[1]}`
        : scope.call("gkc_strict_equal", ...rendered);
    }
    case "typeIs": {
      const type = args[1]?.kind === "literal" ? args[1].value : undefined;
      const value = rendered[0] ?? "set()";
      switch (type) {
        case "string":
          return `is_string(${value})`;
        case "number":
          return `is_number(${value})`;
        case "boolean":
          return `is_boolean(${value})`;
        case "object":
          return scope.call("gkc_typeof_object", value);
        case "undefined":
          return scope.call("gkc_is_undefined", value);
        default:
          throw new Error(`internal: typeof ${String(type)}`);
      }
    }
    case "isArray":
      return `is_array(${rendered[0]})`;
    default: {
      const name = OPERATION_FUNCTIONS[operation];
      if (!name) throw new Error(`internal: no Rego for ${operation}`);
      return scope.call(name, ...rendered);
    }
  }
}

/** True when `expr` reads the local `name` (lambda parameters unused in a body become `_`). */
export function readsLocal(expr: Expr, name: string): boolean {
  switch (expr.kind) {
    case "local":
      return expr.name === name;
    case "literal":
    case "undefined":
    case "input":
      return false;
    case "member":
      return readsLocal(expr.object, name) || readsLocal(expr.key, name);
    case "op":
    case "sdkCall":
    case "helperCall":
      return expr.args.some((a) => readsLocal(a, name));
    case "and":
    case "or":
    case "coalesce":
      return readsLocal(expr.left, name) || readsLocal(expr.right, name);
    case "conditional":
      return readsLocal(expr.test, name) || readsLocal(expr.then, name) || readsLocal(expr.otherwise, name);
    case "template":
      return expr.parts.some((p) => readsLocal(p, name));
    case "array":
      return expr.items.some((i) => readsLocal(i, name));
    case "object":
      return expr.entries.some(([, v]) => readsLocal(v, name));
    case "arrayMethod":
      return readsLocal(expr.array, name) || readsLocal(expr.body, name);
  }
}

/** `o` where `expr` is `Object.keys(o)` of a value the facts know to be an object. */
function keysOfObject(expr: Expr, scope: EmitScope, facts: Facts): Expr | undefined {
  const object = expr.kind === "op" && expr.op === "objectKeys" ? expr.args[0] : undefined;
  return object && only(scope.kinds(object, facts), OBJECT) ? object : undefined;
}

/** One array method as a comprehension; a filter given `head` collects it instead of the elements it keeps. */
function emitArrayMethod(expr: ArrayMethod, scope: EmitScope, outer: Facts, head?: Expr): string {
  // The parameter is a new local: an outer one of that name iterated another object's keys.
  const unkeyed = outer.withoutKeyOf(expr.param);
  const bodyUsesParam = readsLocal(expr.body, expr.param);
  const param = EmitScope.local(expr.param);
  // Object.keys of an object iterates its keys natively, sorted as gkc_keys lists them; of a
  // local, the parameter is then a key of it (facts.isKeyOf).
  const keysOf = scope.optimize ? keysOfObject(expr.array, scope, unkeyed) : undefined;
  const facts = keysOf?.kind === "local" ? unkeyed.withKeyOf(expr.param, keysOf.name) : unkeyed;
  const over = (name: string) => (keysOf ? `some ${name}, _ in ${emitExpr(keysOf, scope, facts)}` : `some ${name} in ${iterationTerm(expr.array, scope, facts)}`);
  // The comprehension body: the iteration, then the test unless the facts decide it is always true.
  const where = (negated: boolean) => [over(param), ...emitTest(expr.body, negated, scope, facts)].join("; ");
  switch (expr.method) {
    case "some":
      // count(...) > 0 is a boolean term without a function call.
      return scope.optimize ? `count([${param} | ${where(false)}]) > 0` : scope.call("gkc_nonempty", `[${param} | ${where(false)}]`);
    case "every":
      return scope.optimize ? `count([${param} | ${where(true)}]) == 0` : scope.call("gkc_empty", `[${param} | ${where(true)}]`);
    case "filter":
      return `[${head ? comprehensionHead(emitExpr(head, scope, facts.afterTest(expr.body, false))) : param} | ${where(false)}]`;
    case "find":
      return scope.call("gkc_first", `[${param} | ${where(false)}]`);
    case "map":
      return `[${comprehensionHead(emitExpr(expr.body, scope, facts))} | ${over(bodyUsesParam ? param : "_")}]`;
  }
}

/** A comprehension's head in parentheses unless atomic: Rego reads `[a > b | …]` as `b | …`, a union. */
function comprehensionHead(term: string): string {
  return isAtomicTerm(term) ? term : `(${term})`;
}

/**
 * True when the helper is `members(x)`: x itself when an array, its values when an object, and
 * nothing otherwise. Iterating it is exactly Rego's `some v in x` (which iterates arrays, objects
 * and sets only; JSON has no sets, and set() stands for undefined, which it skips like [] does).
 */
export function isMembersForm(form: HelperForm | undefined): boolean {
  const param = form?.params.length === 1 ? form.params[0] : undefined;
  if (form === undefined || param === undefined) return false;
  const isParam = (e: Expr | undefined) => e?.kind === "local" && e.name === param;
  const body = form.body;
  if (body.kind !== "conditional" || !(body.test.kind === "op" && body.test.op === "isArray" && isParam(body.test.args[0])) || !isParam(body.then)) return false;
  const rest = body.otherwise;
  return (
    rest.kind === "conditional" &&
    rest.test.kind === "sdkCall" && rest.test.name === "isObject" && rest.test.args.length === 1 && isParam(rest.test.args[0]) &&
    rest.then.kind === "op" && rest.then.op === "objectValues" && isParam(rest.then.args[0]) &&
    rest.otherwise.kind === "array" && rest.otherwise.items.length === 0
  );
}

/**
 * x of a call `members(x)` of a members helper (isMembersForm): the collection whose members it
 * lists, which Rego iterates (`some v in x`) and searches (`v in x`) without the call. The one
 * recogniser for the emitter, the expander and the step scheduler.
 */
export function membersCollection(expr: Expr, helpers: HelperForms): Expr | undefined {
  return expr.kind === "helperCall" && expr.args.length === 1 && isMembersForm(helpers.get(expr.name)) ? expr.args[0] : undefined;
}

/**
 * The inventory's objects of one kind (`namespacedObjects(inventory, ns, apiVersion, kind)`, or
 * `clusterObjects`) as the reference to their map in data.inventory, for a body to iterate
 * directly: a body's solutions are a set, so the name-sorted array gkc_inventory_*_objects
 * builds (for code that reads an order: a first element, a message) is not needed there.
 * Undefined unless every key is a string and reads as a name or reference inside brackets.
 */
export function inventoryObjectsRef(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  if (!scope.optimize || expr.kind !== "sdkCall" || INVENTORY_PATH_REGO[expr.name] === undefined || INVENTORY_NAMES.has(expr.name)) return undefined;
  const [inventory, ...keys] = expr.args;
  if (inventory?.kind !== "input" || inventory.field !== "inventory" || !keys.every((key) => only(scope.kinds(key, facts), STRING))) return undefined;
  // A key that is no literal as a name or reference in brackets.
  return inventoryKindPath(expr.name, keys, (key) => {
    const term = emitExpr(key, scope, facts);
    return /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(term) ? term : undefined;
  });
}

/** The term an iteration (`some v in <term>`) runs over: the elements of an array, else none. */
export function iterationTerm(expr: Expr, scope: EmitScope, facts: Facts): string {
  const collection = scope.optimize ? membersCollection(expr, scope.helperForms) : undefined;
  if (collection !== undefined) return iteratedReference(collection, scope) ?? emitExpr(collection, scope, facts);
  const arrayOrMissing = scope.optimize ? arrayOrMissingRead(expr, scope, facts) : undefined;
  const read = arrayOrMissing && iteratedReference(arrayOrMissing, scope);
  return read ?? asArray(expr, scope, facts);
}

/** The value an iteration of `expr` iterates when it is an array or missing: `expr`, or `x` of `asArray(x)`. */
function arrayOrMissingRead(expr: Expr, scope: EmitScope, facts: Facts): Expr | undefined {
  const [inner] = expr.kind === "sdkCall" && expr.name === "asArray" && expr.args.length === 1 ? expr.args : [];
  if (inner !== undefined) return only(scope.kinds(inner, facts), ARRAY | UNDEFINED) ? inner : undefined;
  return only(scope.kinds(expr, facts), ARRAY | UNDEFINED) ? expr : undefined;
}

/**
 * A member chain iterated as a Rego reference (`some v in c.add`) rather than read whole
 * (`object.get({"v": c}, ["v", "add"], set())`, which builds an object per read): where the
 * chain is undefined, or passes through anything but an object, the reference is undefined and
 * the iteration gives nothing, as it does over set(). Not where a key could name an array's or a
 * string's index or length, which gkc_get reads and a reference does not.
 */
function iteratedReference(expr: Expr, scope: EmitScope): string | undefined {
  if (expr.kind !== "member" || chainKey(expr) === undefined) return undefined;
  for (let read: Expr = expr; read.kind === "member"; read = read.object) {
    const key = read.key.kind === "literal" ? read.key.value : undefined;
    if (typeof key !== "string" || key === "length" || /^(?:0|[1-9][0-9]*)$/.test(key)) return undefined;
  }
  return reference(expr, scope);
}

/** `expr` as an array to iterate: gkc_arr maps anything else to [], unless it is known to be an array. */
export function asArray(expr: Expr, scope: EmitScope, facts: Facts): string {
  const kinds = scope.kinds(expr, facts);
  // An array or nothing, read by object.get: [] where it is missing.
  const read = scope.optimize && only(kinds, ARRAY | UNDEFINED) && !only(kinds, ARRAY) ? withReadDefault(emitNode(expr, scope, facts), "[]") : undefined;
  if (read !== undefined) return read;
  const term = emitExpr(expr, scope, facts);
  if (scope.optimize && only(kinds, ARRAY)) return term;
  return /^gkc_(arr|keys|values|entries|all_containers|containers_and_init_containers)\(/.test(term) ? term : scope.call("gkc_arr", term);
}

/**
 * Rego expressions that all succeed exactly when the IR value is truthy (negated: falsy). With the
 * optimizer, a test the facts decide becomes nothing (always true) or `false`, and a value whose
 * kinds admit a single falsy value is compared with it instead of going through gkc_truthy.
 */
export function emitTest(expr: Expr, negated: boolean, scope: EmitScope, given: Facts = scope.facts): string[] {
  if (expr.kind === "op" && expr.op === "not" && expr.args[0]) return emitTest(expr.args[0], !negated, scope, given);
  // A helper call the facts decide is tested as its body, so the body's own negations and
  // conjunctions become steps (`!isProvided(o, k)` is `v in {set(), false}`, not `not [...] == [false]`).
  const body = scope.optimize && expr.kind === "helperCall" ? decidedHelperBody(expr, scope, given) : undefined;
  if (body !== undefined) return emitTest(body, negated, scope, given);
  // Under `not`, an undefined reference does not always fail the expression (OPA moves a call's
  // reference arguments out of the negation, but not the operands of ==): no references there.
  const facts = negated ? given.withReferences(new Set()) : given;
  if (expr.kind === "and" && !negated) {
    return [...emitTest(expr.left, false, scope, facts), ...emitTest(expr.right, false, scope, facts.afterTest(expr.left, false))];
  }
  const exists = scope.optimize ? existenceReference(expr, scope, facts) : undefined;
  if (exists !== undefined) return [negated ? exists : `not ${exists}`];
  if (expr.kind === "or" && negated) {
    const member = literalMembership(expr, scope, facts);
    if (member !== undefined) return [`not ${member}`];
    return [...emitTest(expr.left, true, scope, facts), ...emitTest(expr.right, true, scope, facts.afterTest(expr.left, true))];
  }
  const decided = staticTruth(expr, scope, facts);
  if (decided !== undefined) return decided !== negated ? [] : ["false"];
  // `x.a !== undefined`: the reference, which fails exactly where the member is undefined (the
  // comparison only makes it a test: no JSON value is set()).
  const [subject, other] = expr.kind === "op" && expr.op === "strictEquals" ? expr.args : [];
  if (scope.optimize && negated && other?.kind === "undefined" && subject?.kind === "member" && chainKey(subject) !== undefined) {
    return [`${reference(subject, scope)} != set()`];
  }
  const divisible = scope.optimize && !negated ? divisibilityTest(expr, scope, facts) : undefined;
  if (divisible !== undefined) return [divisible];
  const compared = scope.optimize ? referenceComparison(expr, scope, facts) : undefined;
  if (compared !== undefined) return [negated ? `not ${compared}` : compared];
  if (scope.optimize && scope.liftSome && expr.kind === "arrayMethod" && (expr.method === "some" || expr.method === "every")) {
    // every(p) is !some(!p).
    const every = expr.method === "every";
    const call = scope.liftSome(expr, every, facts);
    return [every === negated ? call : `not ${call}`];
  }
  // A disjunction that reads no local (the expander leaves it folded, expand.ts): a rule with a
  // body per disjunct, computed once per query and stopping at the first that holds.
  // (Negated, it is the negations one after another, above.)
  if (scope.optimize && scope.liftDisjunction && !negated && expr.kind === "or" && freeLocals(expr).size === 0 && literalMembership(expr, scope, facts) === undefined) {
    return scope.liftDisjunction(expr, facts);
  }
  // Its negation `!(a && b)`: the conjunction as a rule, computed once, the test its negation.
  // So is one whose operands before the last call or iterate (a failing one saves the rest).
  if (scope.optimize && scope.liftConjunction && negated && expr.kind === "and" && (freeLocals(expr).size === 0 || earlierOperandComputes(expr, scope, facts))) {
    return [`not ${scope.liftConjunction(expr, facts)}`];
  }
  const ordered = scope.optimize && !negated ? orderTest(expr, scope, facts) : undefined;
  if (ordered) return ordered;
  if (isBooleanValued(expr) || (scope.optimize && only(scope.kinds(expr, facts), BOOLEAN))) {
    const term = emitExpr(expr, scope, facts);
    if (scope.optimize && HOISTED_RULE.test(term)) return [sharedBooleanTest(term, negated)];
    // A body's own `x in {set(), …}` makes OPA's rule indexer panic where x is a function's
    // argument or a read of the input (v1.17.1 ast/index.go insertValue: a set is no value it
    // indexes). `[x] in {[set()], …}` means the same and is indexed as an array of values;
    // `(x in {…}) == true` would be too, but opa fmt drops its parentheses, and without them
    // `==` binds first.
    const indexed = negated ? undefined : indexedSetMembership(term);
    if (indexed !== undefined) return [indexed];
    return [negated ? `not ${term}` : term];
  }
  const term = emitExpr(expr, scope, facts);
  if (scope.optimize) {
    const falsy = falsyTerms(scope.kinds(expr, facts));
    if (falsy.length === 1) return [`${term} ${negated ? "==" : "!="} ${falsy[0]}`];
  }
  const truthy = scope.call("gkc_truthy", term);
  return [negated ? `not ${truthy}` : truthy];
}

/**
 * A membership test of a literal set holding set() (literalMembership, isNullish) whose subject
 * the indexer may index (a name or a reference, not a call's result), with the subject and each
 * member in an array of one; undefined for any other term.
 */
function indexedSetMembership(term: string): string | undefined {
  const membership = / in \{([^{}]*\bset\(\)[^{}]*)\}$/.exec(term);
  if (membership === null) return undefined;
  const subject = term.slice(0, membership.index);
  if (/^[A-Za-z_][A-Za-z0-9_.]*\(/.test(subject) && subject.endsWith(")")) return undefined;
  const members = listElements(membership[1]!);
  return members === undefined ? undefined : `[${subject}] in {${members.map((m) => `[${m}]`).join(", ")}}`;
}

/** The name of a hoisted package rule (EmitScope.hoist). */
const HOISTED_RULE = /^gkc_shared_\d+$/;

/**
 * A hoisted rule holding a boolean, tested as a comparison with `true` or `false` (README rule
 * 17). OPA evaluates the comparison with fewer allocations than the bare reference (4 fewer per
 * test) or its `not`, which opens a negated sub-query (7 fewer). The two mean the same: a hoisted
 * term is emitted under the facts that hold where it is read, so there it is the JavaScript
 * boolean, never undefined.
 */
function sharedBooleanTest(rule: string, negated: boolean): string {
  return `${rule} == ${negated ? "false" : "true"}`;
}

/**
 * Whether an operand of `a && b && …` that the facts leave to be tested, before the last such
 * one, calls or iterates: a failing operand would save the ones after it.
 */
function earlierOperandComputes(expr: Extract<Expr, { kind: "and" }>, scope: EmitScope, facts: Facts): boolean {
  const tested: Expr[] = [];
  let known = facts;
  for (const operand of operandsOf(expr)) {
    if (staticTruth(operand, scope, known) === undefined) tested.push(operand);
    known = known.afterTest(operand, false);
  }
  return tested.slice(0, -1).some(callsOrIterates);
}

/** Whether evaluating the expression calls a helper or an SDK function, or iterates. */
export function callsOrIterates(expr: Expr): boolean {
  return ["helperCall", "sdkCall", "arrayMethod", "conditional"].includes(expr.kind) || children(expr).some(callsOrIterates);
}

/**
 * `x.a.b === v` as a test, with v a primitive that is never undefined: `x.a.b == v` with the
 * member chain as a Rego reference instead of an object.get. Where the member is undefined the
 * reference is too, and `==` fails (negated, `not` holds: OPA keeps the operands of `==` inside
 * the negation), as `undefined === v` is false. Between primitives `==` is `===`.
 */
function referenceComparison(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  if (expr.kind !== "op" || expr.op !== "strictEquals" || expr.args.length !== 2) return undefined;
  for (const [member, other] of [expr.args, [...expr.args].reverse()] as [Expr, Expr][]) {
    if (member.kind !== "member" || chainKey(member) === undefined) continue;
    if ((scope.kinds(other, facts) & (UNDEFINED | ARRAY | OBJECT)) !== 0) continue;
    const value = emitExpr(other, scope, facts);
    if (!isNameOrScalar(value)) continue;
    return `${reference(member, scope)} == ${value}`;
  }
  return undefined;
}

/**
 * `x % k === 0` as a test, with x a number and k a non-zero integer literal: Rego's `x % k == 0`
 * without gkc_remainder's call and its two floor() (big-float arithmetic in OPA). Only where the
 * test must hold: `%` of a fraction is an error in OPA (undefined in wasm), which fails the body,
 * as `x % k === 0` is false in JavaScript; under `not` OPA evaluates the `%` outside the negation,
 * where the error would fail the body instead of holding.
 */
function divisibilityTest(expr: Expr, scope: EmitScope, facts: Facts): string | undefined {
  if (expr.kind !== "op" || expr.op !== "strictEquals" || expr.args.length !== 2) return undefined;
  for (const [remainder, zero] of [expr.args, [...expr.args].reverse()] as [Expr, Expr][]) {
    if (zero.kind !== "literal" || zero.value !== 0) continue;
    if (remainder.kind !== "op" || remainder.op !== "remainder" || remainder.args.length !== 2) continue;
    const [dividend, divisor] = remainder.args as [Expr, Expr];
    if (divisor.kind !== "literal" || typeof divisor.value !== "number" || !Number.isSafeInteger(divisor.value) || divisor.value === 0) continue;
    if (!only(scope.kinds(dividend, facts), NUMBER)) continue;
    return `${operand(emitExpr(dividend, scope, facts))} % ${literal(divisor.value)} == 0`;
  }
  return undefined;
}

/**
 * An sdk/order.ts call as a test that holds: its Rego function's body as steps of this body, with
 * no call (gkc_rego_less and the others in sdk-functions.ts), where the operands are names or
 * literals (read again at no cost) and are not decided into one operator by their kinds. A step
 * the operands' kinds make true is left out.
 */
function orderTest(expr: Expr, scope: EmitScope, facts: Facts): string[] | undefined {
  const form = expr.kind === "sdkCall" && expr.args.length === 2 ? ORDER_FORMS.get(expr.name) : undefined;
  if (expr.kind !== "sdkCall" || form === undefined) return undefined;
  const kinds = (e: Expr) => scope.kinds(e, facts);
  if (orderOperator(expr.name, expr.args, kinds)) return undefined;
  const [left, right] = expr.args as [Expr, Expr];
  const [a, b] = [emitExpr(left, scope, facts), emitExpr(right, scope, facts)];
  if (!isNameOrScalar(a) || !isNameOrScalar(b)) return undefined;
  const may = (e: Expr, kind: Kinds) => (kinds(e) & kind) !== 0;
  const matters: Record<OrderTest["against"], boolean> = {
    object: may(left, OBJECT),
    array: may(left, ARRAY),
    undefined: may(left, UNDEFINED),
    arrays: may(left, ARRAY) && may(right, ARRAY),
  };
  return [`${a} ${form.operator} ${b}`, ...form.tests.filter((test) => matters[test.against]).map((test) => test.text(a, b))];
}
