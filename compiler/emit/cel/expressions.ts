// IR expressions → CEL expressions with JavaScript's meaning on every JSON input (values.ts).
// Each form is total; what has no exact CEL form is refused (refusal.ts).
import type { Expr, HelperFunction, Stmt } from "../../ir.js";
import { elementBase, elementDepth, elementHoisted, type ElementLevel } from "./elements.js";
import { closedKey, HOIST_MIN_LENGTH, Hoisted, isConstant, isElementRead, isVariable, worthHoisting } from "./hoist.js";
import { refuse } from "./refusal.js";
import { identifierUses } from "./scan.js";
import { emitSdkCall, trimmedCel } from "./sdk.js";
import { JS_WHITESPACE } from "../../javascript.js";
import { elementShape, elementTypes, memberShape, shapeTypes } from "./shapes.js";
import type { JsonSchema } from "../../schema.js";
import {
  and,
  ANY,
  ASTRAL,
  or,
  bind,
  celString,
  cond,
  failure,
  isList,
  isMap,
  isNullish,
  isNumber,
  isString,
  isUndefined,
  lengthOf,
  letIn,
  listPrinted,
  member,
  memberLiteral,
  Names,
  not,
  ordering,
  printed,
  T,
  truthyOf,
  typeofMask,
  typeSwitch,
  typeTest,
  UNDEFINED,
  type Types,
} from "./values.js";

/**
 * A CEL expression and the JSON types its value may have (values.ts Types); `bool` when it is
 * always a CEL bool (never undefined), so truthiness is itself; `str` when it is always a CEL
 * string, so String() of it is itself.
 */
export interface Cel {
  readonly code: string;
  readonly types: Types;
  /** When it may be a list: the types its elements may have. */
  readonly elements: Types;
  readonly bool: boolean;
  readonly str: boolean;
  /** Where it is read from the parameters: the schema its value conforms to (shapes.ts). */
  readonly shape?: JsonSchema;
}

export const typed = (code: string, types: Types, elements: Types = ANY): Cel => ({ code, types, elements, bool: types === T.bool, str: types === T.string });
const value = (code: string, types: Types = ANY, elements: Types = ANY): Cel => typed(code, types, elements);
const boolean = (code: string): Cel => typed(code, T.bool);
const string = (code: string): Cel => typed(code, T.string);

/** How an emission names things: fresh identifiers, the CEL form of each IR local, the helpers. */
export class CelScope {
  readonly names: Names;
  private readonly locals: ReadonlyMap<string, string>;
  readonly helpers: ReadonlyMap<string, HelperFunction>;
  /** The closed sub-expressions of the whole template, as variables (hoist.ts). */
  readonly hoisted: Hoisted<Cel>;
  private readonly depth: number;
  /** Types a bound code has in this branch, from the tests that guard it (narrow()). */
  private readonly facts: ReadonlyMap<string, Types>;

  constructor(
    helpers: readonly HelperFunction[],
    hoisted = new Hoisted<Cel>(),
    names = new Names(),
    locals: ReadonlyMap<string, string> = new Map(),
    depth = 0,
    facts: ReadonlyMap<string, Types> = new Map(),
    levels: readonly ElementLevel[] = [],
  ) {
    this.helpers = new Map(helpers.map((h) => [h.name, h]));
    this.hoisted = hoisted;
    this.names = names;
    this.locals = locals;
    this.depth = depth;
    this.facts = facts;
    this.levels = levels;
  }

  /** The loops over a variable's elements this scope is in, outermost first (elements.ts). */
  readonly levels: readonly ElementLevel[];

  private copy(changes: { locals?: ReadonlyMap<string, string>; depth?: number; facts?: ReadonlyMap<string, Types>; levels?: readonly ElementLevel[] }): CelScope {
    return new CelScope([...this.helpers.values()], this.hoisted, this.names, changes.locals ?? this.locals, changes.depth ?? this.depth, changes.facts ?? this.facts, changes.levels ?? this.levels);
  }

  /** This scope inside one more loop over elements. */
  withLevel(level: ElementLevel): CelScope {
    return this.copy({ levels: [...this.levels, level] });
  }

  /**
   * This scope with every local's code mapped by `f` and new loop levels; the facts on the codes
   * `f` changes are dropped (they held where the loop read them, not for every element).
   */
  remapped(f: (code: string) => string, levels: readonly ElementLevel[]): CelScope {
    const locals = new Map([...this.locals].map(([name, code]) => [name, f(code)]));
    const facts = new Map([...this.facts].filter(([code]) => f(code) === code));
    return this.copy({ locals, facts, levels });
  }

  /** What a bound code may be here: its value's types, narrowed by the tests on the way. */
  typesOf(code: string): Types {
    // `{}` where the Constraint has none, else what Gatekeeper validated against the schema.
    if (code === PARAMETERS && this.hoisted.parameters) return T.map;
    const known = this.names.typesOf(code) ?? this.hoisted.typesOf(elementBase(code)) ?? constantTypes(code);
    return known & (this.facts.get(code) ?? ANY);
  }

  /** The parameters' schema a bound code's value conforms to, if it was read from them (shapes.ts). */
  shapeOf(code: string): JsonSchema | undefined {
    // The parameters themselves, passed on to a helper or bound to a const.
    if (code === PARAMETERS) return this.hoisted.parameters;
    return this.names.shapeOf(code) ?? this.hoisted.shapeOf(code);
  }

