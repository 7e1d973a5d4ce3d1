// What the optimizer knows about IR values along one rule body: the set of JavaScript kinds a
// value may have at run time. Facts come from the shape of expressions (a template is a string)
// and from the tests earlier on the same path (`typeof x === "string"`, `Array.isArray(xs)`,
// `isObject(o)`, `x != null`): a Rego rule body is a conjunction, so every later step runs only
// where those tests held. Declared TypeScript types are not facts: inputs are untrusted JSON. The
// parameters are the exception: Gatekeeper admits only Constraints whose parameters fit the
// template's schema (compiler/parameter-shapes.ts), so a value read from them has its schema's kind.
import type { Expr } from "../../ir.js";
import type { JsonSchema } from "../../schema.js";
import { elementShape, memberShape } from "../../parameter-shapes.js";
import { chainKey } from "./strict.js";
import { BOOLEAN_OPS, freeLocals } from "../../ir-tools.js";

export const UNDEFINED = 1;
export const NULL = 2;
export const BOOLEAN = 4;
export const NUMBER = 8;
export const STRING = 16;
export const ARRAY = 32;
export const OBJECT = 64;
export const ANY = 127;
const NULLISH = UNDEFINED | NULL;
/** The prefix of the keys under which the facts note a valid pattern (no name or chain key has one). */
const VALID_PATTERN = "valid pattern ";
/** The prefix of the keys under which the facts note a string that ends with `*`. */
const ENDS_WITH_STAR = "ends with * ";
/** Every such prefix: what it notes of a local or chain goes when the local is bound again. */
const MARKERS = [VALID_PATTERN, ENDS_WITH_STAR];

/** A bit set of the kinds above. */
export type Kinds = number;

/** The schema a value read from the parameters fits, and whether it is surely present. */
export interface Shape {
  readonly schema: JsonSchema;
  readonly topLevel: boolean;
  readonly present: boolean;
}

/** The root of the parameters' shapes: `input.parameters` (an object, `{}` without any). */
const PARAMETERS_ROOT = "@parameters";

/** The kinds a value of `schema` may have (never null: gkc's schemas are not nullable). */
export function schemaKinds(schema: JsonSchema): Kinds {
  switch (schema.type) {
    case "string":
      return STRING;
    case "number":
    case "integer":
      return NUMBER;
    case "boolean":
      return BOOLEAN;
    case "array":
      return ARRAY;
    case "object":
      return OBJECT;
    default:
      return ANY & ~UNDEFINED;
  }
}

/** The kinds of a value of this shape, undefined included unless it is surely present. */
export function shapeKinds(shape: Shape | undefined): Kinds {
  return shape === undefined ? ANY : schemaKinds(shape.schema) | (shape.present ? 0 : UNDEFINED);
}

/** Facts about locals at one point of a path. Immutable: refining returns a new one. */
export class Facts {
  private constructor(
    private readonly locals: ReadonlyMap<string, Kinds>,
    /** Member chains (strict.ts chainKey) this body may read with Rego references. */
    readonly references: ReadonlySet<string> = new Set(),
    /** The shapes of the parameters and of the locals bound to values read from them. */
    private readonly shapes: ReadonlyMap<string, Shape> = new Map(),
    /** The policy's members-style helpers (`elements(xs)`: an array itself, an object's values, else []). */
    private readonly membersHelpers: ReadonlySet<string> = new Set(),
    /**
     * Locals the body reads a member of as a Rego reference: objects wherever the body holds (a
     * string key finds nothing in anything else). Unlike the references, this holds inside the
     * body's negations too, whose values do not matter where the body fails; never in an array
     * method's lambda (its parameter may reuse a name) nor in a function emitted apart from the
     * body (outsideBody).
     */
    readonly objectLocals: ReadonlySet<string> = new Set(),
    /**
     * Locals that iterate the keys of an object local (`for (const k of Object.keys(o))`), by
     * key local: `o[k]` is then one of o's members, a JSON value, never undefined.
     */
    private readonly keysOf: ReadonlyMap<string, string> = new Map(),
  ) {}

