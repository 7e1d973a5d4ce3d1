// Where a policy yields its messages: for each `yield`, its line and a pattern of the messages
// it can produce. Verification uses it to point a mismatch at the TypeScript line.
import { Node, Project, SyntaxKind, type SourceFile } from "ts-morph";

export interface YieldSite {
  readonly line: number;
  readonly pattern: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A regex matching every message a yielded expression can produce. */
export function messagePattern(value: Node): RegExp {
  if (Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value)) {
    return new RegExp(`^${escape(value.getLiteralValue())}$`, "s");
  }
  if (Node.isTemplateExpression(value)) {
    const parts = [escape(value.getHead().getLiteralText())];
    for (const span of value.getTemplateSpans()) parts.push(".*", escape(span.getLiteral().getLiteralText()));
    return new RegExp(`^${parts.join("")}$`, "s");
  }
  return /^.*$/s;
}

export function yieldSites(sourceFile: SourceFile): YieldSite[] {
  return sourceFile.getDescendantsOfKind(SyntaxKind.YieldExpression).flatMap((y) => {
    const value = y.getExpression();
    return value ? [{ line: y.getStartLineNumber(), pattern: messagePattern(value) }] : [];
  });
}

/** Yield sites of a file, parsed without type-checking (fast). */
export function yieldSitesOfFile(file: string): YieldSite[] {
  const project = new Project({ useInMemoryFileSystem: false, skipFileDependencyResolution: true, compilerOptions: { noResolve: true } });
  return yieldSites(project.addSourceFileAtPath(file));
}

/** The lines whose yield can produce `message`. */
export function linesFor(message: string, sites: readonly YieldSite[]): number[] {
  return sites.filter((s) => s.pattern.test(message)).map((s) => s.line);
}
