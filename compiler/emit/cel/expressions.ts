// IR expressions → CEL expressions with JavaScript's meaning on every JSON input (values.ts).
// Each form is total; what has no exact CEL form is refused (refusal.ts).
import type { Expr, HelperFunction, Stmt } from "../../ir.js";
import { refuse } from "./refusal.js";
import { emitSdkCall } from "./sdk.js";
import {
  bind,
  celString,
  isList,
  isMap,
  isNullish,
  isString,
  lengthOf,
  member,
  memberLiteral,
  Names,
  ordering,
  printed,
  truthyOf,
  typeIs,
  UNDEFINED,
} from "./values.js";

/**
 * A CEL expression; `bool` when it is always a CEL bool (never undefined), so truthiness is
 * itself; `str` when it is always a CEL string, so String() of it is itself.
 */
export interface Cel {
  readonly code: string;
  readonly bool: boolean;
  readonly str?: boolean;
}

const value = (code: string): Cel => ({ code, bool: false });
const boolean = (code: string): Cel => ({ code, bool: true });
const string = (code: string): Cel => ({ code, bool: false, str: true });

/** How an emission names things: fresh identifiers, the CEL form of each IR local, the helpers. */
export class CelScope {
  readonly names: Names;
  private readonly locals: ReadonlyMap<string, string>;
  readonly helpers: ReadonlyMap<string, HelperFunction>;
  private readonly depth: number;

  constructor(helpers: readonly HelperFunction[], names = new Names(), locals: ReadonlyMap<string, string> = new Map(), depth = 0) {
    this.helpers = new Map(helpers.map((h) => [h.name, h]));
    this.names = names;
    this.locals = locals;
    this.depth = depth;
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
    return new CelScope([...this.helpers.values()], this.names, locals, this.depth);
  }

  /** A scope for a helper's body: only its parameters, one level deeper. */
  forHelper(): CelScope {
    if (this.depth >= 8) refuse("recursive or deeply nested helper calls", "CEL has no functions: helpers are inlined, and recursion cannot be");
    return new CelScope([...this.helpers.values()], this.names, new Map(), this.depth + 1);
  }
}

/** What a local bound to the admission request stands for: only its fields are read (reviewField). */
const REVIEW = "<the admission request>";

function isReview(expr: Expr, scope: CelScope): boolean {
  return (expr.kind === "input" && expr.field === "review") || (expr.kind === "local" && scope.local(expr.name) === REVIEW);
}

/** JavaScript truthiness of an emitted expression, as a CEL bool. */
export function truthy(cel: Cel, scope: CelScope): string {
  if (cel.bool) return cel.code;
  return bind(scope.names, cel.code, truthyOf, "t");
}

