// Entry point of lowering: finds the exported `violations` generator of a policy file and lowers
// it, with every helper it reaches, to an IR Program.
import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { diagnostics, type Diagnostic } from "../diagnostics.js";
import type { Program } from "../ir.js";
import { LowerContext } from "./context.js";
import { lowerBlock } from "./statements.js";

export interface LowerResult {
  readonly program: Program | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly yieldSites: readonly { line: number; pattern: RegExp }[];
}

export const PREDICATE_NAME = "violations";

export function lowerPolicy(
  sourceFile: SourceFile,
  directories: { readonly sdk: string; readonly policies: readonly string[] },
  reservedNames: ReadonlySet<string> = new Set(),
): LowerResult {
  const ctx = new LowerContext(sourceFile, directories.sdk, directories.policies, reservedNames);
  const predicate = sourceFile.getFunction(PREDICATE_NAME);
  if (!predicate || !predicate.isExported()) {
    return { program: undefined, diagnostics: [diagnostics.missingExport(sourceFile.getFilePath(), PREDICATE_NAME)], yieldSites: [] };
  }
  if (!predicate.isGenerator() || predicate.isAsync()) {
    return { program: undefined, diagnostics: [diagnostics.predicateShape(predicate, "must be a (non-async) generator function")], yieldSites: [] };
  }
  const parameters = predicate.getParameters();
  if (parameters.length < 1 || parameters.length > 4) {
    return { program: undefined, diagnostics: [diagnostics.predicateShape(predicate, "must take (object, parameters[, inventory[, review]])")], yieldSites: [] };
  }
  const names = parameters.map((p) => p.getNameNode());
  const invalid = names.find((n) => !Node.isIdentifier(n));
  if (invalid) {
    return { program: undefined, diagnostics: [diagnostics.predicateShape(invalid, "must take plain identifiers, not destructuring patterns")], yieldSites: [] };
  }
  const objectParam = names[0]!.getText();
  const parametersParam = names[1]?.getText();
  ctx.alias(objectParam, { kind: "input", field: "object" });
  if (parametersParam) ctx.alias(parametersParam, { kind: "input", field: "parameters" });
  const inventoryParam = names[2]?.getText();
  if (inventoryParam) ctx.alias(inventoryParam, { kind: "input", field: "inventory" });
  const reviewParam = names[3]?.getText();
  if (reviewParam) ctx.alias(reviewParam, { kind: "input", field: "review" });
  const body = lowerBlock(predicate.getBodyOrThrow().asKindOrThrow(SyntaxKind.Block).getStatements(), ctx, {
    mode: "generator",
    loopDepth: 0,
  });
  const program: Program = { objectParam, parametersParam, inventoryParam, reviewParam, body, helpers: [...ctx.helpers.values()] };
  return { program: ctx.diagnostics.length ? undefined : program, diagnostics: ctx.diagnostics, yieldSites: ctx.yieldSites };
}