  /** What the elements of a bound list may be. */
  elementsOf(code: string): Types {
    return this.names.elementsOf(code) ?? this.hoisted.elementsOf(elementBase(code)) ?? ANY;
  }

  /** This scope, where `code` is known to be one of `types`. */
  narrowed(code: string, types: Types): CelScope {
    const facts = new Map(this.facts);
    facts.set(code, (facts.get(code) ?? ANY) & types);
    return this.copy({ facts });
  }

  /** This scope, with what holds in `a` or in `b` (both narrowed from it): per code, either's types. */
  either(a: CelScope, b: CelScope): CelScope {
    const facts = new Map<string, Types>();
    for (const [code, types] of a.facts) {
      const other = b.facts.get(code);
      if (other !== undefined) facts.set(code, types | other);
    }
    return this.copy({ facts });
  }

  /** The facts that bear on a hoisting key (the codes it reads), as text for the key. */
  factsIn(key: string): string {
    const relevant = [...this.facts].filter(([code]) => key.includes(JSON.stringify(code)));
    return relevant.length ? JSON.stringify(relevant.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : "";
  }

  /** The code a local is bound to, or undefined. */
  lookup(name: string): string | undefined {
    return this.locals.get(name);
  }

  /** The code of a local bound to a variable, a constant or the request (so closed), else undefined. */
  closedLocal(name: string): string | undefined {
    const code = this.locals.get(name);
    return code !== undefined && (isVariable(code) || isConstant(code) || code === REVIEW) ? code : undefined;
  }

  local(name: string): string {
    const found = this.locals.get(name);
    if (found === undefined) throw new Error(`internal: CEL emitter has no binding for local ${name}`);
    return found;
  }

  /** A scope where `name` is the CEL expression `cel` (an identifier the caller bound). */
  with(name: string, cel: string): CelScope {
    const locals = new Map(this.locals);
    locals.set(name, cel);
    return this.copy({ locals });
  }

  /** A scope for a helper's body: only its parameters, one level deeper. */
  forHelper(): CelScope {
    if (this.depth >= 8) refuse("recursive or deeply nested helper calls", "CEL has no functions: helpers are inlined, and recursion cannot be");
    return this.copy({ locals: new Map(), depth: this.depth + 1 });
  }
}

/** The type of a constant code (hoist.ts isConstant), else ANY. */
function constantTypes(code: string): Types {
  if (!isConstant(code)) return ANY;
  const inner = code.slice(4, -1);
  if (inner.startsWith('"')) return T.string;
  if (inner === 'b""') return T.undefined;
  if (inner === "null") return T.null;
  if (inner === "true" || inner === "false") return T.bool;
  return T.number;
}

/** The string a constant code holds when it is a plain string literal (no escapes), else undefined. */
function constantString(code: string): string | undefined {
  const m = /^dyn\("([A-Za-z0-9_.\-/ :]*)"\)$/.exec(code);
  return m ? m[1] : undefined;
}

/** Matches a string of ASCII characters only (where lowerAscii/upperAscii are toLowerCase/toUpperCase). */
const ASCII_ONLY = '"^[\\\\x00-\\\\x7F]*$"';

/** What a local bound to the admission request stands for: only its fields are read (reviewField). */
const REVIEW = "<the admission request>";

function isReview(expr: Expr, scope: CelScope): boolean {
  return (expr.kind === "input" && expr.field === "review") || (expr.kind === "local" && scope.local(expr.name) === REVIEW);
}

/** `body(v, t)` with `v` bound to `cel`'s value (values.ts bind) and `t` its types. */
export function bindCel(scope: CelScope, cel: Cel, body: (v: string, t: Types, elements: Types) => string, hint = "v"): string {
  return bind(scope.names, cel.code, (v) => body(v, cel.types, cel.elements), hint, cel.types, cel.elements);
}

/** JavaScript truthiness of an emitted expression, as a CEL bool. */
export function truthy(cel: Cel, scope: CelScope): string {
  if (cel.bool) return cel.code;
  return bindCel(scope, cel, truthyOf, "t");
}

/** Types a falsy value of `types` may have, and a truthy one ([] and {} are always truthy; null and undefined never). */
const FALSY_TYPES = ~(T.list | T.map) & ANY;
const TRUTHY_TYPES = ~(T.null | T.undefined) & ANY;

/**
 * The scopes where `test` was truthy and where it was falsy, with what that tells of the locals it
 * tests (`typeof x === "string"`, `isObject(x)`, `Array.isArray(x)`, `x === undefined`, `x == null`,
 * `x` itself, and `!`, `&&`, `||` of those).
 */
export function narrow(test: Expr, scope: CelScope): readonly [CelScope, CelScope] {
  const unchanged = [scope, scope] as const;
  const on = (operand: Expr | undefined, yes: Types, no: Types): readonly [CelScope, CelScope] => {
    if (operand?.kind !== "local") return unchanged;
    const code = scope.lookup(operand.name);
    if (code === undefined || code === REVIEW) return unchanged;
    return [scope.narrowed(code, yes), scope.narrowed(code, no)];
  };
  switch (test.kind) {
    case "local":
      return on(test, TRUTHY_TYPES, FALSY_TYPES);
    case "sdkCall":
      return test.name === "isObject" ? on(test.args[0], T.map, ~T.map & ANY) : unchanged;
    case "and": {
      const [leftTrue] = narrow(test.left, scope);
      const [bothTrue] = narrow(test.right, leftTrue);
      return [bothTrue, scope];
    }
    case "or": {
      const [leftTrue, leftFalse] = narrow(test.left, scope);
      const [rightTrue, bothFalse] = narrow(test.right, leftFalse);
      return [scope.either(leftTrue, rightTrue), bothFalse];
    }
    case "op": {
      const [x, y] = test.args;
      switch (test.op) {
        case "not": {
          const [yes, no] = narrow(x!, scope);
          return [no, yes];
        }
        case "typeIs": {
          const mask = y?.kind === "literal" && typeof y.value === "string" ? typeofMask(y.value) : 0;
          return mask === 0 ? unchanged : on(x, mask, ~mask & ANY);
        }
        case "isArray":
          return on(x, T.list, ~T.list & ANY);
        case "isNullish":
          return on(x, T.null | T.undefined, ~(T.null | T.undefined) & ANY);
        case "strictEquals": {
          const [operand, other] = x?.kind === "local" ? [x, y] : [y, x];
          if (other?.kind === "undefined") return on(operand, T.undefined, ~T.undefined & ANY);
          if (other?.kind !== "literal") return unchanged;
          const v = other.value;
          if (v === null) return on(operand, T.null, ~T.null & ANY);
          return on(operand, typeof v === "string" ? T.string : typeof v === "number" ? T.number : T.bool, ANY);
        }
      }
      return unchanged;
    }
    default:
      return unchanged;
  }
}


/**
 * The CEL of `expr`; a closed one is a variable (hoist.ts) when long enough to be worth one, or
 * always with `bound` (the value of a `const` or a helper's argument: the local it binds then
 * reads a variable, so what is computed from it stays closed too).
 */
/** Shorter than this, a value per element stays inline (its variable loops over the elements), unless a `const` binds it. */
const ELEMENT_MIN_LENGTH = 200;

export function emitExpr(expr: Expr, scope: CelScope, bound = false): Cel {
  if (!worthHoisting(expr)) return emitRaw(expr, scope);
  let depth = -1;
  const closed = closedKey(expr, (name) => {
    const code = scope.lookup(name);
    if (code === undefined) return undefined;
    if (scope.closedLocal(name) !== undefined) return code;
    // A loop's element, or a value computed from it (elements.ts): closed per element.
    const d = elementDepth(scope.levels, code);
    if (d === undefined) return undefined;
    depth = Math.max(depth, d);
    return `element of ${scope.levels[d]!.path}: ${code === scope.levels[d]!.element ? "itself" : elementBase(code)}`;
  });
  if (closed === undefined) return emitRaw(expr, scope);
  // The facts of the branch shape the CEL (a test folded away): part of what it means.
  const key = closed + scope.factsIn(closed);
  if (depth >= 0) return elementHoisted(expr, scope, depth, key, emitRaw, bound ? HOIST_MIN_LENGTH : ELEMENT_MIN_LENGTH) ?? emitRaw(expr, scope);
  const found = scope.hoisted.get(key);
  if (found) return found;
  const cel = emitRaw(expr, scope);
  if ((!bound && cel.code.length < HOIST_MIN_LENGTH) || isVariable(cel.code) || isConstant(cel.code) || /^(true|false|-?\d+|"(?:[^"\\]|\\.)*")$/.test(cel.code)) return cel;
  return scope.hoisted.add(key, cel);
}

/** The template's first variable (source.ts): the Constraint's parameters, or `{}` without any. */
export const PARAMETERS_VARIABLE = "gkc_parameters";
const PARAMETERS = `variables.${PARAMETERS_VARIABLE}`;

/** A code bound in `scope` (a local's, or the parameters), with what is known of its value there. */
function boundValue(code: string, scope: CelScope): Cel {
  return { ...value(code, scope.typesOf(code), scope.elementsOf(code)), shape: scope.shapeOf(code) };
}

/**
 * A literal member of a value read from the parameters, by their schema (shapes.ts): the member's
 * types and shape, read directly where the schema requires it of an object known to be one.
 * Undefined where the schema says nothing of the member.
 */
function shapedMember(scope: CelScope, object: Cel, key: string | number): Cel | undefined {
  const shape = object.shape;
  if (!shape) return undefined;
  const items = typeof key === "number" ? elementShape(shape) : undefined;
  const member = items ? { shape: items, present: false } : memberShape(shape, String(key), shape === scope.hoisted.parameters);
  if (!member) return undefined;
  const types = shapeTypes(member.shape) | (member.present ? 0 : T.undefined);
  const code =
    member.present && object.types === T.map
      ? bindCel(scope, object, (o) => `${o}[${celString(String(key))}]`, "o")
      : bindCel(scope, object, (o, t) => memberLiteral(o, key, t), "o");
  return { ...value(code, types, elementTypes(member.shape)), shape: member.shape };
}

/** The CEL of a conditional whose branches are `then` and `otherwise`. */
function choice(test: string, then: Cel, otherwise: Cel): Cel {
  if (test === "true") return then;
  if (test === "false") return otherwise;
  const types = then.types | otherwise.types;
  if (types === T.bool || types === T.string) return typed(`(${test} ? ${then.code} : ${otherwise.code})`, types);
  return value(`(${test} ? dyn(${then.code}) : dyn(${otherwise.code}))`, types);
}

function emitRaw(expr: Expr, scope: CelScope): Cel {
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "undefined":
      return value(UNDEFINED, T.undefined);
    case "local": {
      const bound = scope.local(expr.name);
      if (bound === REVIEW) return refuse("the admission request (review) as a whole", "only review.kind, operation, name and namespace are compiled to CEL");
      return boundValue(bound, scope);
    }
    case "input":
      switch (expr.field) {
        case "object":
          return value("variables.anyObject");
        case "parameters":
          return boundValue(PARAMETERS, scope);
        case "inventory":
          return refuse("the inventory (referential data)", "Gatekeeper's CEL engine has no data.inventory");
        case "review":
          return refuse("the admission request (review) as a whole", "only review.kind, operation, name and namespace are compiled to CEL");
      }
      break;
    case "member": {
      if (isReview(expr.object, scope)) return reviewField(expr.key);
      const object = emitExpr(expr.object, scope);
      // An element of what can only be a list is one of its elements, or undefined.
      const types = (object.types & ~T.list) === 0 ? object.elements | T.undefined : ANY;
      if (expr.key.kind === "literal" && (typeof expr.key.value === "string" || (typeof expr.key.value === "number" && Number.isSafeInteger(expr.key.value) && expr.key.value >= 0))) {
        const key = expr.key.value;
        const shaped = shapedMember(scope, object, key);
        if (shaped) return shaped;
        return value(bindCel(scope, object, (o, t) => memberLiteral(o, key, t), "o"), types);
      }
      const key = emitExpr(expr.key, scope);
      const literalKey = constantString(key.code);
      if (literalKey !== undefined) return value(bindCel(scope, object, (o, t) => memberLiteral(o, literalKey, t), "o"), types);
      return value(bindCel(scope, object, (o, to) => bindCel(scope, key, (k, tk) => member(o, k, to, tk), "k"), "o"), types);
    }
    case "op":
      return emitOp(expr.op, expr.args, scope);
    case "and":
    case "or": {
      const left = emitExpr(expr.left, scope);
      const [whenTrue, whenFalse] = narrow(expr.left, scope);
      // The right operand runs only where the left is truthy (&&) or falsy (||).
      const right = emitExpr(expr.right, expr.kind === "and" ? whenTrue : whenFalse);
      const op = expr.kind === "and" ? "&&" : "||";
      if (left.bool && right.bool) return boolean(op === "&&" ? and(left.code, right.code) : or(left.code, right.code));
      // JavaScript returns an operand: a && b is (a falsy ? a : b), a || b is (a truthy ? a : b).
      const types = (expr.kind === "and" ? left.types & FALSY_TYPES : left.types & TRUTHY_TYPES) | right.types;
      return value(
        bindCel(scope, left, (l, t) => {
          const test = truthyOf(l, t);
          const leftValue = typed(l, left.types);
          return expr.kind === "and" ? choice(test, right, leftValue).code : choice(test, leftValue, right).code;
        }),
        types,
      );
    }
    case "coalesce": {
      const left = emitExpr(expr.left, scope);
      if ((left.types & (T.null | T.undefined)) === 0) return left;
      const right = emitExpr(expr.right, scope);
      const types = (left.types & TRUTHY_TYPES) | right.types;
      return value(bindCel(scope, left, (l, t) => choice(isNullish(l, t), right, typed(l, left.types)).code), types);
    }
    case "conditional": {
      const test = truthy(emitExpr(expr.test, scope), scope);
      const [whenTrue, whenFalse] = narrow(expr.test, scope);
      return choice(test, emitExpr(expr.then, whenTrue), emitExpr(expr.otherwise, whenFalse));
    }
    case "template": {
      if (expr.parts.length === 0) return string('""');
      return string(`(${expr.parts.map((p) => stringOf(p, scope)).join(" + ")})`);
    }
    case "array": {
      if (expr.items.length === 0) return value("dyn([])", T.list, 0);
      const items = expr.items.map((i) => emitExpr(i, scope));
      return value(`[${items.map((i) => `dyn(${i.code})`).join(", ")}]`, T.list, items.reduce((t, i) => t | i.types, 0));
    }
    case "object": {
      // A CEL map of the same keys (a later duplicate key wins, as in JavaScript; CEL refuses
      // duplicates). An undefined value is kept under its key, as JavaScript keeps it: reads
      // give undefined and Object.keys() lists it. Objects are never === and never printed.
      const entries = new Map<string, Expr>();
      for (const [k, v] of expr.entries) {
        entries.delete(k);
        entries.set(k, v);
      }
      if (entries.size === 0) return value("dyn({})", T.map);
      return value(`dyn({${[...entries].map(([k, v]) => `${celString(k)}: dyn(${emitExpr(v, scope).code})`).join(", ")}})`, T.map);
    }
    case "sdkCall":
      return emitSdkCall(expr.name, expr.args, scope);
    case "helperCall":
      return emitHelperCall(expr.name, expr.args, scope);
    case "arrayMethod":
      return emitArrayMethod(expr, scope);
  }
  return refuse(`IR ${(expr as Expr).kind}`, "unknown to the CEL emitter");
}

