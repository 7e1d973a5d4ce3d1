// TypeScript expressions → IR expressions. One function per construct; anything not listed is
// a diagnostic, never a guess.
import { Node, SyntaxKind, type Expression } from "ts-morph";
import { diagnostics } from "../diagnostics.js";
import type { Expr, Operation } from "../ir.js";
import { lowerCall } from "./calls.js";
import type { LowerContext } from "./context.js";
import { classify } from "./types.js";

const UNDEFINED: Expr = { kind: "undefined" };

export function op(operation: Operation, ...args: Expr[]): Expr {
  return { kind: "op", op: operation, args };
}

export function lowerExpression(node: Node, ctx: LowerContext): Expr {
  switch (node.getKind()) {
    case SyntaxKind.StringLiteral:
    case SyntaxKind.NoSubstitutionTemplateLiteral:
      return { kind: "literal", value: (node as Node & { getLiteralValue(): string }).getLiteralValue() };
    case SyntaxKind.NumericLiteral:
      // TypeScript's own normalised text (separators and radix resolved, `1e21`, `1e-7`):
      // ts-morph's getLiteralValue() parses integers with parseInt and reads 1e21 as 1.
      return { kind: "literal", value: Number(node.asKindOrThrow(SyntaxKind.NumericLiteral).compilerNode.text) };
    case SyntaxKind.TrueKeyword:
      return { kind: "literal", value: true };
    case SyntaxKind.FalseKeyword:
      return { kind: "literal", value: false };
    case SyntaxKind.NullKeyword:
      return { kind: "literal", value: null };
    case SyntaxKind.Identifier:
      return lowerIdentifier(node, ctx);
    case SyntaxKind.ParenthesizedExpression:
    case SyntaxKind.AsExpression:
    case SyntaxKind.NonNullExpression:
    case SyntaxKind.SatisfiesExpression:
    case SyntaxKind.TypeAssertionExpression:
      // Type-level only: no runtime effect.
      return lowerExpression((node as Node & { getExpression(): Node }).getExpression(), ctx);
    case SyntaxKind.PrefixUnaryExpression:
      return lowerPrefixUnary(node, ctx);
    case SyntaxKind.BinaryExpression:
      return lowerBinary(node, ctx);
    case SyntaxKind.ConditionalExpression: {
      const conditional = node.asKindOrThrow(SyntaxKind.ConditionalExpression);
      return {
        kind: "conditional",
        test: lowerExpression(conditional.getCondition(), ctx),
        then: lowerExpression(conditional.getWhenTrue(), ctx),
        otherwise: lowerExpression(conditional.getWhenFalse(), ctx),
      };
    }
    case SyntaxKind.PropertyAccessExpression:
      return lowerPropertyAccess(node, ctx);
    case SyntaxKind.ElementAccessExpression:
      return lowerElementAccess(node, ctx);
    case SyntaxKind.CallExpression:
      return lowerCall(node.asKindOrThrow(SyntaxKind.CallExpression), ctx);
    case SyntaxKind.TemplateExpression:
      return lowerTemplate(node, ctx);
    case SyntaxKind.ArrayLiteralExpression:
      return lowerArrayLiteral(node, ctx);
    case SyntaxKind.ObjectLiteralExpression:
      return lowerObjectLiteral(node, ctx);
    case SyntaxKind.TypeOfExpression:
      return ctx.report(diagnostics.nonLiteralTypeof(node));
    case SyntaxKind.RegularExpressionLiteral:
      return ctx.report(diagnostics.unsupportedSyntax(node, "a JavaScript regular expression literal"));
    case SyntaxKind.ArrowFunction:
    case SyntaxKind.FunctionExpression:
      return ctx.report(diagnostics.lambdaShape(node));
    case SyntaxKind.NewExpression:
      return ctx.report(diagnostics.unsupportedSyntax(node, "'new'"));
    case SyntaxKind.PostfixUnaryExpression:
      return ctx.report(diagnostics.assignment(node));
    case SyntaxKind.AwaitExpression:
      return ctx.report(diagnostics.unsupportedSyntax(node, "'await'"));
    case SyntaxKind.YieldExpression:
      return ctx.report(diagnostics.unsupportedSyntax(node, "a yield inside an expression"));
    case SyntaxKind.TaggedTemplateExpression:
      return ctx.report(diagnostics.unsupportedSyntax(node, "a tagged template"));
    default:
      return ctx.report(diagnostics.unsupportedSyntax(node, `expression '${node.getKindName()}'`));
  }
}

