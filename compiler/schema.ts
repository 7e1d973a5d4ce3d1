// The `Parameters` interface of a policy → the OpenAPI v3 schema of the Constraint's parameters.
import { Node, type InterfaceDeclaration, type Symbol as MorphSymbol, type Type } from "ts-morph";
import { diagnostics, type Diagnostic } from "./diagnostics.js";

export interface JsonSchema {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  description?: string;
  enum?: string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
}

export interface SchemaResult {
  readonly schema: JsonSchema;
  readonly diagnostics: readonly Diagnostic[];
}

export function parametersSchema(declaration: InterfaceDeclaration): SchemaResult {
  const problems: Diagnostic[] = [];
  const schema = objectSchema(declaration.getType(), declaration, problems, 0);
  const description = jsDocOf(declaration);
  return { schema: description ? { description, ...schema } : schema, diagnostics: problems };
}

function jsDocOf(node: Node): string | undefined {
  if (!Node.isJSDocable(node)) return undefined;
  const text = node
    .getJsDocs()
    .map((doc) => doc.getDescription().trim())
    .filter(Boolean)
    .join("\n");
  return text || undefined;
}

function hasTag(node: Node, tag: string): boolean {
  return Node.isJSDocable(node) && node.getJsDocs().some((doc) => doc.getTags().some((t) => t.getTagName() === tag));
}

function objectSchema(type: Type, at: Node, problems: Diagnostic[], depth: number): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of type.getProperties()) {
    const declaration = property.getDeclarations()[0] ?? at;
    const name = property.getName();
    const propertySchema = typeSchema(property.getTypeAtLocation(at), declaration, problems, depth + 1, property);
    const description = jsDocOf(declaration);
    properties[name] = description ? { description, ...propertySchema } : propertySchema;
    if (!isOptional(property)) required.push(name);
  }
  const index = type.getStringIndexType();
  const schema: JsonSchema = { type: "object" };
  if (Object.keys(properties).length) schema.properties = properties;
  if (required.length) schema.required = required;
  if (index) schema.additionalProperties = typeSchema(index, at, problems, depth + 1, undefined);
  return schema;
}

function isOptional(symbol: MorphSymbol): boolean {
  const declaration = symbol.getDeclarations()[0];
  return Boolean(declaration && (Node.isPropertySignature(declaration) || Node.isPropertyAssignment(declaration)) && declaration.hasQuestionToken?.());
}

function typeSchema(type: Type, at: Node, problems: Diagnostic[], depth: number, symbol: MorphSymbol | undefined): JsonSchema {
  if (depth > 8) {
    problems.push(diagnostics.parameterSchema(at, "it nests deeper than 8 levels (is it recursive?)"));
    return {};
  }
  const members = (type.isUnion() ? type.getUnionTypes() : [type]).filter((t) => !t.isUndefined() && !t.isNull());
  if (members.length === 0) {
    problems.push(diagnostics.parameterSchema(at, "a property has no value type"));
    return {};
  }
  if (members.every((t) => t.isStringLiteral())) {
    const values = members.map((t) => String(t.getLiteralValue()));
    return members.length === 1 && !type.isUnion() ? { type: "string", enum: values } : { type: "string", enum: values };
  }
  if (members.every((t) => t.isBoolean() || t.isBooleanLiteral())) return { type: "boolean" };
  if (members.length > 1) {
    problems.push(diagnostics.parameterSchema(at, `union type '${type.getText(at)}' has no OpenAPI equivalent`));
    return {};
  }
  const only = members[0]!;
  if (only.isString() || only.isTemplateLiteral()) return { type: "string" };
  if (only.isNumber() || only.isNumberLiteral()) return { type: symbol && hasTag(at, "integer") ? "integer" : "number" };
  if (only.isArray()) {
    const element = only.getArrayElementTypeOrThrow();
    return { type: "array", items: typeSchema(element, at, problems, depth + 1, undefined) };
  }
  if (only.isObject() && !only.getCallSignatures().length) return objectSchema(only, at, problems, depth);
  problems.push(diagnostics.parameterSchema(at, `type '${only.getText(at)}' has no OpenAPI equivalent`));
  return {};
}
