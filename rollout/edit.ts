// Edits a constraint's enforcementAction in its TypeScript declaration in place: only the string
// literal changes, so formatting and comments stay. The edited source is re-parsed before it may
// be written. Type-checking is the rebuild's: it runs before a change is committed and the file
// is restored if it fails (transaction.ts); swapping one ladder literal for another cannot
// introduce a type error, only reveal one already there.
import { renameSync, writeFileSync } from "node:fs";
import { Node, Project, SyntaxKind, ts, type ObjectLiteralExpression, type SourceFile } from "ts-morph";
import { createPolicyProject } from "../compiler/compile.js";

export class EditError extends Error {}

function stringProperty(literal: ObjectLiteralExpression, property: string): Node | undefined {
  const assignment = literal.getProperty(property);
  return assignment && Node.isPropertyAssignment(assignment) ? assignment.getInitializer() : undefined;
}

function findDeclaration(sourceFile: SourceFile, name: string): ObjectLiteralExpression {
  const candidates = sourceFile.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression).filter((literal) => {
    const value = stringProperty(literal, "name");
    return value !== undefined && Node.isStringLiteral(value) && value.getLiteralValue() === name && literal.getProperty("enforcementAction");
  });
  if (candidates.length === 0) throw new EditError(`${sourceFile.getFilePath()}: no constraint declaration named '${name}' with a literal enforcementAction`);
  if (candidates.length > 1) throw new EditError(`${sourceFile.getFilePath()}: ${candidates.length} constraint declarations are named '${name}'`);
  return candidates[0]!;
}

/** The source text of `file` with the constraint's enforcementAction set to `to`; validated, not written. */
export function editEnforcementAction(file: string, name: string, to: string): { before: string; after: string; from: string } {
  const project = createPolicyProject();
  const sourceFile = project.addSourceFileAtPath(file);
  const before = sourceFile.getFullText();
  const declaration = findDeclaration(sourceFile, name);
  const initializer = stringProperty(declaration, "enforcementAction");
  if (!initializer || !(Node.isStringLiteral(initializer) || Node.isNoSubstitutionTemplateLiteral(initializer))) {
    throw new EditError(`${file}: the enforcementAction of '${name}' is not a string literal; edit it by hand`);
  }
  const from = initializer.getLiteralValue();
  initializer.setLiteralValue(to);
  const after = sourceFile.getFullText();
  checkReparsed(file, name, to, after);
  return { before, after, from };
}

/** The edited text parses, and declares `name` with the new literal. */
function checkReparsed(file: string, name: string, to: string, after: string): void {
  const syntax = ts.transpileModule(after, { fileName: file, reportDiagnostics: true }).diagnostics ?? [];
  const error = syntax.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (error) throw new EditError(`${file}: the edited text does not parse: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`);
  const reparsed = new Project({ useInMemoryFileSystem: true }).createSourceFile("edited.ts", after);
  const value = stringProperty(findDeclaration(reparsed, name), "enforcementAction");
  if (!value || !(Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) || value.getLiteralValue() !== to) {
    throw new EditError(`${file}: after the edit, '${name}' does not declare enforcementAction '${to}'; edit it by hand`);
  }
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomically(path: string, content: string): void {
  const temporary = `${path}.gkc-${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}
