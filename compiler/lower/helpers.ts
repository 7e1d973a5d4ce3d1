// Helper functions: pure, non-generator function declarations in the policy file or in a shared
// module under policies/, lowered once each and emitted as functions of the target language.
import { Node, type FunctionDeclaration } from "ts-morph";
import { diagnostics } from "../diagnostics.js";
import type { HelperFunction } from "../ir.js";
import type { LowerContext } from "./context.js";
import { lowerBlock } from "./statements.js";

export function lowerHelper(declaration: FunctionDeclaration, ctx: LowerContext): HelperFunction | undefined {
  const name = declaration.getName() ?? "";
  const existing = ctx.helpers.get(declaration);
  if (existing) return existing;
  if (ctx.helpersInProgress.has(name)) {
    ctx.report(diagnostics.recursion(declaration, name));
    return undefined;
  }
  if (declaration.isGenerator() || declaration.isAsync()) {
    ctx.report(diagnostics.helperShape(declaration, name, "generators and async functions cannot be helpers"));
    return undefined;
  }
  const body = declaration.getBody();
  if (!body || !Node.isBlock(body)) {
    ctx.report(diagnostics.helperShape(declaration, name, "it has no body"));
    return undefined;
  }
  const parameters = declaration.getParameters();
  if (parameters.length === 0) {
    ctx.report(diagnostics.helperShape(declaration, name, "it has no parameters (use a module-level const instead)"));
    return undefined;
  }
  ctx.helpersInProgress.add(name);
  try {
    return ctx.withFreshScopes(() => {
      const params: string[] = [];
      for (const parameter of parameters) {
        const id = parameter.getNameNode();
        if (!Node.isIdentifier(id) || parameter.getInitializer() || parameter.isRestParameter()) {
          ctx.report(diagnostics.helperShape(parameter, name, "parameters must be plain identifiers without defaults"));
          return undefined;
        }
        params.push(ctx.declare(id.getText()));
      }
      const statements = lowerBlock(body.getStatements(), ctx, { mode: "helper", loopDepth: 0 });
      const helper: HelperFunction = { name: ctx.helperName(name), params, body: statements };
      ctx.helpers.set(declaration, helper);
      return helper;
    });
  } finally {
    ctx.helpersInProgress.delete(name);
  }
}
