// One policy file → its template metadata, parameter schema and Rego. Type-checks the file,
// lowers the predicate to IR, and emits Rego; any diagnostic fails the policy.
import { basename, join, relative } from "node:path";
import { Node, Project, ts, type InterfaceDeclaration, type SourceFile } from "ts-morph";
import { CompileError, diagnostics as diag, type Diagnostic } from "./diagnostics.js";
import type { Program } from "./ir.js";
import { lowerPolicy, PREDICATE_NAME } from "./lower/program.js";
import { emitRegoModule } from "./emit/rego/module.js";
import { emitCelSource, type CelRefused, type CelSource } from "./emit/cel/source.js";
import { REGO_RESERVED_NAMES } from "./emit/rego/expressions.js";
import { parametersSchema, type JsonSchema } from "./schema.js";
import { PACKAGE_ROOT } from "./package.js";
import { layoutOf, type ProjectLayout } from "./project.js";
import { DEFAULT_ENGINE, type Engine } from "./engine.js";

export interface CompiledPolicy {
  /** Path of the policy file relative to the project root, with forward slashes. */
  readonly source: string;
  readonly absolutePath: string;
  /** The file that declares the predicate: the policy itself, or the library module it re-exports. */
  readonly definition: string;
  readonly program: Program;
  readonly schema: JsonSchema;
  readonly rego: string;
  readonly packageName: string;
  readonly yieldSites: readonly { line: number; pattern: RegExp }[];
  /** The engines the template ships: Rego always unless `engine` is "cel" and the CEL exists. */
  readonly engine: Engine;
  /** Gatekeeper K8sNativeValidation source, when `engine` asked for CEL and the predicate has one. */
  readonly cel: CelSource | undefined;
  /** Why the predicate has no CEL, when `engine` asked for it. */
  readonly celRefused: CelRefused | undefined;
}

export { type Engine, ENGINES } from "./engine.js";

export interface CompilerOptions {
  readonly project: ProjectLayout | string;
  /** Default "rego". With "cel" or "both", a predicate CEL cannot express exactly ships Rego only. */
  readonly engine?: Engine;
}

/**
 * The compiler options policies are checked with: gkc's own, not the user's tsconfig, so a
 * policy means the same in every repository and needs no @types/node.
 */
export const POLICY_COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: [],
  strict: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
};

/** Where `gkc/...` imports point in the compiler: the TypeScript sources of the running gkc. */
export function gkcModuleSource(specifier: string): string | undefined {
  if (specifier === "gkc/sdk") return join(PACKAGE_ROOT, "sdk", "index.ts");
  const library = /^gkc\/library\/([a-z0-9][-a-z0-9./]*)$/.exec(specifier);
  if (library && !library[1]!.includes("..")) return join(PACKAGE_ROOT, "policies", `${library[1]!.replace(/\.(js|ts)$/, "")}.ts`);
  return undefined;
}

/**
 * A ts-morph project over the policies, reused for every file in a build. `gkc/sdk` and
 * `gkc/library/*` resolve to the sources of the gkc that runs (declaration files have no bodies
 * to compile); everything else resolves as TypeScript would.
 */
export function createPolicyProject(): Project {
  return new Project({
    compilerOptions: POLICY_COMPILER_OPTIONS,
    skipAddingFilesFromTsConfig: true,
    resolutionHost: (host, getOptions) => ({
      resolveModuleNames: (names, containingFile) =>
        names.map((name) => {
          const source = gkcModuleSource(name);
          if (source) return host.fileExists(source) ? { resolvedFileName: source, extension: ts.Extension.Ts, isExternalLibraryImport: false } : undefined;
          return ts.resolveModuleName(name, containingFile, getOptions(), host).resolvedModule;
        }),
    }),
  });
}

/**
 * The declaration behind a policy file's export `name`: in the file itself, or, through
 * re-exports (`export { violations } from "gkc/library/required-labels"`), in another module.
 */
export function exportedDeclaration(sourceFile: SourceFile, name: string): Node | undefined {
  return sourceFile.getExportedDeclarations().get(name)?.[0];
}

/** The file that declares a policy's `violations`: the policy itself or the library module it re-exports. */
export function definingFile(sourceFile: SourceFile): SourceFile {
  return exportedDeclaration(sourceFile, PREDICATE_NAME)?.getSourceFile() ?? sourceFile;
}


export function packageNameFor(kind: string): string {
  return kind.toLowerCase();
}

/** Compiles one policy; throws CompileError with every diagnostic found. */
export function compilePolicyFile(project: Project, file: string, kind: string, options: CompilerOptions): CompiledPolicy {
  const sourceFile = project.getSourceFile(file) ?? project.addSourceFileAtPath(file);
  const problems: Diagnostic[] = [...typeErrors(sourceFile)];
  if (problems.length) throw new CompileError(problems);

  const layout = layoutOf(options.project);
  const definition = definingFile(sourceFile);
  const lowered = lowerPolicy(definition, { sdk: join(PACKAGE_ROOT, "sdk"), policies: [layout.policies, join(PACKAGE_ROOT, "policies")] }, REGO_RESERVED_NAMES);
  problems.push(...lowered.diagnostics);

  const exported = exportedDeclaration(sourceFile, "Parameters");
  const parameters: InterfaceDeclaration | undefined = exported && Node.isInterfaceDeclaration(exported) ? exported : undefined;
  let schema: JsonSchema = { type: "object" };
  if (!parameters) {
    problems.push(diag.missingExport(file, "interface Parameters"));
  } else {
    const result = parametersSchema(parameters);
    problems.push(...result.diagnostics);
    schema = result.schema;
  }
  if (problems.length || !lowered.program) throw new CompileError(problems);

  const source = sourceLabel(file, layout);
  const packageName = packageNameFor(kind);
  const engine = options.engine ?? DEFAULT_ENGINE;
  const cel = engine === "rego" ? undefined : emitCelSource(lowered.program, { kind, sourceLabel: source, parameters: schema });
  const rego = emitRegoModule(lowered.program, { packageName, sourceLabel: source, yieldKeys: cel !== undefined && "source" in cel, parameters: schema });
  return {
    source,
    absolutePath: file,
    definition: definition.getFilePath(),
    program: lowered.program,
    schema,
    rego,
    packageName,
    yieldSites: lowered.yieldSites,
    engine,
    cel: cel && "source" in cel ? cel.source : undefined,
    celRefused: cel && "refused" in cel ? cel.refused : undefined,
  };
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

/**
 * How generated files name a source file: relative to the project root, or `gkc/library/...` for
 * a file of gkc's library. Never an absolute path, so out/ is the same on every machine.
 */
export function sourceLabel(file: string, project: ProjectLayout | string): string {
  const root = layoutOf(project).root;
  const inLibrary = relative(join(PACKAGE_ROOT, "policies"), file);
  // gkc's own repository builds its library as its policies: there they are project files.
  if (root !== PACKAGE_ROOT && !inLibrary.startsWith("..")) return `gkc/library/${inLibrary.split("\\").join("/")}`;
  const inProject = relative(root, file);
  if (!inProject.startsWith("..")) return inProject.split("\\").join("/");
  return basename(file);
}

let definitionProject: Project | undefined;

/** The file declaring the predicate of the policy file `file` (itself, or the library module it re-exports). */
export function definitionOf(file: string): string {
  definitionProject ??= createPolicyProject();
  const sourceFile = definitionProject.getSourceFile(file) ?? definitionProject.addSourceFileAtPath(file);
  return definingFile(sourceFile).getFilePath();
}
