// Syntax errors of a policy that failed to load, as diagnostics. The native loader (tsx) only
// says "Transform failed"; on that failure gkc parses the policy and the local modules it
// imports with TypeScript, so the error names the file at fault (a shared helper module, not
// every policy that imports it) with line, column and a code frame. Only runs on failure: the
// happy path never loads the TypeScript compiler.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";
import type { Diagnostic } from "./diagnostics.js";

const SYNTAX_ERROR = "GKC1028";

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function syntaxErrorsOf(sourceFile: ts.SourceFile): Diagnostic[] {
  const program = ts.createProgram({
    rootNames: [sourceFile.fileName],
    options: { noResolve: true, noLib: true, target: ts.ScriptTarget.ES2022 },
    host: {
      ...ts.createCompilerHost({}),
      getSourceFile: (name) => (name === sourceFile.fileName ? sourceFile : undefined),
    },
  });
  return program.getSyntacticDiagnostics(sourceFile).map((d) => {
    const start = d.start ?? 0;
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
    return {
      code: SYNTAX_ERROR,
      message: `syntax error: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      hint: "Fix the TypeScript syntax: the policy cannot be loaded or compiled until it parses.",
      file: sourceFile.fileName,
      line: line + 1,
      column: character + 1,
      length: Math.max(1, d.length ?? 1),
      sourceText: sourceFile.getFullText(),
    };
  });
}

/** Relative imports and re-exports of a module, as the .ts files they name. */
function localImports(sourceFile: ts.SourceFile): string[] {
  const files: string[] = [];
  for (const statement of sourceFile.statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) ? statement.moduleSpecifier : undefined;
    if (!specifier || !ts.isStringLiteral(specifier) || !specifier.text.startsWith(".")) continue;
    const target = resolve(dirname(sourceFile.fileName), specifier.text).replace(/\.js$/, ".ts");
    const candidates = [target, `${target}.ts`];
    const found = candidates.find((c) => c.endsWith(".ts") && existsSync(c));
    if (found) files.push(found);
  }
  return files;
}

/** The syntax errors of `file` and of the local modules it imports, each module once. */
export function findSyntaxErrors(file: string): Diagnostic[] {
  const seen = new Set<string>();
  const found: Diagnostic[] = [];
  const visit = (path: string): void => {
    if (seen.has(path) || !existsSync(path)) return;
    seen.add(path);
    const sourceFile = parse(path);
    found.push(...syntaxErrorsOf(sourceFile));
    for (const imported of localImports(sourceFile)) visit(imported);
  };
  visit(file);
  return found;
}