  static readonly EMPTY = new Facts(new Map());

  /** No facts but the parameters' schema, and which helpers give the members of their argument. */
  static forParameters(schema: JsonSchema | undefined, membersHelpers: ReadonlySet<string> = new Set()): Facts {
    return schema === undefined ? Facts.EMPTY : new Facts(new Map(), new Set(), new Map([[PARAMETERS_ROOT, { schema, topLevel: true, present: true }]]), membersHelpers);
  }

  withReferences(references: ReadonlySet<string>): Facts {
    return new Facts(this.locals, references, this.shapes, this.membersHelpers, this.objectLocals, this.keysOf);
  }

  /** A body's own references (strict.ts chainKey keys), and the locals they prove objects. */
  withBodyReferences(references: ReadonlySet<string>): Facts {
    const objects = new Set<string>();
    for (const key of references) if (key.startsWith("$") && key.includes(".")) objects.add(key.slice(1, key.indexOf(".")));
    return new Facts(this.locals, references, this.shapes, this.membersHelpers, objects, this.keysOf);
  }

  /** For code emitted apart from the body (a lifted conditional, a hoisted rule): no reference of the body holds there. */
  outsideBody(): Facts {
    return new Facts(this.locals, new Set(), this.shapes, this.membersHelpers, new Set(), this.keysOf);
  }

  /** The shape of a value read from the parameters by literal keys (through locals bound to one); undefined for anything else. */
  shapeOf(expr: Expr): Shape | undefined {
    if (expr.kind === "input") return expr.field === "parameters" ? this.shapes.get(PARAMETERS_ROOT) : undefined;
    if (expr.kind === "local") return this.shapes.get(expr.name);
    // asArray(x) is x for an array, [] for anything else (elements(x) too), and `x ?? []` of a
    // parameters' array (never null: gkc's schemas are not nullable) is x or []: x's element
    // shape, surely present.
    const members = (expr.kind === "sdkCall" && expr.name === "asArray") || (expr.kind === "helperCall" && this.membersHelpers.has(expr.name));
    const list = members && expr.args.length === 1 ? expr.args[0] : expr.kind === "coalesce" && expr.right.kind === "array" && expr.right.items.length === 0 ? expr.left : undefined;
    if (list !== undefined) {
      const inner = this.shapeOf(list);
      return inner?.schema.type === "array" ? { ...inner, present: true } : undefined;
    }
    if (expr.kind !== "member" || expr.key.kind !== "literal" || typeof expr.key.value !== "string") return undefined;
    const object = this.shapeOf(expr.object);
    const member = object === undefined ? undefined : memberShape(object.schema, expr.key.value, object.topLevel);
    // A member of a value that may be undefined may be undefined too.
    return member === undefined ? undefined : { schema: member.shape, topLevel: false, present: member.present && object!.present };
  }

  /** The shape of each element of a value read from the parameters, if it is an array of one. */
  elementShapeOf(expr: Expr): Shape | undefined {
    const items = elementShape(this.shapeOf(expr)?.schema);
    return items === undefined ? undefined : { schema: items, topLevel: false, present: true };
  }

  /** The local holds a value of this shape (or nothing known, when undefined). */
  withShape(name: string, shape: Shape | undefined): Facts {
    if (shape === undefined && !this.shapes.has(name)) return this;
    const next = new Map(this.shapes);
    if (shape === undefined) next.delete(name);
    else next.set(name, shape);
    return new Facts(this.locals, this.references, next, this.membersHelpers, this.objectLocals, this.keysOf);
  }


  kindsOfLocal(name: string): Kinds {
    const kinds = this.locals.get(name) ?? ANY;
    // Wherever the body holds, a local it reads a member of as a reference is an object; a test's
    // value elsewhere does not matter. (No object at all: the body never holds; keep what is known.)
    return this.objectLocals.has(name) ? kinds & OBJECT || kinds : kinds;
  }