function lowerIdentifier(node: Node, ctx: LowerContext): Expr {
  const name = node.getText();
  if (name === "undefined") return UNDEFINED;
  const entry = ctx.lookup(name);
  if (entry) return entry.ir;
  const constant = ctx.moduleConstant(node);
  if (constant) return lowerExpression(constant, ctx);
  return ctx.report(diagnostics.unresolved(node, name));
}

/** True when the expression's value came from Object.keys/values/entries (directly or via a const). */
export function isUnordered(node: Node, ctx: LowerContext): boolean {
  const inner = skipTypeOnly(node);
  if (Node.isIdentifier(inner)) return ctx.lookup(inner.getText())?.unordered ?? false;
  if (Node.isCallExpression(inner)) {
    const callee = inner.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      const target = callee.getExpression().getText();
      const method = callee.getName();
      if (target === "Object" && ["keys", "values", "entries"].includes(method)) return true;
      if (["filter", "map"].includes(method)) return isUnordered(callee.getExpression(), ctx);
    }
  }
  return false;
}

function skipTypeOnly(node: Node): Node {
  let current = node;
  while (
    Node.isParenthesizedExpression(current) ||
    Node.isAsExpression(current) ||
    Node.isNonNullExpression(current) ||
    Node.isSatisfiesExpression(current)
  ) {
    current = current.getExpression();
  }
  return current;
}

function lowerPrefixUnary(node: Node, ctx: LowerContext): Expr {
  const unary = node.asKindOrThrow(SyntaxKind.PrefixUnaryExpression);
  const operand = unary.getOperand();
  switch (unary.getOperatorToken()) {
    case SyntaxKind.ExclamationToken:
      return op("not", lowerExpression(operand, ctx));
    case SyntaxKind.MinusToken:
      if (classify(operand) !== "number") {
        return ctx.report(diagnostics.mixedOperands(node, "-", "a non-number", "nothing"));
      }
      return op("negate", lowerExpression(operand, ctx));
    case SyntaxKind.PlusPlusToken:
    case SyntaxKind.MinusMinusToken:
      return ctx.report(diagnostics.assignment(node));
    default:
      return ctx.report(diagnostics.unsupportedSyntax(node, `unary operator '${unary.getText().charAt(0)}'`));
  }
}

const ORDERING: Partial<Record<SyntaxKind, Operation>> = {
  [SyntaxKind.LessThanToken]: "lessThan",
  [SyntaxKind.LessThanEqualsToken]: "lessOrEqual",
  [SyntaxKind.GreaterThanToken]: "greaterThan",
  [SyntaxKind.GreaterThanEqualsToken]: "greaterOrEqual",
};

const ARITHMETIC: Partial<Record<SyntaxKind, Operation>> = {
  [SyntaxKind.MinusToken]: "subtract",
  [SyntaxKind.AsteriskToken]: "multiply",
  [SyntaxKind.SlashToken]: "divide",
  [SyntaxKind.PercentToken]: "remainder",
};

function isNullLiteral(node: Node): boolean {
  const inner = skipTypeOnly(node);
  return inner.getKind() === SyntaxKind.NullKeyword || (Node.isIdentifier(inner) && inner.getText() === "undefined");
}