/**
 * A field of the admission request (input.review): CEL's `request` is a typed AdmissionRequest, so
 * only fields whose JSON form gkc's review has alike are read: kind (group, version, kind: strings,
 * maybe empty), operation, and name and namespace (absent when empty, as Go's omitempty drops them).
 */
function reviewField(key: Expr): Cel {
  const name = key.kind === "literal" ? key.value : undefined;
  switch (name) {
    case "kind":
      return value(`dyn({"group": request.kind.group, "version": request.kind.version, "kind": request.kind.kind})`, T.map);
    case "operation":
      return value("dyn(request.operation)", T.string);
    case "name":
    case "namespace":
      return value(`(request.${name} != "" ? dyn(request.${name}) : ${UNDEFINED})`, T.string | T.undefined);
    default:
      return refuse(`review.${String(name ?? "[computed]")}`, "not compiled to CEL yet (CEL's request is a typed object; userInfo, oldObject and dryRun differ from the Rego's input.review)");
  }
}

function literal(v: string | number | boolean | null): Cel {
  if (v === null) return value("null", T.null);
  if (typeof v === "boolean") return boolean(String(v));
  if (typeof v === "string") return string(celString(v));
  if (Number.isSafeInteger(v)) return value(String(v), T.number);
  // A double: JavaScript's shortest round-trip digits, read back by CEL as the same double.
  const text = String(v);
  if (!Number.isFinite(v)) return refuse(`the number ${text}`, "JSON and CEL have no such number");
  return value(/[.e]/.test(text) ? text : `${text}.0`, T.number);
}