  /** The kinds of the elements of a local known to be an array (`name[]`: no name or chain key has brackets). */
  elementKindsOfLocal(name: string): Kinds {
    return this.locals.get(`${name}[]`) ?? ANY;
  }

  /** The local is an array whose elements have these kinds. */
  withElements(name: string, kinds: Kinds): Facts {
    return kinds === ANY ? this : this.withKey(`${name}[]`, kinds);
  }

  /** Whether an isValidRegex test of this local or chain held on the path. */
  isValidPattern(expr: Expr): boolean {
    return this.marked(VALID_PATTERN, expr);
  }

  /** Whether a test that this local or chain ends with `*` held on the path. */
  endsWithStar(expr: Expr): boolean {
    return this.marked(ENDS_WITH_STAR, expr);
  }

  private marked(marker: string, expr: Expr): boolean {
    const key = subjectKey(expr);
    return key !== undefined && this.locals.has(`${marker}${key}`);
  }

  /** What the tests proved about a member chain (strict.ts chainKey), e.g. `is_number(port.hostPort)`. */
  kindsOfChain(key: string): Kinds {
    return this.locals.get(key) ?? ANY;
  }

  with(name: string, kinds: Kinds): Facts {
    const next = new Map(this.locals);
    // A new value for the local: what was proved about chains from it no longer holds.
    const prefix = `$${name}.`;
    for (const key of next.keys()) {
      const marker = MARKERS.find((m) => key.startsWith(m));
      const subject = marker === undefined ? key : key.slice(marker.length);
      if (subject === name || subject.startsWith(prefix) || subject.startsWith(`$${name}[`) || subject.endsWith(`[$${name}]`)) next.delete(key);
    }
    next.delete(`${name}[]`);
    next.set(name, kinds);
    const shapes = this.shapes.has(name) ? new Map([...this.shapes].filter(([key]) => key !== name)) : this.shapes;
    // A body binds each local once (Rego refuses a second `:=`), so what its references prove of
    // the local stays; a lambda's parameter may reuse a name, and array methods start outsideBody().
    // Nor does a key relation either side of which the local was.
    return new Facts(next, this.references, shapes, this.membersHelpers, this.objectLocals, this.withoutKeyOf(name).keysOf);
  }

  /** `key` iterates the keys of the object `object` (both locals, bound before). */
  withKeyOf(key: string, object: string): Facts {
    return new Facts(this.locals, this.references, this.shapes, this.membersHelpers, this.objectLocals, new Map([...this.keysOf, [key, object]]));
  }

  /** No key relation of `name`, a local bound anew (an array method's parameter). */
  withoutKeyOf(name: string): Facts {
    if (![...this.keysOf].some(([key, object]) => key === name || object === name)) return this;
    return new Facts(this.locals, this.references, this.shapes, this.membersHelpers, this.objectLocals, new Map([...this.keysOf].filter(([key, object]) => key !== name && object !== name)));
  }

  /** Whether `key` iterates the keys of `object`, so that `object[key]` is defined. */
  isKeyOf(key: string, object: string): boolean {
    return this.keysOf.get(key) === object;
  }

  /** What holds on both of two paths from the same facts: per key, either's kinds. */
  private static join(a: Facts, b: Facts): Facts {
    const joined = new Map<string, Kinds>();
    for (const [key, kinds] of a.locals) {
      const other = b.locals.get(key);
      if (other !== undefined) joined.set(key, kinds | other);
    }
    const keysOf = new Map([...a.keysOf].filter(([key, object]) => b.keysOf.get(key) === object));
    return new Facts(joined, a.references, a.shapes, a.membersHelpers, a.objectLocals, keysOf);
  }

  private withKey(key: string, kinds: Kinds): Facts {
    const next = new Map(this.locals);
    next.set(key, kinds);
    return new Facts(next, this.references, this.shapes, this.membersHelpers, this.objectLocals, this.keysOf);
  }