function lowerBinary(node: Node, ctx: LowerContext): Expr {
  const binary = node.asKindOrThrow(SyntaxKind.BinaryExpression);
  const operator = binary.getOperatorToken().getKind();
  const left = binary.getLeft();
  const right = binary.getRight();
  const opText = binary.getOperatorToken().getText();

  if (operator >= SyntaxKind.FirstAssignment && operator <= SyntaxKind.LastAssignment) {
    return ctx.report(diagnostics.assignment(node));
  }
  switch (operator) {
    case SyntaxKind.AmpersandAmpersandToken:
      return { kind: "and", left: lowerExpression(left, ctx), right: lowerExpression(right, ctx) };
    case SyntaxKind.BarBarToken:
      return { kind: "or", left: lowerExpression(left, ctx), right: lowerExpression(right, ctx) };
    case SyntaxKind.QuestionQuestionToken:
      return { kind: "coalesce", left: lowerExpression(left, ctx), right: lowerExpression(right, ctx) };
    case SyntaxKind.EqualsEqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsEqualsToken: {
      const equals = lowerStrictEquality(node, left, right, ctx);
      return operator === SyntaxKind.EqualsEqualsEqualsToken ? equals : op("not", equals);
    }
    case SyntaxKind.EqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsToken: {
      const other = isNullLiteral(right) ? left : isNullLiteral(left) ? right : undefined;
      if (!other) return ctx.report(diagnostics.looseEquality(node));
      const nullish = op("isNullish", lowerExpression(other, ctx));
      return operator === SyntaxKind.EqualsEqualsToken ? nullish : op("not", nullish);
    }
    case SyntaxKind.PlusToken: {
      const l = classify(left);
      const r = classify(right);
      if (l === "number" && r === "number") return op("add", lowerExpression(left, ctx), lowerExpression(right, ctx));
      if (l === "string" && r === "string") return op("concat", lowerExpression(left, ctx), lowerExpression(right, ctx));
      return ctx.report(diagnostics.mixedOperands(node, "+", l, r));
    }
    default:
      break;
  }
  const ordering = ORDERING[operator];
  if (ordering) {
    const l = classify(left);
    const r = classify(right);
    if (!((l === "number" && r === "number") || (l === "string" && r === "string"))) {
      return ctx.report(diagnostics.mixedOperands(node, opText, l, r));
    }
    return op(ordering, lowerExpression(left, ctx), lowerExpression(right, ctx));
  }
  const arithmetic = ARITHMETIC[operator];
  if (arithmetic) {
    const l = classify(left);
    const r = classify(right);
    if (l !== "number" || r !== "number") return ctx.report(diagnostics.mixedOperands(node, opText, l, r));
    return op(arithmetic, lowerExpression(left, ctx), lowerExpression(right, ctx));
  }
  return ctx.report(diagnostics.unsupportedSyntax(node, `operator '${opText}'`));
}

const TYPEOF_NAMES = new Set(["string", "number", "boolean", "object", "undefined"]);

function lowerStrictEquality(node: Node, left: Expression, right: Expression, ctx: LowerContext): Expr {
  const typeofSide = Node.isTypeOfExpression(skipTypeOnly(left)) ? left : Node.isTypeOfExpression(skipTypeOnly(right)) ? right : undefined;
  if (typeofSide) {
    const other = typeofSide === left ? right : left;
    const literal = skipTypeOnly(other);
    if (!Node.isStringLiteral(literal) || !TYPEOF_NAMES.has(literal.getLiteralValue())) {
      return ctx.report(diagnostics.nonLiteralTypeof(node));
    }
    const operand = (skipTypeOnly(typeofSide) as Node & { getExpression(): Node }).getExpression();
    return op("typeIs", lowerExpression(operand, ctx), { kind: "literal", value: literal.getLiteralValue() });
  }
  const composite = (n: Node) => ["array", "object"].includes(classify(n));
  if (composite(left) && composite(right)) return ctx.report(diagnostics.compositeEquality(node));
  return op("strictEquals", lowerExpression(left, ctx), lowerExpression(right, ctx));
}

function lowerPropertyAccess(node: Node, ctx: LowerContext): Expr {
  const access = node.asKindOrThrow(SyntaxKind.PropertyAccessExpression);
  const name = access.getName();
  const target = access.getExpression();
  if (Node.isIdentifier(target) && ["Object", "Array", "Math", "JSON", "Number", "String"].includes(target.getText())) {
    return ctx.report(diagnostics.unsupportedSyntax(node, `'${access.getText()}' outside a supported call`));
  }
  if (access.getNameNode().getKind() === SyntaxKind.PrivateIdentifier) {
    return ctx.report(diagnostics.unsupportedSyntax(node, "a private field"));
  }
  const object = lowerExpression(target, ctx);
  if (name === "length") return op("length", object);
  return { kind: "member", object, key: { kind: "literal", value: name } };
}