/** A template part or String(x): a string expression. */
export function stringOf(expr: Expr, scope: CelScope): string {
  if (expr.kind === "literal" && typeof expr.value === "string") return celString(expr.value);
  const inner = expr.kind === "op" && expr.op === "toString" ? expr.args[0]! : expr;
  if (inner.kind === "literal") {
    if (typeof inner.value === "string") return celString(inner.value);
    if (typeof inner.value === "number" && Number.isSafeInteger(inner.value)) return celString(String(inner.value));
    if (typeof inner.value === "boolean" || inner.value === null) return celString(String(inner.value));
  }
  const cel = emitExpr(inner, scope);
  if (cel.str) return cel.code;
  if (!isVariable(cel.code)) return bindCel(scope, cel, printed, "s");
  // The text of a variable is a variable too: printed with what holds everywhere (so shared by
  // every branch), unless the branch's facts make it much shorter (a known string is itself).
  const narrowed = printed(cel.code, cel.types, cel.elements);
  if (narrowed.length < HOIST_MIN_LENGTH) return narrowed;
  const general = printed(cel.code, scope.hoisted.typesOf(cel.code) ?? ANY, scope.hoisted.elementsOf(cel.code) ?? ANY);
  const [key, text] = narrowed.length * 4 < general.length ? [`String(${cel.code})${scope.factsIn(JSON.stringify(cel.code))}`, narrowed] : [`String(${cel.code})`, general];
  return (scope.hoisted.get(key) ?? scope.hoisted.add(key, string(text))).code;
}

