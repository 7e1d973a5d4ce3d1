// Calls: SDK helpers, same-file helper functions, Object.keys/values/entries, Array.isArray,
// and the supported string and array methods.
import { Node, SyntaxKind, type CallExpression } from "ts-morph";
import { RE2JS } from "re2js";
import { diagnostics } from "../diagnostics.js";
import type { Expr, Operation } from "../ir.js";
import type { LowerContext } from "./context.js";
import { isUnordered, lowerExpression, op } from "./expressions.js";
import { lowerHelper } from "./helpers.js";
import { classify } from "./types.js";

const STRING_METHODS: Record<string, { op: Operation; arity: number }> = {
  startsWith: { op: "stringStartsWith", arity: 1 },
  endsWith: { op: "stringEndsWith", arity: 1 },
  includes: { op: "stringIncludes", arity: 1 },
  toLowerCase: { op: "stringLower", arity: 0 },
  toUpperCase: { op: "stringUpper", arity: 0 },
  split: { op: "stringSplit", arity: 1 },
  trim: { op: "stringTrim", arity: 0 },
};

const LAMBDA_METHODS = new Set(["some", "every", "filter", "map", "find"]);
const OBJECT_FUNCTIONS: Record<string, Operation> = { keys: "objectKeys", values: "objectValues", entries: "objectEntries" };
/** SDK exports that are authoring declarations, not runtime helpers. */
const SDK_DECLARATIONS = new Set(["defineTemplate", "constraint"]);
/** SDK helpers whose first argument is an RE2 pattern, checked at compile time when literal. */
const REGEX_PATTERN_HELPERS = new Set(["regexMatches", "isValidRegex"]);
/** sdk/order.ts: `a > b` is `b < a` and `a >= b` is `b <= a` (the arguments are pure, so order is free). */
const SWAPPED_ORDER: Readonly<Record<string, string>> = { regoGreater: "regoLess", regoGreaterOrEqual: "regoLessOrEqual" };

export function lowerCall(call: CallExpression, ctx: LowerContext): Expr {
  if (call.getQuestionDotTokenNode()) return ctx.report(diagnostics.unsupportedSyntax(call, "an optional call '?.()'"));
  const callee = call.getExpression();
  const args = call.getArguments();
  if (args.some((a) => Node.isSpreadElement(a))) return ctx.report(diagnostics.sparseOrSpread(call));

  if (Node.isIdentifier(callee)) return lowerFunctionCall(call, callee, ctx);
  if (Node.isPropertyAccessExpression(callee)) {
    const receiver = callee.getExpression();
    const method = callee.getName();
    if (Node.isIdentifier(receiver) && receiver.getText() === "Object" && OBJECT_FUNCTIONS[method] && args.length === 1) {
      return op(OBJECT_FUNCTIONS[method], lowerExpression(args[0]!, ctx));
    }
    if (Node.isIdentifier(receiver) && receiver.getText() === "Array" && method === "isArray" && args.length === 1) {
      return op("isArray", lowerExpression(args[0]!, ctx));
    }
    const lowered = lowerMethodCall(call, receiver, method, ctx);
    return mayBeNullish(receiver, callee.hasQuestionDotToken()) ? shortCircuit(receiver, lowered, ctx) : lowered;
  }
  return ctx.report(diagnostics.unknownCall(call, callee.getText()));
}

function lowerFunctionCall(call: CallExpression, callee: Node, ctx: LowerContext): Expr {
  const name = callee.getText();
  const args = call.getArguments();
  const sdkName = ctx.sdkFunction(callee);
  if (sdkName && !SDK_DECLARATIONS.has(sdkName)) {
    if (REGEX_PATTERN_HELPERS.has(sdkName)) checkLiteralPattern(args[0], ctx);
    const lowered = args.map((a) => lowerExpression(a, ctx));
    const swapped = SWAPPED_ORDER[sdkName];
    if (swapped) return { kind: "sdkCall", name: swapped, args: [lowered[1] ?? { kind: "undefined" }, lowered[0] ?? { kind: "undefined" }] };
    return { kind: "sdkCall", name: sdkName, args: lowered };
  }
  const declaration = ctx.localFunction(callee);
  if (declaration) {
    const helper = lowerHelper(declaration, ctx);
    if (!helper) return { kind: "undefined" };
    if (args.length > helper.params.length) return ctx.report(diagnostics.helperShape(call, name, "called with more arguments than it declares"));
    const lowered = args.map((a) => lowerExpression(a, ctx));
    // A missing argument is undefined, as in JavaScript.
    while (lowered.length < helper.params.length) lowered.push({ kind: "undefined" });
    return { kind: "helperCall", name: helper.name, args: lowered };
  }
  return ctx.report(diagnostics.unknownCall(call, name));
}

