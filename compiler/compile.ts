// One policy file → its template metadata, parameter schema and Rego. Type-checks the file,
// lowers the predicate to IR, and emits Rego; any diagnostic fails the policy.
import { basename, join, relative } from "node:path";
import { Project, type SourceFile } from "ts-morph";
import { CompileError, diagnostics as diag, type Diagnostic } from "./diagnostics.js";
import type { Program } from "./ir.js";
import { lowerPolicy } from "./lower/program.js";
import { emitRegoModule } from "./emit/rego/module.js";
import { REGO_RESERVED_NAMES } from "./emit/rego/expressions.js";
import { parametersSchema, type JsonSchema } from "./schema.js";

export interface CompiledPolicy {
  /** Path of the policy file relative to the project root, with forward slashes. */
  readonly source: string;
  readonly absolutePath: string;
  readonly program: Program;
  readonly schema: JsonSchema;
  readonly rego: string;
  readonly packageName: string;
  readonly yieldSites: readonly { line: number; pattern: RegExp }[];
}

export interface CompilerOptions {
  readonly root: string;
}

/** A ts-morph project over the policies, reused for every file in a build. */
export function createPolicyProject(root: string): Project {
  return new Project({
    tsConfigFilePath: join(root, "tsconfig.json"),
    skipAddingFilesFromTsConfig: true,
  });
}

export function packageNameFor(kind: string): string {
  return kind.toLowerCase();
}

/** Compiles one policy; throws CompileError with every diagnostic found. */
export function compilePolicyFile(project: Project, file: string, kind: string, options: CompilerOptions): CompiledPolicy {
  const sourceFile = project.getSourceFile(file) ?? project.addSourceFileAtPath(file);
  const problems: Diagnostic[] = [...typeErrors(sourceFile)];
  if (problems.length) throw new CompileError(problems);

  const lowered = lowerPolicy(sourceFile, { sdk: join(options.root, "sdk"), policies: join(options.root, "policies") }, REGO_RESERVED_NAMES);
  problems.push(...lowered.diagnostics);

  const parameters = sourceFile.getInterface("Parameters");
  let schema: JsonSchema = { type: "object" };
  if (!parameters || !parameters.isExported()) {
    problems.push(diag.missingExport(file, "interface Parameters"));
  } else {
    const result = parametersSchema(parameters);
    problems.push(...result.diagnostics);
    schema = result.schema;
  }
  if (problems.length || !lowered.program) throw new CompileError(problems);

  const source = relative(options.root, file).split("\\").join("/");
  const packageName = packageNameFor(kind);
  const rego = emitRegoModule(lowered.program, { packageName, sourceLabel: source });
  return { source, absolutePath: file, program: lowered.program, schema, rego, packageName, yieldSites: lowered.yieldSites };
}

function typeErrors(sourceFile: SourceFile): Diagnostic[] {
  return sourceFile
    .getPreEmitDiagnostics()
    .filter((d) => d.getCategory() === 1 /* Error */)
    .map((d) => {
      const start = d.getStart() ?? 0;
      const node = sourceFile.getDescendantAtPos(start) ?? sourceFile;
      const message = d.getMessageText();
      const text = typeof message === "string" ? message : message.getMessageText();
      return diag.typeCheck(node, text);
    });
}

export function policyBaseName(file: string): string {
  return basename(file, ".ts");
}