function emitOp(op: string, args: readonly Expr[], scope: CelScope): Cel {
  const arg = (i: number): Cel => emitExpr(args[i]!, scope);
  const bound2 = (f: (a: string, b: string, ta: Types, tb: Types) => string): string =>
    bindCel(scope, arg(0), (a, ta) => bindCel(scope, arg(1), (b, tb) => f(a, b, ta, tb), "b"), "a");
  switch (op) {
    case "strictEquals":
      return boolean(strictEquals(args[0]!, args[1]!, scope));
    case "lessThan":
      return boolean(bound2((a, b, ta, tb) => ordering(a, b, "<", ta, tb)));
    case "lessOrEqual":
      return boolean(bound2((a, b, ta, tb) => ordering(a, b, "<=", ta, tb)));
    case "greaterThan":
      return boolean(bound2((a, b, ta, tb) => ordering(a, b, ">", ta, tb)));
    case "greaterOrEqual":
      return boolean(bound2((a, b, ta, tb) => ordering(a, b, ">=", ta, tb)));
    case "not": {
      const test = truthy(arg(0), scope);
      return boolean(not(test));
    }
    case "isNullish":
      return boolean(bindCel(scope, arg(0), isNullish));
    case "typeIs": {
      const name = args[1];
      if (name?.kind !== "literal" || typeof name.value !== "string") return refuse("typeof compared with a non-literal", "not compiled to CEL");
      const mask = typeofMask(name.value);
      return boolean(bindCel(scope, arg(0), (v, t) => typeTest(v, mask, t)));
    }
    case "isArray":
      return boolean(bindCel(scope, arg(0), isList));
    case "length": {
      const x = arg(0);
      // Of a map, its member "length" (lengthOf), which may be any value.
      const types = (x.types & T.map) !== 0 ? ANY : ((x.types & (T.string | T.list)) !== 0 ? T.number : 0) | ((x.types & ~(T.string | T.list)) !== 0 ? T.undefined : 0);
      return value(bindCel(scope, x, lengthOf), types);
    }
    case "toString":
      return string(stringOf(args[0]!, scope));
    case "concat":
      return string(`(${stringOf(args[0]!, scope)} + ${stringOf(args[1]!, scope)})`);
    case "stringStartsWith":
    case "stringEndsWith":
    case "stringIncludes": {
      const method = op === "stringStartsWith" ? "startsWith" : op === "stringEndsWith" ? "endsWith" : "contains";
      // Only a string receiver and argument can be true (JavaScript throws on others; the guarded policies never get there).
      return boolean(bound2((s, t, ts, tt) => and(isString(s, ts), isString(t, tt), `${s}.${method}(${t})`)));
    }
    case "arrayIncludes": {
      // A list or a map is never includes()'s match (JavaScript compares them by reference), and
      // a scalar equals in CEL (heterogeneous equality: false across types, 1 == 1.0) exactly
      // what it equals in JavaScript. So where the list's elements are known to be scalars, CEL's
      // `in` is includes() once the value is no list or map. Elsewhere each element is first
      // tested not to be a list or a map: `in` calls each element's Equal, which the API server's
      // built-in objects make an error for a value of another type (rule 34).
      const list = arg(0);
      const scalars = (list.elements & (T.list | T.map)) === 0;
      const e = scope.names.fresh("e");
      const found = (xs: string, v: string): string => (scalars ? `${v} in ${xs}` : `${xs}.exists(${e}, !(${isList(e)} || ${isMap(e)}) && ${e} == ${v})`);
      // The list emitted once, for its elements' types and its code (bound2 would emit it again).
      return boolean(bindCel(scope, list, (xs, txs) => bindCel(scope, arg(1), (v, tv) => and(isList(xs, txs), not(typeTest(v, T.list | T.map, tv)), found(xs, v)), "b"), "a"));
    }
    case "arrayJoin": {
      // The separator is a literal (lower/calls.ts). JavaScript throws on a receiver that is not
      // an array: an error here too (the guarded policies never get there).
      const separator = args[1];
      if (separator?.kind !== "literal" || typeof separator.value !== "string") return refuse("join() by a non-literal separator", "not compiled to CEL");
      const text = separator.value;
      return string(bindCel(scope, arg(0), (xs, t, elements) => cond(isList(xs, t), listPrinted(xs, 2, elements, text), failure(xs, "join() of a non-array"))));
    }
    case "negate": {
      const operand = args[0]!;
      if (operand.kind === "literal" && typeof operand.value === "number") return literal(-operand.value);
      // -x of a number; the least int64 has no int negation in CEL (JavaScript: a double): an error.
      return value(bindCel(scope, arg(0), (x) => `(type(${x}) == int ? dyn(-${x}) : type(${x}) == double ? dyn(-${x}) : type(${x}) == uint ? dyn(-int(${x})) : ${UNDEFINED})`), T.number | T.undefined);
    }
    case "remainder": {
      const divisor = args[1]!;
      if (divisor.kind !== "literal" || typeof divisor.value !== "number" || !Number.isSafeInteger(divisor.value) || divisor.value <= 0) {
        return refuse("% by a value that is not a positive integer literal", "not compiled to CEL yet");
      }
      const d = divisor.value;
      // JavaScript's % truncates, as Go's and CEL's int % does. A double: x - trunc(x) for % 1,
      // exact where int(x) is defined (|x| < 2^63; beyond, every double is an integer).
      const onDouble = (x: string): string =>
        d === 1 ? `(${x} >= 9223372036854775807.0 || ${x} <= -9223372036854775808.0 ? dyn(0.0) : dyn(${x} - double(int(${x}))))` : `dyn(int(string(${x}) + " gkc: % of a fraction"))`;
      return value(bindCel(scope, arg(0), (x) => `(type(${x}) == int ? dyn(${x} % ${d}) : type(${x}) == uint ? dyn(int(${x} % ${d}u)) : type(${x}) == double ? ${onDouble(x)} : ${UNDEFINED})`), T.number | T.undefined);
    }
    case "add":
    case "subtract": {
      // JavaScript adds doubles. Two integers up to 2^53 whose result stays there: CEL's int
      // arithmetic gives the same number (and keeps it an int, so it still indexes a list); with
      // a fraction, CEL's double arithmetic is the same IEEE operation. Anything else (an integer
      // JavaScript would round, an operand that is not a number: JavaScript converts or
      // concatenates) raises an error.
      const sign = op === "add" ? "+" : "-";
      const inRange = (x: string): string => `${x} >= -9007199254740992 && ${x} <= 9007199254740992`;
      return value(
        bound2((a, b, ta, tb) => {
          // A small integer literal is an int: its tests fold away.
          const literalInt = (x: string): string | undefined => /^dyn\((-?\d{1,15})\)$/.exec(x)?.[1];
          const [la, lb] = [literalInt(a), literalInt(b)];
          const ia = la ?? `int(${a})`;
          const ib = lb ?? `int(${b})`;
          const ints = `${ia} ${sign} ${ib}`;
          const exact = `(${and(la ? "true" : inRange(ia), lb ? "true" : inRange(ib), inRange(ints))} ? dyn(${ints}) : ${failure(a, `${op} beyond 2^53`)})`;
          const anyDouble = or(la ? "false" : `type(${a}) == double`, lb ? "false" : `type(${b}) == double`);
          return cond(and(isNumber(a, ta), isNumber(b, tb)), cond(anyDouble, `dyn(double(${a}) ${sign} double(${b}))`, exact), failure(a, `${op} of a value that is not a number`));
        }),
        T.number,
      );
    }
    case "multiply":
    case "divide":
      return refuse(`arithmetic (${op})`, "CEL's int and double arithmetic (overflow errors, no mixed operands, integer division) is not JavaScript's; not compiled to CEL yet");
    case "stringLower":
    case "stringUpper": {
      // CEL's lowerAscii/upperAscii are JavaScript's toLowerCase/toUpperCase on ASCII strings;
      // JavaScript maps the rest of Unicode too: a string with a non-ASCII character raises an
      // error (a denial), as does a receiver that is not a string (JavaScript throws).
      const method = op === "stringLower" ? "lowerAscii" : "upperAscii";
      const name = op === "stringLower" ? "toLowerCase" : "toUpperCase";
      return string(bindCel(scope, arg(0), (s, t) => cond(isString(s, t), `(${s}.matches(${ASCII_ONLY}) ? ${s}.${method}() : ${failure(s, `${name}() of a non-ASCII string`)})`, failure(s, `${name}() of a non-string`))));
    }
    case "stringTrim":
      // Not CEL's trim(), which removes Go's Unicode white space: JavaScript's set, by find().
      return string(trimmedCel(scope, arg(0), [...JS_WHITESPACE], (s) => failure(s, "trim() of a non-string")));
    case "stringSplit": {
      // A non-empty separator occurs at the same characters in UTF-16 (JavaScript) and UTF-8 (Go),
      // so the pieces are the same. The empty one splits into UTF-16 units in JavaScript and into
      // characters in Go: the same unless a character lies outside the BMP, which raises an error
      // (a literal "" is refused: the pieces of such a character cannot even be held in CEL).
      // A receiver or separator that is not a string raises one too (JavaScript throws or converts).
      const separator = args[1];
      const sepCel = arg(1);
      const constant = separator?.kind === "literal" && typeof separator.value === "string" ? separator.value : constantString(sepCel.code);
      if (constant === "") return refuse('split("")', "JavaScript splits into UTF-16 units (a character outside the BMP into two halves CEL cannot hold), CEL into characters");
      const literalSeparator = constant !== undefined;
      return value(
        bindCel(scope, arg(0), (s, ts) =>
          cond(
            isString(s, ts),
            literalSeparator
              ? `${s}.split(${celString(constant)})`
              : bindCel(scope, sepCel, (sep, tsep) => cond(isString(sep, tsep), `(${sep} == "" && ${s}.matches(${ASTRAL}) ? ${failure(s, "split() of a string outside the BMP into characters")} : ${s}.split(${sep}))`, failure(sep, "split() by a non-string")), "sep"),
            failure(s, "split() of a non-string"),
          ),
        ),
        T.list,
        T.string,
      );
    }
    case "objectKeys":
    case "objectValues":
    case "objectEntries": {
      // In no defined order (CEL iterates a map's keys in no fixed order): the lowering lets these
      // be iterated, filtered and tested only, never indexed, searched with find() or printed, and
      // a validation's message is a sorted set, so the order cannot show.
      const k = scope.names.fresh("k");
      const i = scope.names.fresh("i");
      const fromMap = (m: string): string =>
        op === "objectKeys" ? `${m}.map(${k}, dyn(${k}))` : op === "objectValues" ? `${m}.map(${k}, dyn(${m}[${k}]))` : `${m}.map(${k}, [dyn(${k}), dyn(${m}[${k}])])`;
      const fromList = (l: string): string =>
        op === "objectKeys" ? `lists.range(size(${l})).map(${i}, dyn(string(${i})))` : op === "objectValues" ? l : `lists.range(size(${l})).map(${i}, [dyn(string(${i})), dyn(${l}[${i}])])`;
      // A string's keys are its UTF-16 indexes in JavaScript: an evaluation error here, never a guess.
      return value(
        bindCel(scope, arg(0), (v, t) =>
          typeSwitch(
            v,
            t,
            [
              [T.map, () => fromMap(v)],
              [T.list, () => fromList(v)],
              [T.string, () => `[dyn(int(${v} + " gkc: Object.${op.slice(6).toLowerCase()}() of a string"))]`],
            ],
            () => "dyn([])",
          ),
        ),
        T.list,
        op === "objectKeys" ? T.string : op === "objectEntries" ? T.list : ANY,
      );
    }
  }
  return refuse(`the operation ${op}`, "unknown to the CEL emitter");
}