export function emitExpr(expr: Expr, scope: CelScope): Cel {
  switch (expr.kind) {
    case "literal":
      return literal(expr.value);
    case "undefined":
      return value(UNDEFINED);
    case "local": {
      const bound = scope.local(expr.name);
      if (bound === REVIEW) return refuse("the admission request (review) as a whole", "only review.kind, operation, name and namespace are compiled to CEL");
      return value(bound);
    }
    case "input":
      switch (expr.field) {
        case "object":
          return value("variables.anyObject");
        case "parameters":
          return value("variables.gkc_parameters");
        case "inventory":
          return refuse("the inventory (referential data)", "Gatekeeper's CEL engine has no data.inventory");
        case "review":
          return refuse("the admission request (review) as a whole", "only review.kind, operation, name and namespace are compiled to CEL");
      }
      break;
    case "member": {
      if (isReview(expr.object, scope)) return reviewField(expr.key);
      const object = emitExpr(expr.object, scope).code;
      if (expr.key.kind === "literal" && (typeof expr.key.value === "string" || (typeof expr.key.value === "number" && Number.isSafeInteger(expr.key.value) && expr.key.value >= 0))) {
        const key = expr.key.value;
        return value(bind(scope.names, object, (o) => memberLiteral(o, key), "o"));
      }
      const key = emitExpr(expr.key, scope).code;
      return value(bind(scope.names, object, (o) => bind(scope.names, key, (k) => member(o, k), "k"), "o"));
    }
    case "op":
      return emitOp(expr.op, expr.args, scope);
    case "and":
    case "or": {
      const left = emitExpr(expr.left, scope);
      const right = emitExpr(expr.right, scope);
      const op = expr.kind === "and" ? "&&" : "||";
      if (left.bool && right.bool) return boolean(`(${left.code} ${op} ${right.code})`);
      // JavaScript returns an operand: a && b is (a falsy ? a : b), a || b is (a truthy ? a : b).
      return value(
        bind(scope.names, left.code, (l) => {
          const test = truthy(value(l), scope);
          return expr.kind === "and" ? `(${test} ? dyn(${right.code}) : dyn(${l}))` : `(${test} ? dyn(${l}) : dyn(${right.code}))`;
        }),
      );
    }
    case "coalesce": {
      const left = emitExpr(expr.left, scope);
      const right = emitExpr(expr.right, scope);
      if (left.bool) return left;
      return { code: bind(scope.names, left.code, (l) => `(${isNullish(l)} ? dyn(${right.code}) : dyn(${l}))`), bool: false };
    }
    case "conditional": {
      const test = truthy(emitExpr(expr.test, scope), scope);
      const then = emitExpr(expr.then, scope);
      const otherwise = emitExpr(expr.otherwise, scope);
      if (then.bool && otherwise.bool) return boolean(`(${test} ? ${then.code} : ${otherwise.code})`);
      if (then.str && otherwise.str) return string(`(${test} ? ${then.code} : ${otherwise.code})`);
      return value(`(${test} ? dyn(${then.code}) : dyn(${otherwise.code}))`);
    }
    case "template": {
      if (expr.parts.length === 0) return string('""');
      return string(`(${expr.parts.map((p) => stringOf(p, scope)).join(" + ")})`);
    }
    case "array": {
      if (expr.items.length === 0) return value("dyn([])");
      return value(`[${expr.items.map((i) => `dyn(${emitExpr(i, scope).code})`).join(", ")}]`);
    }
    case "object":
      return refuse("an object literal", "not compiled to CEL yet");
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
      return value(`dyn({"group": request.kind.group, "version": request.kind.version, "kind": request.kind.kind})`);
    case "operation":
      return value("dyn(request.operation)");
    case "name":
    case "namespace":
      return value(`(request.${name} != "" ? dyn(request.${name}) : ${UNDEFINED})`);
    default:
      return refuse(`review.${String(name ?? "[computed]")}`, "not compiled to CEL yet (CEL's request is a typed object; userInfo, oldObject and dryRun differ from the Rego's input.review)");
  }
}

function literal(v: string | number | boolean | null): Cel {
  if (v === null) return value("null");
  if (typeof v === "boolean") return boolean(String(v));
  if (typeof v === "string") return string(celString(v));
  if (Number.isSafeInteger(v)) return value(String(v));
  // A double: JavaScript's shortest round-trip digits, read back by CEL as the same double.
  const text = String(v);
  if (!Number.isFinite(v)) return refuse(`the number ${text}`, "JSON and CEL have no such number");
  return value(/[.e]/.test(text) ? text : `${text}.0`);
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
  return bind(scope.names, cel.code, printed, "s");
}

