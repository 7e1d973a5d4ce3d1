// The build pipeline: discover → load (native TS) → compile (TS → IR → Rego) → validate
// constraints → render the bundle. Returns the files; writing is the caller's choice.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { CompileError, type Diagnostic } from "./diagnostics.js";
import { DEFAULT_ENGINE } from "./engine.js";
import { compilePolicyFile, createPolicyProject, type CompiledPolicy, type Engine } from "./compile.js";
import { discoverPolicies, loadPolicy, validateConstraintParameters, PolicyLoadError, type LoadedPolicy } from "./policies.js";
import { constraintPath, renderBundle } from "./bundle.js";
import { BundleError, loadBundles, renderBundles } from "./bundles.js";
import { PACKAGE_ROOT } from "./package.js";
import { layoutOf, type ProjectLayout } from "./project.js";
import { recordPath, renderSourcesRecord, SOURCES_FILE } from "./sources.js";
import { importedModules } from "./typescript-loader.js";
import { renderVap, VapRefusal, type VapOutput } from "./vap/render.js";
import { celFixtureOutcomes, type CelFixtureOutcome } from "../verify/cel-expectations.js";
import { loadPolicyFixtures, type Fixture } from "../verify/fixtures.js";

export interface BuiltPolicy {
  readonly policy: LoadedPolicy;
  readonly compiled: CompiledPolicy;
  /** The policy's fixtures (an adopted library policy's and the team's own): out/suite's cases and docs. */
  readonly fixtures: readonly Fixture[];
  /** When the template carries CEL: the CEL's outcome on each fixture (out/suite asserts it). */
  readonly celOutcomes?: ReadonlyMap<string, CelFixtureOutcome>;
}

export interface BuildResult {
  readonly policies: readonly BuiltPolicy[];
  readonly files: Map<string, string>;
  /** With `vap`: what out/vap/ holds and which templates and constraints it leaves out. */
  readonly vap?: VapOutput;
}

export interface BuildFailure {
  readonly diagnostics: readonly Diagnostic[];
  readonly errors: readonly string[];
}

export class BuildError extends Error {
  constructor(readonly failure: BuildFailure) {
    super(`build failed: ${failure.diagnostics.length} diagnostic(s), ${failure.errors.length} error(s)`);
  }
}

/** Compiles every policy (or the given files); throws BuildError listing every problem found. */
export async function buildProject(
  project: ProjectLayout | string,
  files?: readonly string[],
  options: {
    fresh?: boolean;
    engine?: Engine;
    /** Also write out/vap/: standalone ValidatingAdmissionPolicies from the templates' CEL (default: gkc.config.json's `vap`). */
    vap?: boolean;
    /** generateVAP on every template with CEL: true, Gatekeeper generates its policies; false, it must not; unset (default: gkc.config.json's `gatekeeperVap`), left to Gatekeeper's default. */
    gatekeeperVap?: boolean;
  } = {},
): Promise<BuildResult> {
  const layout = layoutOf(project);
  const all = discoverPolicies(layout);
  files ??= all;
  const morph = createPolicyProject();
  const diagnostics: Diagnostic[] = [];
  const errors: string[] = [];
  const built: BuiltPolicy[] = [];
  const kinds = new Map<string, string>();
  for (const file of files) {
    let policy: LoadedPolicy;
    try {
      policy = await loadPolicy(file, options);
    } catch (error) {
      if (error instanceof PolicyLoadError && error.diagnostics.length) diagnostics.push(...error.diagnostics);
      else errors.push(error instanceof PolicyLoadError ? error.message : `${file}: ${String(error)}`);
      continue;
    }
    const clash = kinds.get(policy.meta.kind);
    if (clash) {
      errors.push(`${file}: kind ${policy.meta.kind} is already declared by ${clash}`);
      continue;
    }
    kinds.set(policy.meta.kind, file);
    try {
      // The template's own choice, else this build's, else the project's.
      const engine = policy.meta.engine ?? options.engine ?? layout.engine ?? DEFAULT_ENGINE;
      const compiled = compilePolicyFile(morph, file, policy.meta.kind, { project: layout, engine });
      if (policy.meta.engine && policy.meta.engine !== "rego" && compiled.celRefused) {
        const refused = compiled.celRefused;
        errors.push(`${file}: template.engine is '${policy.meta.engine}', but the predicate has no exact CEL form: ${refused.construct} (${refused.at}): ${refused.reason}`);
        continue;
      }
      validateConstraintParameters(policy, compiled.schema);
      // gator and Gatekeeper judge a template with CEL by its CEL: the suite asserts the CEL's messages.
      const fixtures = loadPolicyFixtures(policy.file, compiled.definition);
      const celOutcomes = compiled.cel ? await celFixtureOutcomes(compiled.definition, fixtures, policy.meta.kind, compiled.source) : undefined;
      built.push({ policy, compiled, fixtures, ...(celOutcomes ? { celOutcomes } : {}) });
    } catch (error) {
      if (error instanceof CompileError) diagnostics.push(...error.diagnostics);
      else if (error instanceof PolicyLoadError) errors.push(error.message);
      else throw error;
    }
  }
  if (diagnostics.length || errors.length) throw new BuildError({ diagnostics: unique(diagnostics), errors: [...new Set(errors)] });
  const rendered = renderBundle(layout, built, { generateVap: options.gatekeeperVap ?? layout.gatekeeperVap });
  let vap: VapOutput | undefined;
  if (options.vap ?? layout.vap ?? false) {
    try {
      vap = renderVap(built);
    } catch (error) {
      if (error instanceof VapRefusal) throw new BuildError({ diagnostics: [], errors: error.message.split("\n") });
      throw error;
    }
    for (const [path, content] of vap.files) rendered.set(path, content);
  }
  // Bundles reference constraints across policies, and the audit's record is of every policy:
  // only full builds render them.
  const full = all.length === built.length;
  if (full) {
    const record = await sourcesRecord(layout.root, built, rendered);
    if (record !== undefined) rendered.set(SOURCES_FILE, record);
  }
  try {
    if (full) {
      for (const [path, content] of renderBundles(await loadBundles(layout), built, rendered)) rendered.set(path, content);
    }
  } catch (error) {
    if (error instanceof BundleError) throw new BuildError({ diagnostics: [], errors: [error.message] });
    throw error;
  }
  return { policies: built, files: rendered, ...(vap ? { vap } : {}) };
}

/** out/'s record of what the constraints were computed from (compiler/sources.ts), in the audit's order. */
async function sourcesRecord(root: string, built: readonly BuiltPolicy[], rendered: ReadonlyMap<string, string>): Promise<string | undefined> {
  const modules = await importedModules();
  const constraints = built.flatMap(({ policy }) =>
    policy.constraints.map((declaration) => {
      const file = constraintPath(policy.meta.kind, declaration.name);
      return { file, policy: recordPath(root, policy.file), content: rendered.get(file) ?? "" };
    }),
  );
  // The policies themselves are certainly loaded, whenever the loader's reports arrive.
  return renderSourcesRecord(root, [...built.map(({ policy }) => policy.file), ...modules, ...sdkModules()], constraints);
}

/**
 * gkc's SDK as this process runs it. The loader reports a module the first time it loads it, and
 * gkc's own commands may have loaded SDK modules before any policy imported them.
 */
function sdkModules(): string[] {
  const directory = join(PACKAGE_ROOT, "dist", "sdk");
  return existsSync(directory) ? readdirSync(directory).filter((f) => f.endsWith(".js")).map((f) => join(directory, f)) : [];
}

/** A shared module's error is reached through every policy importing it: report it once. */
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