  /** False when the facts rule out `test` (negated: its negation) being truthy; true when they cannot tell. */
  possible(test: Expr, negated: boolean): boolean {
    if (test.kind === "op" && test.op === "not" && test.args[0]) return this.possible(test.args[0], !negated);
    const narrowed = narrowing(test);
    if (narrowed === undefined) return true;
    return (this.kindsOfLocal(narrowed.local) & (negated ? narrowed.whenFalse : narrowed.whenTrue)) !== 0;
  }

  /** After a test step: what `test` (or its negation) being truthy tells about locals. */
  afterTest(test: Expr, negated: boolean): Facts {
    if (test.kind === "op" && test.op === "not" && test.args[0]) return this.afterTest(test.args[0], !negated);
    if (test.kind === "and" && !negated) return this.afterTest(test.left, false).afterTest(test.right, false);
    if (test.kind === "or" && negated) return this.afterTest(test.left, true).afterTest(test.right, true);
    // `a || b` holds where a does, or where a does not and b does: what holds either way.
    if (test.kind === "or" && !negated) return Facts.join(this.afterTest(test.left, false), this.afterTest(test.left, true).afterTest(test.right, false));
    if (test.kind === "and" && negated) return Facts.join(this.afterTest(test.left, true), this.afterTest(test.left, false).afterTest(test.right, true));
    // isValidRegex(p) holding: the pattern is one regex.match compiles and the SDK accepts.
    const pattern = test.kind === "sdkCall" && test.name === "isValidRegex" && !negated ? subjectKey(test.args[0]) : undefined;
    if (pattern !== undefined) return this.withKey(`${VALID_PATTERN}${pattern}`, STRING);
    // x.endsWith("*") holding: matchesWildcard(x, v) is its prefix case.
    const starred = test.kind === "op" && test.op === "stringEndsWith" && !negated && test.args[1]?.kind === "literal" && test.args[1].value === "*" ? subjectKey(test.args[0]) : undefined;
    if (starred !== undefined) return this.withKey(`${ENDS_WITH_STAR}${starred}`, STRING);
    const narrowed = narrowing(test);
    if (narrowed === undefined) return this;
    const current = this.kindsOfLocal(narrowed.local);
    return this.withKey(narrowed.local, current & (negated ? narrowed.whenFalse : narrowed.whenTrue));
  }
}

interface Narrowing {
  /** A local's name, or a member chain's key (chainKey: it has a dot, which no name has). */
  readonly local: string;
  /** The kinds the local may have where the test is truthy, and where it is falsy. */
  readonly whenTrue: Kinds;
  readonly whenFalse: Kinds;
}

/** The kinds for which `typeof x === <name>` holds. */
export const TYPEOF_KINDS: Readonly<Record<string, Kinds>> = {
  string: STRING,
  number: NUMBER,
  boolean: BOOLEAN,
  object: OBJECT | ARRAY | NULL,
  undefined: UNDEFINED,
};

/** A test that decides exactly whether the local has one of `kinds`. */
function exact(local: string, kinds: Kinds): Narrowing {
  return { local, whenTrue: kinds, whenFalse: ANY & ~kinds };
}

/** The local a test examines and what it tells either way. */
/** The key facts about `expr` are kept under: a local's name or a member chain's key. */
function subjectKey(expr: Expr | undefined): string | undefined {
  if (expr?.kind === "local") return expr.name;
  if (expr?.kind === "helperCall") return closedCallKey(expr);
  return expr?.kind === "member" ? (chainKey(expr) ?? keyedMember(expr)) : undefined;
}

/**
 * The key facts about a helper's call of closed arguments are kept under: one value per query,
 * which no later binding changes. A closed binding inlined into the steps after it
 * (closed.ts) is such a call, and its tests (`podName === undefined` false) still narrow it.
 */
function closedCallKey(expr: Extract<Expr, { kind: "helperCall" }>): string | undefined {
  return freeLocals(expr).size === 0 ? `#${JSON.stringify(expr)}` : undefined;
}