function isPrimitiveLiteral(expr: Expr): boolean {
  return expr.kind === "literal" || expr.kind === "undefined";
}

/**
 * `a === b` on primitives. CEL's == is heterogeneous (1 == 1.0 is true, "1" == 1 is false), as
 * JavaScript's === on JSON primitives; undefined (b"") equals only undefined. Two arrays or
 * objects are never === in JavaScript (they are different references): false.
 */
function strictEquals(left: Expr, right: Expr, scope: CelScope): string {
  const [a, b] = isPrimitiveLiteral(left) ? [right, left] : [left, right];
  const ca = emitExpr(a, scope);
  if (b.kind === "undefined") return bindCel(scope, ca, (v, t) => isUndefined(v, t));
  if (b.kind === "literal") {
    const lit = literal(b.value);
    // Folded where the types cannot meet (a string is never === a number).
    if ((ca.types & lit.types) === 0) return "false";
    // The constant goes on the left: CEL calls the left operand's Equal, and in the API server a
    // built-in object's map or list (read from its Go struct) errors on a value of another type
    // where a constant returns false.
    return `(${lit.code} == dyn(${ca.code}))`;
  }
  const cb = emitExpr(b, scope);
  return bindCel(scope, ca, (x, tx) => bindCel(scope, cb, (y) => and(not(typeTest(x, T.list | T.map, tx)), `${x} == ${y}`), "b"), "a");
}

