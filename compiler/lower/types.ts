// What the type checker says a TypeScript expression holds, reduced to the categories where
// JavaScript and Rego semantics differ.
import type { Node, Type } from "ts-morph";

export type ValueClass = "string" | "number" | "boolean" | "array" | "object" | "nullish" | "opaque" | "unknown" | "mixed";

const OPAQUE_SDK_TYPES = new Set(["Quantity"]);

function classifyOne(type: Type): ValueClass {
  if (type.isAny() || type.isUnknown()) return "unknown";
  if (type.isString() || type.isStringLiteral() || type.isTemplateLiteral()) return "string";
  if (type.isNumber() || type.isNumberLiteral()) return "number";
  if (type.isBoolean() || type.isBooleanLiteral()) return "boolean";
  if (type.isNull() || type.isUndefined()) return "nullish";
  if (type.isArray() || type.isTuple()) return "array";
  const symbolName = type.getAliasSymbol()?.getName() ?? type.getSymbol()?.getName();
  if (symbolName && OPAQUE_SDK_TYPES.has(symbolName)) return "opaque";
  if (type.isObject()) return "object";
  return "unknown";
}

/** Classifies a type, ignoring null and undefined members of a union. */
export function classifyType(type: Type): ValueClass {
  const members = type.isUnion() ? type.getUnionTypes() : [type];
  const classes = new Set(members.map(classifyOne).filter((c) => c !== "nullish"));
  // `boolean` is the union true | false.
  if (classes.size === 0) return "nullish";
  if (classes.size === 1) return [...classes][0] ?? "unknown";
  if (classes.has("unknown")) return "unknown";
  return "mixed";
}

export function classify(node: Node): ValueClass {
  return classifyType(node.getType());
}
