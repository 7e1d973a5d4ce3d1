// TypeScript statements → IR statements.
import { Node, SyntaxKind, VariableDeclarationKind, type Statement } from "ts-morph";
import { diagnostics } from "../diagnostics.js";
import type { Binding, Stmt } from "../ir.js";
import type { LowerContext } from "./context.js";
import { isUnordered, lowerExpression } from "./expressions.js";
import { classify } from "./types.js";
import { messagePattern } from "../yield-sites.js";

export interface StatementScope {
  /** The predicate yields; a helper returns values. */
  readonly mode: "generator" | "helper";
  readonly loopDepth: number;
}

export function lowerBlock(statements: readonly Statement[], ctx: LowerContext, scope: StatementScope): Stmt[] {
  return ctx.scoped(() => statements.flatMap((s) => lowerStatement(s, ctx, scope)));
}

function lowerBody(node: Statement, ctx: LowerContext, scope: StatementScope): Stmt[] {
  return Node.isBlock(node) ? lowerBlock(node.getStatements(), ctx, scope) : lowerBlock([node], ctx, scope);
}

function lowerStatement(node: Statement, ctx: LowerContext, scope: StatementScope): Stmt[] {
  switch (node.getKind()) {
    case SyntaxKind.Block:
      return lowerBlock(node.asKindOrThrow(SyntaxKind.Block).getStatements(), ctx, scope);
    case SyntaxKind.EmptyStatement:
      return [];
    case SyntaxKind.VariableStatement:
      return lowerVariableStatement(node, ctx);
    case SyntaxKind.IfStatement: {
      const statement = node.asKindOrThrow(SyntaxKind.IfStatement);
      const elseBranch = statement.getElseStatement();
      return [
        {
          kind: "if",
          test: lowerExpression(statement.getExpression(), ctx),
          then: lowerBody(statement.getThenStatement(), ctx, scope),
          otherwise: elseBranch ? lowerBody(elseBranch, ctx, scope) : [],
        },
      ];
    }
    case SyntaxKind.ForOfStatement:
      return lowerForOf(node, ctx, scope);
    case SyntaxKind.ContinueStatement:
      if (node.asKindOrThrow(SyntaxKind.ContinueStatement).getLabel()) {
        ctx.report(diagnostics.unsupportedSyntax(node, "a labelled continue"));
        return [];
      }
      return [{ kind: "continue" }];
    case SyntaxKind.BreakStatement:
      ctx.report(diagnostics.breakStatement(node));
      return [];
    case SyntaxKind.ReturnStatement: {
      if (scope.loopDepth > 0) {
        ctx.report(diagnostics.returnInLoop(node));
        return [];
      }
      const value = node.asKindOrThrow(SyntaxKind.ReturnStatement).getExpression();
      if (scope.mode === "generator" && value) {
        ctx.report(diagnostics.unsupportedSyntax(node, "returning a value from the predicate"));
        return [];
      }
      return [{ kind: "return", value: value ? lowerExpression(value, ctx) : undefined }];
    }
    case SyntaxKind.ExpressionStatement:
      return lowerExpressionStatement(node, ctx, scope);
    case SyntaxKind.ForStatement:
    case SyntaxKind.ForInStatement:
    case SyntaxKind.WhileStatement:
    case SyntaxKind.DoStatement:
      ctx.report(diagnostics.loop(node));
      return [];
    case SyntaxKind.FunctionDeclaration:
      ctx.report(diagnostics.unsupportedSyntax(node, "a nested function declaration"));
      return [];
    default:
      ctx.report(diagnostics.unsupportedStatement(node));
      return [];
  }
}