function emitArrayMethod(expr: Extract<Expr, { kind: "arrayMethod" }>, scope: CelScope): Cel {
  const array = emitExpr(expr.array, scope);
  const param = scope.names.fresh(`e_${expr.param}`, array.elements, ANY, elementShape(array.shape));
  const inner = scope.with(expr.param, param);
  const body = emitExpr(expr.body, inner);
  const test = truthy(body, inner);
  // JavaScript throws on a receiver that is not an array (an optional call on null gives undefined,
  // which the IR expresses with a conditional around the call): here a non-list gives false or undefined.
  const orUndefined = (array.types & ~T.list) !== 0 ? T.undefined : 0;
  switch (expr.method) {
    case "some": {
      // some((e) => e === x) over known scalars is CEL's `x in xs` (as includes() is).
      const sought = (array.elements & (T.list | T.map)) === 0 ? soughtElement(test, param) : undefined;
      const found = (xs: string): string => (sought === undefined ? `${xs}.exists(${param}, ${test})` : `${sought} in ${xs}`);
      return boolean(bindCel(scope, array, (xs, t) => and(isList(xs, t), found(xs)), "xs"));
    }
    case "every":
      return boolean(bindCel(scope, array, (xs, t) => and(isList(xs, t), `${xs}.all(${param}, ${test})`), "xs"));
    case "filter":
      return value(bindCel(scope, array, (xs, t) => cond(isList(xs, t), `dyn(${xs}.filter(${param}, ${test}))`, UNDEFINED), "xs"), T.list | orUndefined, array.elements);
    case "map":
      return value(bindCel(scope, array, (xs, t) => cond(isList(xs, t), `dyn(${xs}.map(${param}, dyn(${body.code})))`, UNDEFINED), "xs"), T.list | orUndefined, body.types);
    case "find":
      return value(
        bindCel(
          scope,
          array,
          (xs, t) => cond(isList(xs, t), `dyn(${bind(scope.names, `${xs}.filter(${param}, ${test})`, (found) => `(size(${found}) > 0 ? dyn(${found}[0]) : ${UNDEFINED})`, "found")})`, UNDEFINED),
          "xs",
        ),
        array.elements | T.undefined,
      );
  }
}