/**
 * The key facts about `o[k]` are kept under, both locals (`Object.keys(o).filter((k) => typeof
 * o[k] === "string")`): `$o[$k]`, which no name or chain key spells. Binding either local anew
 * drops it (Facts.with).
 */
function keyedMember(expr: Extract<Expr, { kind: "member" }>): string | undefined {
  return expr.object.kind === "local" && expr.key.kind === "local" ? `$${expr.object.name}[$${expr.key.name}]` : undefined;
}

function narrowing(test: Expr): Narrowing | undefined {
  // Objects and arrays are always truthy; a truthy value is never null or undefined.
  const tested = subjectKey(test);
  if (tested !== undefined) return { local: tested, whenTrue: ANY & ~NULLISH, whenFalse: ANY & ~(OBJECT | ARRAY) };
  const objectTested = test.kind === "sdkCall" && test.name === "isObject" ? subjectKey(test.args[0]) : undefined;
  if (objectTested !== undefined) return exact(objectTested, OBJECT);
  // regexMatches(p, x) is false for any x but a string.
  const matched = test.kind === "sdkCall" && test.name === "regexMatches" ? subjectKey(test.args[1]) : undefined;
  if (matched !== undefined) return { local: matched, whenTrue: STRING, whenFalse: ANY };
  if (test.kind !== "op") return undefined;
  const [subject, other] = test.args;
  const key = subjectKey(subject);
  if (key === undefined) {
    // `literal === x` reads the same as `x === literal`.
    const otherKey = subjectKey(other);
    if (test.op === "strictEquals" && otherKey !== undefined && subject?.kind === "literal") {
      return { local: otherKey, whenTrue: kindOfPrimitive(subject.value), whenFalse: ANY };
    }
    return undefined;
  }
  switch (test.op) {
    case "typeIs": {
      const type = other?.kind === "literal" ? other.value : undefined;
      return typeof type === "string" && TYPEOF_KINDS[type] !== undefined ? exact(key, TYPEOF_KINDS[type]) : undefined;
    }
    case "isArray":
      return exact(key, ARRAY);
    case "isNullish":
      return exact(key, NULLISH);
    case "strictEquals":
      if (other?.kind === "literal") return { local: key, whenTrue: kindOfPrimitive(other.value), whenFalse: ANY };
      if (other?.kind === "undefined") return exact(key, UNDEFINED);
      return undefined;
    default:
      return undefined;
  }
}

export function kindOfPrimitive(value: string | number | boolean | null): Kinds {
  if (value === null) return NULL;
  if (typeof value === "string") return STRING;
  if (typeof value === "number") return NUMBER;
  return BOOLEAN;
}

/** SDK functions by result kinds (see sdk/*.ts). */
const SDK_RESULTS: Readonly<Record<string, Kinds>> = {
  isObject: BOOLEAN,
  asArray: ARRAY,
  isValidRegex: BOOLEAN,
  regexMatches: BOOLEAN,
  matchesWildcard: BOOLEAN,
  trimCharacters: STRING | UNDEFINED,
  compareQuantities: NUMBER,
  compareScaledQuantities: NUMBER,
  regoLess: BOOLEAN,
  regoLessOrEqual: BOOLEAN,
  scalarEquals: BOOLEAN,
  regoEquals: BOOLEAN,
  allContainers: ARRAY,
  containersAndInitContainers: ARRAY,
  // The inventory's objects of a kind: always an array (of objects, below), empty where none.
  clusterObjects: ARRAY,
  namespacedObjects: ARRAY,
  clusterObjectNames: ARRAY,
  namespacedObjectNames: ARRAY,
};

/**
 * Chains of the review every request has: the kind being reviewed, as strings. Gatekeeper's
 * admission request carries the resource's group, version and kind, its audit and gator derive
 * them from the object, and so does gkc (verify/review.ts admissionReview: "" where the object's
 * kind is no string), so each is a string wherever a predicate runs.
 */