function lowerVariableStatement(node: Node, ctx: LowerContext): Stmt[] {
  const statement = node.asKindOrThrow(SyntaxKind.VariableStatement);
  if (statement.getDeclarationKind() !== VariableDeclarationKind.Const) {
    ctx.report(diagnostics.mutableBinding(statement));
    return [];
  }
  const result: Stmt[] = [];
  for (const declaration of statement.getDeclarations()) {
    const nameNode = declaration.getNameNode();
    const initializer = declaration.getInitializer();
    if (!Node.isIdentifier(nameNode)) {
      ctx.report(diagnostics.unsupportedSyntax(nameNode, "destructuring in a const declaration"));
      continue;
    }
    if (!initializer) continue;
    const value = lowerExpression(initializer, ctx);
    const name = ctx.declare(nameNode.getText(), isUnordered(initializer, ctx));
    result.push({ kind: "const", name, value });
  }
  return result;
}

function lowerForOf(node: Node, ctx: LowerContext, scope: StatementScope): Stmt[] {
  const statement = node.asKindOrThrow(SyntaxKind.ForOfStatement);
  if (statement.isAwaited()) {
    ctx.report(diagnostics.unsupportedSyntax(statement, "'for await'"));
    return [];
  }
  const initializer = statement.getInitializer();
  const declarationList = Node.isVariableDeclarationList(initializer) ? initializer : undefined;
  const declaration = declarationList?.getDeclarations()[0];
  if (!declarationList || declarationList.getDeclarationKind() !== VariableDeclarationKind.Const || !declaration) {
    ctx.report(diagnostics.mutableBinding(initializer));
    return [];
  }
  const iterableNode = statement.getExpression();
  if (classify(iterableNode) === "string") {
    ctx.report(diagnostics.unsupportedSyntax(iterableNode, "iterating the characters of a string"));
    return [];
  }
  const iterable = lowerExpression(iterableNode, ctx);
  return ctx.scoped(() => {
    const nameNode = declaration.getNameNode();
    let binding: Binding;
    if (Node.isIdentifier(nameNode)) {
      binding = { kind: "name", name: ctx.declare(nameNode.getText()) };
    } else if (Node.isArrayBindingPattern(nameNode) && nameNode.getElements().length <= 2) {
      const [keyNode, valueNode] = nameNode.getElements();
      const bind = (element: Node | undefined): string | undefined => {
        if (!element || Node.isOmittedExpression(element)) return undefined;
        const inner = element.asKindOrThrow(SyntaxKind.BindingElement);
        const id = inner.getNameNode();
        if (!Node.isIdentifier(id) || inner.getInitializer() || inner.getDotDotDotToken()) {
          ctx.report(diagnostics.unsupportedSyntax(element, "this destructuring pattern"));
          return undefined;
        }
        return ctx.declare(id.getText());
      };
      binding = { kind: "entry", key: bind(keyNode), value: bind(valueNode) };
    } else {
      ctx.report(diagnostics.unsupportedSyntax(nameNode, "this destructuring pattern (only [key, value] of entries)"));
      return [];
    }
    const body = lowerBody(statement.getStatement(), ctx, { ...scope, loopDepth: scope.loopDepth + 1 });
    return [{ kind: "forOf", binding, iterable, body }];
  });
}

function lowerExpressionStatement(node: Node, ctx: LowerContext, scope: StatementScope): Stmt[] {
  const expression = node.asKindOrThrow(SyntaxKind.ExpressionStatement).getExpression();
  if (Node.isYieldExpression(expression) && scope.mode === "generator") {
    if (expression.getAsteriskToken()) {
      ctx.report(diagnostics.unsupportedSyntax(expression, "'yield*'"));
      return [];
    }
    const value = expression.getExpression();
    if (!value || classify(value) !== "string") {
      ctx.report(diagnostics.yieldShape(expression));
      return [];
    }
    const line = expression.getStartLineNumber();
    ctx.yieldSites.push({ line, pattern: messagePattern(value) });
    return [{ kind: "yield", value: lowerExpression(value, ctx), line }];
  }
  if (Node.isBinaryExpression(expression) || Node.isPostfixUnaryExpression(expression) || Node.isPrefixUnaryExpression(expression)) {
    ctx.report(diagnostics.assignment(expression));
    return [];
  }
  ctx.report(diagnostics.unsupportedSyntax(expression, "an expression statement (it has no effect in a pure policy)"));
  return [];
}