function lowerElementAccess(node: Node, ctx: LowerContext): Expr {
  const access = node.asKindOrThrow(SyntaxKind.ElementAccessExpression);
  const target = access.getExpression();
  const argument = access.getArgumentExpressionOrThrow();
  if (isUnordered(target, ctx)) return ctx.report(diagnostics.orderDependent(node, "indexing the result of Object.keys/values/entries"));
  const object = lowerExpression(target, ctx);
  // `x["length"]` is `x.length`, and `x["0"]` is `x[0]` (of an object, its member "0" either
  // way): a literal string key then names only an object's members, as the optimizer assumes.
  if (Node.isStringLiteral(argument) || Node.isNoSubstitutionTemplateLiteral(argument)) {
    const name = argument.getLiteralValue();
    if (name === "length") return op("length", object);
    if (isCanonicalIndex(name)) return { kind: "member", object, key: { kind: "literal", value: Number(name) } };
  }
  return { kind: "member", object, key: lowerExpression(argument, ctx) };
}

/**
 * A string JavaScript reads as an array index: "0", "12" (not "01" or "1.0"), up to where a
 * number still prints back as the same text.
 */
function isCanonicalIndex(name: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(name) && String(Number(name)) === name;
}

function lowerTemplate(node: Node, ctx: LowerContext): Expr {
  const template = node.asKindOrThrow(SyntaxKind.TemplateExpression);
  const parts: Expr[] = [];
  const head = template.getHead().getLiteralText();
  if (head) parts.push({ kind: "literal", value: head });
  for (const span of template.getTemplateSpans()) {
    const expression = span.getExpression();
    const valueClass = classify(expression);
    if (valueClass === "opaque") {
      ctx.report(diagnostics.nonIntegerInterpolation(expression));
    } else if (valueClass === "object" || (valueClass === "mixed" && !isPrimitiveUnion(expression)) || (valueClass === "array" && !isPrimitiveArray(expression))) {
      ctx.report(diagnostics.interpolation(expression, expression.getType().getText(expression)));
    } else if (valueClass === "array" && isUnordered(expression, ctx)) {
      ctx.report(diagnostics.orderDependent(expression, "printing the result of Object.keys/values/entries"));
    }
    parts.push(op("toString", lowerExpression(expression, ctx)));
    const text = span.getLiteral().getLiteralText();
    if (text) parts.push({ kind: "literal", value: text });
  }
  return { kind: "template", parts };
}

/** A union of strings, numbers, booleans, null and undefined: each prints alike in both engines. */
function isPrimitiveUnion(node: Node): boolean {
  const type = node.getType();
  const members = type.isUnion() ? type.getUnionTypes() : [type];
  return members.every((m) => m.isString() || m.isStringLiteral() || m.isNumber() || m.isNumberLiteral() || m.isBoolean() || m.isBooleanLiteral() || m.isNull() || m.isUndefined());
}

function isPrimitiveArray(node: Node): boolean {
  const element = node.getType().getNonNullableType().getArrayElementType();
  if (!element) return false;
  const members = element.isUnion() ? element.getUnionTypes() : [element];
  return members.every((m) => m.isString() || m.isStringLiteral() || m.isNumber() || m.isNumberLiteral() || m.isBoolean() || m.isBooleanLiteral() || m.isNull() || m.isUndefined());
}

function lowerArrayLiteral(node: Node, ctx: LowerContext): Expr {
  const array = node.asKindOrThrow(SyntaxKind.ArrayLiteralExpression);
  const items: Expr[] = [];
  for (const element of array.getElements()) {
    if (Node.isSpreadElement(element) || Node.isOmittedExpression(element)) {
      return ctx.report(diagnostics.sparseOrSpread(element));
    }
    items.push(lowerExpression(element, ctx));
  }
  return { kind: "array", items };
}

function lowerObjectLiteral(node: Node, ctx: LowerContext): Expr {
  const literal = node.asKindOrThrow(SyntaxKind.ObjectLiteralExpression);
  const entries: (readonly [string, Expr])[] = [];
  for (const property of literal.getProperties()) {
    if (Node.isPropertyAssignment(property)) {
      const nameNode = property.getNameNode();
      if (Node.isComputedPropertyName(nameNode)) return ctx.report(diagnostics.unsupportedSyntax(nameNode, "a computed property name"));
      const key = Node.isStringLiteral(nameNode) || Node.isNumericLiteral(nameNode) ? String(nameNode.getLiteralValue()) : nameNode.getText();
      entries.push([key, lowerExpression(property.getInitializerOrThrow(), ctx)]);
    } else if (Node.isShorthandPropertyAssignment(property)) {
      entries.push([property.getName(), lowerIdentifier(property.getNameNode(), ctx)]);
    } else {
      return ctx.report(diagnostics.sparseOrSpread(property));
    }
  }
  return { kind: "object", entries };
}