export const REVIEW_GUARANTEES: ReadonlyMap<string, Kinds> = new Map([
  ['@review."kind"', OBJECT],
  ['@review."kind"."group"', STRING],
  ['@review."kind"."version"', STRING],
  ['@review."kind"."kind"', STRING],
]);

/** The kinds `expr` may evaluate to, given `facts` (ANY when nothing is known). */
export function kindsOf(expr: Expr, facts: Facts, helpers: HelperKinds = NO_HELPERS): Kinds {
  switch (expr.kind) {
    case "literal":
      return kindOfPrimitive(expr.value);
    case "undefined":
      return UNDEFINED;
    case "local":
      return facts.kindsOfLocal(expr.name);
    case "input":
      // The review, the object, the parameters and the inventory are objects (runtime.ts).
      return OBJECT;
    case "member": {
      // A member by a key that iterates the object's own keys is one of its values.
      const keyed = keyedMember(expr);
      if (keyed !== undefined) {
        const member = facts.kindsOfChain(keyed);
        return expr.key.kind === "local" && expr.object.kind === "local" && facts.isKeyOf(expr.key.name, expr.object.name) ? member & ~UNDEFINED : member;
      }
      const key = chainKey(expr);
      if (key === undefined) return ANY;
      const guaranteed = REVIEW_GUARANTEES.get(key);
      if (guaranteed !== undefined) return guaranteed;
      // Read as a reference, a chain is never undefined: the body fails instead (staticTruth
      // decides no test by that).
      return facts.kindsOfChain(key) & shapeKinds(facts.shapeOf(expr)) & (facts.references.has(key) ? ~UNDEFINED : ANY);
    }
    case "op": {
      if (BOOLEAN_OPS.has(expr.op)) return BOOLEAN;
      const all = (kinds: Kinds) => expr.args.every((a) => only(kindsOf(a, facts, helpers), kinds));
      switch (expr.op) {
        case "concat":
        case "toString":
          return STRING;
        case "stringLower":
        case "stringUpper":
        case "stringTrim":
          return all(STRING) ? STRING : STRING | UNDEFINED;
        case "stringSplit":
          return all(STRING) ? ARRAY : ARRAY | UNDEFINED;
        case "arrayJoin":
          return only(kindsOf(expr.args[0]!, facts, helpers), ARRAY) ? STRING : STRING | UNDEFINED;
        case "objectKeys":
        case "objectValues":
        case "objectEntries":
          return ARRAY;
        case "add":
        case "subtract":
        case "multiply":
        case "negate":
          return all(NUMBER) ? NUMBER : NUMBER | UNDEFINED;
        case "length":
          // Of an object, its member "length" (gkc_len), which may be any value.
          if (expr.args.some((a) => (kindsOf(a, facts, helpers) & OBJECT) !== 0)) return ANY;
          return all(STRING | ARRAY) ? NUMBER : NUMBER | UNDEFINED;
        default:
          return NUMBER | UNDEFINED;
      }
    }
    case "and":
    case "or":
      return kindsOf(expr.left, facts, helpers) | kindsOf(expr.right, facts, helpers);
    case "coalesce": {
      const left = kindsOf(expr.left, facts, helpers);
      return (left & ~NULLISH) | (left & NULLISH ? kindsOf(expr.right, facts, helpers) : 0);
    }
    case "conditional": {
      // Each branch under what its side of the test proves; a side the facts rule out gives nothing.
      const then = facts.possible(expr.test, false) ? kindsOf(expr.then, facts.afterTest(expr.test, false), helpers) : 0;
      const otherwise = facts.possible(expr.test, true) ? kindsOf(expr.otherwise, facts.afterTest(expr.test, true), helpers) : 0;
      return then | otherwise;
    }
    case "template":
      return STRING;
    case "array":
      return ARRAY;
    case "object":
      return OBJECT;
    case "sdkCall":
      // Trimming two strings is a string; only another argument makes it undefined.
      if (expr.name === "trimCharacters" && expr.args.length === 2 && expr.args.every((a) => only(kindsOf(a, facts, helpers), STRING))) return STRING;
      return SDK_RESULTS[expr.name] ?? ANY;
    case "helperCall": {
      const key = closedCallKey(expr);
      return helpers(expr.name) & (key === undefined ? ANY : facts.kindsOfChain(key));
    }
    case "arrayMethod":
      return expr.method === "some" || expr.method === "every" ? BOOLEAN : expr.method === "find" ? ANY : ARRAY;
  }
}

