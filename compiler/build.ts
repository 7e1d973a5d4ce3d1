// The build pipeline: discover → load (native TS) → compile (TS → IR → Rego) → validate
// constraints → render the bundle. Returns the files; writing is the caller's choice.
import { CompileError, type Diagnostic } from "./diagnostics.js";
import { compilePolicyFile, createPolicyProject, type CompiledPolicy, type Engine } from "./compile.js";
import { discoverPolicies, loadPolicy, validateConstraintParameters, PolicyLoadError, type LoadedPolicy } from "./policies.js";
import { renderBundle } from "./bundle.js";
import { BundleError, loadBundles, renderBundles } from "./bundles.js";
import { layoutOf, type ProjectLayout } from "./project.js";
import { renderVap, VapRefusal, type VapOutput } from "./vap/render.js";

export interface BuiltPolicy {
  readonly policy: LoadedPolicy;
  readonly compiled: CompiledPolicy;
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
    /** Set generateVAP: true on every template with CEL (Gatekeeper generates its own policies; default: gkc.config.json's `gatekeeperVap`). */
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
      const engine = policy.meta.engine ?? options.engine ?? layout.engine ?? "rego";
      const compiled = compilePolicyFile(morph, file, policy.meta.kind, { project: layout, engine });
      if (policy.meta.engine && policy.meta.engine !== "rego" && compiled.celRefused) {
        const refused = compiled.celRefused;
        errors.push(`${file}: template.engine is '${policy.meta.engine}', but the predicate has no exact CEL form: ${refused.construct} (${refused.at}): ${refused.reason}`);
        continue;
      }
      validateConstraintParameters(policy, compiled.schema);
      built.push({ policy, compiled });
    } catch (error) {
      if (error instanceof CompileError) diagnostics.push(...error.diagnostics);
      else if (error instanceof PolicyLoadError) errors.push(error.message);
      else throw error;
    }
  }
  if (diagnostics.length || errors.length) throw new BuildError({ diagnostics: unique(diagnostics), errors: [...new Set(errors)] });
  const rendered = renderBundle(layout, built, { generateVap: options.gatekeeperVap ?? layout.gatekeeperVap ?? false });
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
  try {
    // Bundles reference constraints across policies: only full builds render them.
    if (all.length === built.length) {
      for (const [path, content] of renderBundles(await loadBundles(layout), built, rendered)) rendered.set(path, content);
    }
  } catch (error) {
    if (error instanceof BundleError) throw new BuildError({ diagnostics: [], errors: [error.message] });
    throw error;
  }
  return { policies: built, files: rendered, ...(vap ? { vap } : {}) };
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