function checkLiteralPattern(argument: Node | undefined, ctx: LowerContext): void {
  if (!argument || !(Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument))) return;
  const pattern = argument.getLiteralValue();
  try {
    RE2JS.compile(pattern);
  } catch (error) {
    ctx.report(diagnostics.invalidRegexLiteral(argument, pattern, error instanceof Error ? error.message : String(error)));
  }
}

/** True when the receiver may be null or undefined at a call that type-checks: an optional chain. */
function mayBeNullish(receiver: Node, questionDot: boolean): boolean {
  if (questionDot) return true;
  const type = receiver.getType();
  return type.isNullable() || (type.isUnion() && type.getUnionTypes().some((t) => t.isUndefined() || t.isNull()));
}

/**
 * `receiver?.method(...)` is undefined when the receiver is null or undefined, whatever the
 * method would return (JavaScript short-circuits the chain). The method's own result on a
 * nullish receiver (false, [], …) would differ under `=== undefined`, `??` or truthiness.
 */
function shortCircuit(receiver: Node, call: Expr, ctx: LowerContext): Expr {
  if (call.kind === "undefined") return call;
  return { kind: "conditional", test: op("isNullish", lowerExpression(receiver, ctx)), then: { kind: "undefined" }, otherwise: call };
}

function lowerMethodCall(call: CallExpression, receiver: Node, method: string, ctx: LowerContext): Expr {
  const args = call.getArguments();
  const receiverClass = classify(receiver);
  if (receiverClass === "string") {
    const spec = STRING_METHODS[method];
    if (!spec) return ctx.report(diagnostics.unsupportedMethod(call, "a string", method));
    if (args.length !== spec.arity) return ctx.report(diagnostics.unsupportedSyntax(call, `'${method}' with ${args.length} arguments`));
    return op(spec.op, lowerExpression(receiver, ctx), ...args.map((a) => lowerExpression(a, ctx)));
  }
  if (receiverClass === "array") {
    if (method === "includes" && args.length === 1) {
      // SameValueZero compares arrays and objects by reference in JavaScript, by value in Rego.
      if (["array", "object"].includes(classify(args[0]!))) return ctx.report(diagnostics.compositeEquality(args[0]!));
      return op("arrayIncludes", lowerExpression(receiver, ctx), lowerExpression(args[0]!, ctx));
    }
    if (method === "join" && args.length <= 1) {
      // A literal separator only: JavaScript prints any other value (undefined as ",") first.
      const separator = args[0];
      if (separator && !(Node.isStringLiteral(separator) || Node.isNoSubstitutionTemplateLiteral(separator))) {
        return ctx.report(diagnostics.unsupportedSyntax(separator, "'join' with a separator that is not a string literal"));
      }
      return op("arrayJoin", lowerExpression(receiver, ctx), { kind: "literal", value: separator ? separator.getLiteralValue() : "," });
    }
    if (LAMBDA_METHODS.has(method) && args.length === 1) {
      if (method === "find" && isUnordered(receiver, ctx)) {
        return ctx.report(diagnostics.orderDependent(call, "'.find' on the result of Object.keys/values/entries"));
      }
      return lowerLambdaMethod(method as "some" | "every" | "filter" | "map" | "find", receiver, args[0]!, ctx);
    }
    return ctx.report(diagnostics.unsupportedMethod(call, "an array", method));
  }
  return ctx.report(diagnostics.unsupportedMethod(call, `a value of type ${receiver.getType().getText(receiver)}`, method));
}

function lowerLambdaMethod(
  method: "some" | "every" | "filter" | "map" | "find",
  receiver: Node,
  lambda: Node,
  ctx: LowerContext,
): Expr {
  if (!Node.isArrowFunction(lambda) || lambda.getParameters().length !== 1) return ctx.report(diagnostics.lambdaShape(lambda));
  const parameter = lambda.getParameters()[0]!;
  const nameNode = parameter.getNameNode();
  if (!Node.isIdentifier(nameNode) || parameter.getInitializer() || parameter.isRestParameter()) {
    return ctx.report(diagnostics.lambdaShape(lambda));
  }
  let body: Node = lambda.getBody();
  if (Node.isBlock(body)) {
    const statements = body.getStatements();
    const only = statements[0];
    if (statements.length !== 1 || !only || !Node.isReturnStatement(only) || !only.getExpression()) {
      return ctx.report(diagnostics.lambdaShape(lambda));
    }
    body = only.getExpressionOrThrow();
  }
  const array = lowerExpression(receiver, ctx);
  return ctx.scoped(() => {
    const param = ctx.declare(nameNode.getText());
    return { kind: "arrayMethod", method, array, param, body: lowerExpression(body, ctx) };
  });
}

export function isYieldOf(node: Node): boolean {
  return node.getKind() === SyntaxKind.YieldExpression;
}