function emitOp(op: string, args: readonly Expr[], scope: CelScope): Cel {
  const arg = (i: number): Cel => emitExpr(args[i]!, scope);
  const bound2 = (f: (a: string, b: string) => string): string =>
    bind(scope.names, arg(0).code, (a) => bind(scope.names, arg(1).code, (b) => f(a, b), "b"), "a");
  switch (op) {
    case "strictEquals":
      return boolean(strictEquals(args[0]!, args[1]!, scope));
    case "lessThan":
      return boolean(bound2((a, b) => ordering(a, b, "<")));
    case "lessOrEqual":
      return boolean(bound2((a, b) => ordering(a, b, "<=")));
    case "greaterThan":
      return boolean(bound2((a, b) => ordering(a, b, ">")));
    case "greaterOrEqual":
      return boolean(bound2((a, b) => ordering(a, b, ">=")));
    case "not":
      return boolean(`!(${truthy(arg(0), scope)})`);
    case "isNullish":
      return boolean(bind(scope.names, arg(0).code, isNullish));
    case "typeIs": {
      const name = args[1];
      if (name?.kind !== "literal" || typeof name.value !== "string") return refuse("typeof compared with a non-literal", "not compiled to CEL");
      const type = name.value;
      return boolean(bind(scope.names, arg(0).code, (v) => typeIs(v, type)));
    }
    case "isArray":
      return boolean(bind(scope.names, arg(0).code, isList));
    case "length":
      return value(bind(scope.names, arg(0).code, lengthOf));
    case "toString":
      return string(stringOf(args[0]!, scope));
    case "concat":
      return string(`(${stringOf(args[0]!, scope)} + ${stringOf(args[1]!, scope)})`);
    case "stringStartsWith":
    case "stringEndsWith":
    case "stringIncludes": {
      const method = op === "stringStartsWith" ? "startsWith" : op === "stringEndsWith" ? "endsWith" : "contains";
      // Only a string receiver and argument can be true (JavaScript throws on others; the guarded policies never get there).
      return boolean(bound2((s, t) => `(${isString(s)} && ${isString(t)} && ${s}.${method}(${t}))`));
    }
    case "arrayIncludes": {
      const e = scope.names.fresh("e");
      return boolean(bound2((xs, v) => `(${isList(xs)} && !(${isList(v)} || ${isMap(v)}) && ${xs}.exists(${e}, !(${isList(e)} || ${isMap(e)}) && ${e} == ${v}))`));
    }
    case "negate": {
      const operand = args[0]!;
      if (operand.kind === "literal" && typeof operand.value === "number") return literal(-operand.value);
      // -x of a number; the least int64 has no int negation in CEL (JavaScript: a double): an error.
      return value(bind(scope.names, arg(0).code, (x) => `(type(${x}) == int ? dyn(-${x}) : type(${x}) == double ? dyn(-${x}) : type(${x}) == uint ? dyn(-int(${x})) : ${UNDEFINED})`));
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
      return value(bind(scope.names, arg(0).code, (x) => `(type(${x}) == int ? dyn(${x} % ${d}) : type(${x}) == uint ? dyn(int(${x} % ${d}u)) : type(${x}) == double ? ${onDouble(x)} : ${UNDEFINED})`));
    }
    case "add":
    case "subtract":
    case "multiply":
    case "divide":
      return refuse(`arithmetic (${op})`, "CEL's int and double arithmetic (overflow errors, no mixed operands, integer division) is not JavaScript's; not compiled to CEL yet");
    case "stringLower":
    case "stringUpper":
      return refuse(`${op === "stringLower" ? "toLowerCase" : "toUpperCase"}()`, "CEL's lowerAscii/upperAscii map ASCII only; JavaScript maps all of Unicode");
    case "stringTrim":
      return refuse("trim()", "CEL's trim() removes Go's Unicode white space, not JavaScript's set");
    case "stringSplit":
      return refuse("split()", "not compiled to CEL yet (JavaScript splits UTF-16 units, Go UTF-8 characters)");
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
        bind(scope.names, arg(0).code, (v) => `(${isMap(v)} ? ${fromMap(v)} : ${isList(v)} ? ${fromList(v)} : ${isString(v)} ? [dyn(int(${v} + " gkc: Object.${op.slice(6).toLowerCase()}() of a string"))] : dyn([]))`),
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
  const ca = emitExpr(a, scope).code;
  if (b.kind === "undefined") return bind(scope.names, ca, (v) => `(type(${v}) == bytes)`);
  if (b.kind === "literal") return `(dyn(${ca}) == ${literal(b.value).code})`;
  const cb = emitExpr(b, scope).code;
  return bind(scope.names, ca, (x) => bind(scope.names, cb, (y) => `(!(${isList(x)} || ${isMap(x)}) && ${x} == ${y})`, "b"), "a");
}

function emitArrayMethod(expr: Extract<Expr, { kind: "arrayMethod" }>, scope: CelScope): Cel {
  const array = emitExpr(expr.array, scope).code;
  const param = scope.names.fresh(`e_${expr.param}`);
  const inner = scope.with(expr.param, param);
  const body = emitExpr(expr.body, inner);
  const test = truthy(body, inner);
  // JavaScript throws on a receiver that is not an array (an optional call on null gives undefined,
  // which the IR expresses with a conditional around the call): here a non-list gives false or undefined.
  switch (expr.method) {
    case "some":
      return boolean(bind(scope.names, array, (xs) => `(${isList(xs)} && ${xs}.exists(${param}, ${test}))`, "xs"));
    case "every":
      return boolean(bind(scope.names, array, (xs) => `(${isList(xs)} && ${xs}.all(${param}, ${test}))`, "xs"));
    case "filter":
      return value(bind(scope.names, array, (xs) => `(${isList(xs)} ? dyn(${xs}.filter(${param}, ${test})) : ${UNDEFINED})`, "xs"));
    case "map":
      return value(bind(scope.names, array, (xs) => `(${isList(xs)} ? dyn(${xs}.map(${param}, dyn(${body.code}))) : ${UNDEFINED})`, "xs"));
    case "find":
      return value(
        bind(
          scope.names,
          array,
          (xs) => `(${isList(xs)} ? dyn(${bind(scope.names, `${xs}.filter(${param}, ${test})`, (found) => `(size(${found}) > 0 ? dyn(${found}[0]) : ${UNDEFINED})`, "found")}) : ${UNDEFINED})`,
          "xs",
        ),
      );
  }
}

/** A helper call, inlined: its parameters bound to the arguments, its body as one expression. */
function emitHelperCall(name: string, args: readonly Expr[], scope: CelScope): Cel {
  const helper = scope.helpers.get(name);
  if (!helper) return refuse(`the helper ${name}`, "not found");
  const argCodes = args.map((a) => (isReview(a, scope) ? REVIEW : emitExpr(a, scope).code));
  let inner = scope.forHelper();
  const wrap: ((body: string) => string)[] = [];
  helper.params.forEach((param, i) => {
    const code = argCodes[i] ?? UNDEFINED;
    if (code === REVIEW || scope.names.isBound(code) || code === "variables.anyObject" || code === "variables.gkc_parameters") {
      inner = inner.with(param, code);
    } else {
      const id = scope.names.fresh(`p_${param}`);
      inner = inner.with(param, id);
      wrap.push((body) => `[dyn(${code})].map(${id}, ${body})[0]`);
    }
  });
  const body = helperBody(helper.body, inner, name);
  const code = wrap.reduceRight((acc, w) => w(acc), body.code);
  return { ...body, code };
}

/** A helper body made of bindings, ifs and returns, as one expression (falling off the end is undefined). */
function helperBody(body: readonly Stmt[], scope: CelScope, helper: string): Cel {
  const [first, ...rest] = body;
  if (!first) return value(UNDEFINED);
  switch (first.kind) {
    case "return":
      return first.value ? emitExpr(first.value, scope) : value(UNDEFINED);
    case "const": {
      const init = emitExpr(first.value, scope).code;
      const id = scope.names.fresh(`c_${first.name}`);
      const restCel = helperBody(rest, scope.with(first.name, id), helper);
      return { ...restCel, code: `[dyn(${init})].map(${id}, ${restCel.code})[0]` };
    }
    case "if": {
      const test = truthy(emitExpr(first.test, scope), scope);
      const then = helperBody([...first.then, ...rest], scope, helper);
      const otherwise = helperBody([...first.otherwise, ...rest], scope, helper);
      if (then.bool && otherwise.bool) return boolean(`(${test} ? ${then.code} : ${otherwise.code})`);
      if (then.str && otherwise.str) return string(`(${test} ? ${then.code} : ${otherwise.code})`);
      return value(`(${test} ? dyn(${then.code}) : dyn(${otherwise.code}))`);
    }
    default:
      return refuse(`a loop in the helper ${helper}`, "CEL has no functions; a helper is inlined as an expression, which a loop with return cannot be");
  }
}