/** The kinds of an array's elements where the expression shows them (a literal's items, a map's results); ANY otherwise. */
export function elementKindsOf(expr: Expr, facts: Facts, helpers: HelperKinds = NO_HELPERS): Kinds {
  if (expr.kind === "array") return expr.items.reduce((kinds, item) => kinds | kindsOf(item, facts, helpers), 0) || STRING;
  if (expr.kind === "arrayMethod" && expr.method === "map") return kindsOf(expr.body, facts.with(expr.param, elementKindsOf(expr.array, facts, helpers)).withShape(expr.param, facts.elementShapeOf(expr.array)).outsideBody(), helpers);
  // sortedObjects (sdk/inventory.ts and its Rego twin) keeps only objects.
  if (expr.kind === "sdkCall" && (expr.name === "clusterObjects" || expr.name === "namespacedObjects")) return OBJECT;
  // sortedNames keeps the keys: strings.
  if (expr.kind === "sdkCall" && (expr.name === "clusterObjectNames" || expr.name === "namespacedObjectNames")) return STRING;
  // A filter keeps some of its array's elements: those its test holds for (`typeof v === "string"` keeps strings).
  if (expr.kind === "arrayMethod" && expr.method === "filter") {
    const elements = elementKindsOf(expr.array, facts, helpers);
    return facts.with(expr.param, elements).outsideBody().afterTest(expr.body, false).kindsOfLocal(expr.param) & elements || elements;
  }
  // Either branch's elements (`restricted ? classes.filter(…) : classes`), under what its side of the test proves.
  if (expr.kind === "conditional") {
    const then = facts.possible(expr.test, false) ? elementKindsOf(expr.then, facts.afterTest(expr.test, false), helpers) : 0;
    const otherwise = facts.possible(expr.test, true) ? elementKindsOf(expr.otherwise, facts.afterTest(expr.test, true), helpers) : 0;
    return then | otherwise || ANY;
  }
  // A local's, or a helper's: the elements of every array it returns (rules.ts helperResultElementKinds).
  const known = expr.kind === "local" ? facts.elementKindsOfLocal(expr.name) : expr.kind === "helperCall" ? (helpers.elements?.(expr.name) ?? ANY) : ANY;
  const items = facts.elementShapeOf(expr);
  if (items !== undefined) return known & shapeKinds(items);
  if (expr.kind === "local" || expr.kind === "helperCall") return known;
  // Object.keys gives strings in both (gkc_keys names an array's or a string's indexes as strings too).
  if (expr.kind === "op" && expr.op === "objectKeys") return STRING;
  return ANY;
}

/** Result kinds of the policy's own helper functions, by name; `elements`, of the arrays they return. */
export type HelperKinds = ((name: string) => Kinds) & { readonly elements?: (name: string) => Kinds };
const NO_HELPERS: HelperKinds = () => ANY;

/** The JavaScript falsy values a value of these kinds may hold, as Rego terms. */
export function falsyTerms(kinds: Kinds): string[] {
  const terms: string[] = [];
  if (kinds & BOOLEAN) terms.push("false");
  if (kinds & NUMBER) terms.push("0");
  if (kinds & STRING) terms.push(`""`);
  if (kinds & NULL) terms.push("null");
  if (kinds & UNDEFINED) terms.push("set()");
  return terms;
}

export function only(kinds: Kinds, allowed: Kinds): boolean {
  return kinds !== 0 && (kinds & ~allowed) === 0;
}