/**
 * `x` when `test` is only `param == x` or `x == param`, with `x` an identifier or a variable
 * (possibly in `dyn()`) other than `param`; undefined otherwise.
 */
function soughtElement(test: string, param: string): string | undefined {
  const operand = String.raw`(?:[A-Za-z_][A-Za-z0-9_.]*|dyn\([A-Za-z_][A-Za-z0-9_.]*\))`;
  const m = new RegExp(String.raw`^\(?(${operand}) == (${operand})\)?$`).exec(test);
  if (!m) return undefined;
  const [, left, right] = m;
  if (left === param && right !== param && !identifierUses(right!, param).count) return right;
  if (right === param && left !== param && !identifierUses(left!, param).count) return left;
  return undefined;
}

/** A helper call, inlined: its parameters bound to the arguments, its body as one expression. */
function emitHelperCall(name: string, args: readonly Expr[], scope: CelScope): Cel {
  const helper = scope.helpers.get(name);
  if (!helper) return refuse(`the helper ${name}`, "not found");
  const argCels = args.map((a): Cel | typeof REVIEW => (isReview(a, scope) ? REVIEW : emitExpr(a, scope, true)));
  let inner = scope.forHelper();
  const wrap: ((body: string) => string)[] = [];
  helper.params.forEach((param, i) => {
    const arg = argCels[i] ?? value(UNDEFINED, T.undefined);
    if (arg === REVIEW) {
      inner = inner.with(param, REVIEW);
    } else if (scope.names.isBound(arg.code) || isVariable(arg.code) || isConstant(arg.code) || isElementRead(arg.code)) {
      inner = inner.with(param, arg.code);
    } else if (isConstant(`dyn(${arg.code})`)) {
      // A literal argument: the parameter is that constant (so `o[key]` reads a literal key).
      inner = inner.with(param, `dyn(${arg.code})`);
    } else {
      const id = scope.names.fresh(`p_${param}`, arg.types, arg.elements, arg.shape);
      inner = inner.with(param, id);
      wrap.push((body) => letIn(id, arg.code, body));
    }
  });
  const body = helperBody(helper.body, inner, name);
  const code = wrap.reduceRight((acc, w) => w(acc), body.code);
  return { ...body, code };
}

/** A helper body made of bindings, ifs and returns, as one expression (falling off the end is undefined). */
function helperBody(body: readonly Stmt[], scope: CelScope, helper: string): Cel {
  const [first, ...rest] = body;
  if (!first) return value(UNDEFINED, T.undefined);
  switch (first.kind) {
    case "return":
      return first.value ? emitExpr(first.value, scope) : value(UNDEFINED, T.undefined);
    case "const": {
      const init = emitExpr(first.value, scope, true);
      if (isVariable(init.code) || isConstant(init.code) || scope.names.isBound(init.code) || isElementRead(init.code)) return helperBody(rest, scope.with(first.name, init.code), helper);
      const id = scope.names.fresh(`c_${first.name}`, init.types, init.elements, init.shape);
      const restCel = helperBody(rest, scope.with(first.name, id), helper);
      return { ...restCel, code: letIn(id, init.code, restCel.code) };
    }
    case "if": {
      const test = truthy(emitExpr(first.test, scope), scope);
      const [whenTrue, whenFalse] = narrow(first.test, scope);
      return choice(test, helperBody([...first.then, ...rest], whenTrue, helper), helperBody([...first.otherwise, ...rest], whenFalse, helper));
    }
    default:
      return refuse(`a loop in the helper ${helper}`, "CEL has no functions; a helper is inlined as an expression, which a loop with return cannot be");
  }
}
