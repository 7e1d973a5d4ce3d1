// The intermediate representation: a small, backend-neutral language of pure expressions and
// structured statements with JavaScript value semantics. It knows nothing of Rego; emit/rego
// turns it into Rego and a later emit/cel can turn it into CEL.

export type Primitive = string | number | boolean | null;

/** Operations with a defined meaning on any runtime value (JavaScript semantics on the well-typed domain). */
export type Operation =
  | "strictEquals" // ===, on primitives
  | "lessThan"
  | "lessOrEqual"
  | "greaterThan"
  | "greaterOrEqual"
  | "add" // numbers
  | "concat" // strings
  | "subtract"
  | "multiply"
  | "divide"
  | "remainder"
  | "negate"
  | "not" // !x: truthiness
  | "isNullish" // x == null
  | "typeIs" // typeof x === <literal>; second argument is the type name literal
  | "isArray"
  | "length"
  | "toString" // String(x) as a template literal prints it
  | "stringStartsWith"
  | "stringEndsWith"
  | "stringIncludes"
  | "stringLower"
  | "stringUpper"
  | "stringSplit"
  | "stringTrim"
  | "arrayIncludes"
  | "arrayJoin" // xs.join(separator): the separator is a string literal
  | "objectKeys"
  | "objectValues"
  | "objectEntries";

export type Expr =
  | { readonly kind: "literal"; readonly value: Primitive }
  | { readonly kind: "undefined" }
  | { readonly kind: "local"; readonly name: string }
  | { readonly kind: "input"; readonly field: "object" | "parameters" | "inventory" | "review" }
  // `objectOnly`: reads the member of an object only, undefined for anything else, an array or a
  // string too (what `isObject(o) ? o[key] : undefined` is; the Rego optimizer makes these).
  | { readonly kind: "member"; readonly object: Expr; readonly key: Expr; readonly objectOnly?: true }
  | { readonly kind: "op"; readonly op: Operation; readonly args: readonly Expr[] }
  | { readonly kind: "and"; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "or"; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "coalesce"; readonly left: Expr; readonly right: Expr }
  | { readonly kind: "conditional"; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr }
  | { readonly kind: "template"; readonly parts: readonly Expr[] }
  | { readonly kind: "array"; readonly items: readonly Expr[] }
  | { readonly kind: "object"; readonly entries: readonly (readonly [string, Expr])[] }
  | { readonly kind: "sdkCall"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "helperCall"; readonly name: string; readonly args: readonly Expr[] }
  | {
      readonly kind: "arrayMethod";
      readonly method: "some" | "every" | "filter" | "map" | "find";
      readonly array: Expr;
      readonly param: string;
      readonly body: Expr;
    };

export type Binding =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "entry"; readonly key: string | undefined; readonly value: string | undefined };

export type Stmt =
  | { readonly kind: "const"; readonly name: string; readonly value: Expr }
  | { readonly kind: "if"; readonly test: Expr; readonly then: readonly Stmt[]; readonly otherwise: readonly Stmt[] }
  | { readonly kind: "forOf"; readonly binding: Binding; readonly iterable: Expr; readonly body: readonly Stmt[] }
  | { readonly kind: "continue" }
  | { readonly kind: "return"; readonly value: Expr | undefined }
  | { readonly kind: "yield"; readonly value: Expr; readonly line: number };

export interface HelperFunction {
  readonly name: string;
  readonly params: readonly string[];
  readonly body: readonly Stmt[];
}

/** One compiled predicate: `violations(object, parameters)` plus the helpers it reaches. */
export interface Program {
  readonly objectParam: string;
  readonly parametersParam: string | undefined;
  /** The third parameter: Gatekeeper's referential data (`data.inventory`). */
  readonly inventoryParam: string | undefined;
  /** The fourth parameter: the admission request (`input.review`). */
  readonly reviewParam: string | undefined;
  readonly body: readonly Stmt[];
  readonly helpers: readonly HelperFunction[];
}
