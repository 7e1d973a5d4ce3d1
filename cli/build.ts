// `gkc build` and `gkc build --check`.
import pc from "picocolors";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { compareTree, OutputRefusedError, writeTreeAtomically } from "../compiler/output.js";
import type { ProjectLayout } from "../compiler/project.js";
import type { BuiltPolicy } from "../compiler/build.js";
import type { Engine } from "../compiler/compile.js";

export interface BuildOptions {
  readonly check: boolean;
  /** The bundle directory as the user named it, for messages (default: the layout's, relative). */
  readonly outLabel?: string;
  /** Policy files (absolute) to build instead of every policy of the project. */
  readonly policies?: readonly string[];
  /** Which engines templates carry (default "rego"). */
  readonly engine?: Engine;
}

export async function runBuild(options: BuildOptions, project: ProjectLayout): Promise<number> {
  const outDir = project.out;
  const label = options.outLabel ?? "out";
  let result;
  try {
    result = await buildProject(project, options.policies, options.engine ? { engine: options.engine } : {});
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    reportFailure(error, project.root);
    return 1;
  }
  if (options.check) {
    const drift = compareTree(outDir, result.files);
    const stale = [...drift.changed.map((f) => `changed: ${f}`), ...drift.missing.map((f) => `missing: ${f}`), ...drift.extra.map((f) => `not produced by the policies: ${f}`)];
    if (stale.length) {
      console.error(pc.red(`gkc build --check: ${label}/ is stale (${stale.length} file(s)); run \`npx gkc build\` and commit:`));
      for (const line of stale) console.error(`  ${line}`);
      return 1;
    }
    console.log(`gkc build --check: ${label}/ is up to date (${result.files.size} files, ${result.policies.length} templates)`);
    reportCel(result.policies);
    return 0;
  }
  try {
    writeTreeAtomically(outDir, result.files);
  } catch (error) {
    if (!(error instanceof OutputRefusedError)) throw error;
    console.error(pc.red(`gkc build: ${error.message}`));
    return 2;
  }
  const constraints = result.policies.reduce((n, p) => n + p.policy.constraints.length, 0);
  console.log(`gkc build: wrote ${result.policies.length} templates and ${constraints} constraints to ${label}/`);
  reportCel(result.policies);
  return 0;
}

/** Where CEL was asked for: how many templates carry it (with or without Rego), and what kept each other one Rego-only. */
function reportCel(policies: readonly BuiltPolicy[]): void {
  const asked = policies.filter((p) => p.compiled.engine !== "rego");
  if (asked.length === 0) return;
  const withCel = policies.filter((p) => p.compiled.cel !== undefined);
  const celOnly = withCel.filter((p) => p.compiled.engine === "cel").length;
  const shape = celOnly === 0 ? " beside their Rego" : celOnly === withCel.length ? ", without Rego" : ` (${celOnly} without Rego)`;
  console.log(`gkc build: ${withCel.length} of ${policies.length} templates carry CEL (K8sNativeValidation)${shape}`);
  for (const { policy, compiled } of asked) {
    const refused = compiled.celRefused;
    if (refused) console.log(`  Rego only: ${policy.meta.kind}: ${refused.construct} (${refused.at}): ${refused.reason}`);
  }
}

function reportFailure(error: BuildError, root: string): void {
  for (const diagnostic of error.failure.diagnostics) console.error(`${formatDiagnostic(diagnostic, root)}\n`);
  for (const message of error.failure.errors) console.error(pc.red(`error: ${message.replace(root + "/", "")}`));
  const count = error.failure.diagnostics.length + error.failure.errors.length;
  console.error(pc.red(`gkc build: failed with ${count} problem(s); nothing was written`));
}
