// `gkc build` and `gkc build --check`.
import pc from "picocolors";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { compareTree, OutputRefusedError, writeTreeAtomically } from "../compiler/output.js";
import type { ProjectLayout } from "../compiler/project.js";
import type { BuildResult, BuiltPolicy } from "../compiler/build.js";
import type { Engine } from "../compiler/compile.js";

export interface BuildOptions {
  readonly check: boolean;
  /** The bundle directory as the user named it, for messages (default: the layout's, relative). */
  readonly outLabel?: string;
  /** Policy files (absolute) to build instead of every policy of the project. */
  readonly policies?: readonly string[];
  /** Which engines templates carry (default "both"). */
  readonly engine?: Engine;
  /** Also write out/vap/: standalone ValidatingAdmissionPolicies (requires CEL). */
  readonly vap?: boolean;
  /** generateVAP on each template with CEL: true (requires CEL) or false; unset, Gatekeeper's default decides. */
  readonly gatekeeperVap?: boolean;
}

export async function runBuild(options: BuildOptions, project: ProjectLayout): Promise<number> {
  const outDir = project.out;
  const label = options.outLabel ?? "out";
  // The flag, else gkc.config.json: what `gkc promote` rebuilds with too.
  const vap = options.vap ?? project.vap ?? false;
  const gatekeeperVap = options.gatekeeperVap ?? project.gatekeeperVap;
  let result;
  try {
    result = await buildProject(project, options.policies, {
      ...(options.engine ? { engine: options.engine } : {}),
      ...(vap ? { vap: true } : {}),
      ...(gatekeeperVap !== undefined ? { gatekeeperVap } : {}),
    });
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    reportFailure(error, project.root);
    return 1;
  }
  const celFlag = vap ? "--vap" : gatekeeperVap ? "--gatekeeper-vap" : undefined;
  if (celFlag && !result.policies.some((p) => p.compiled.cel !== undefined)) {
    console.error(pc.red(`gkc build: ${celFlag} needs the templates' CEL: add --engine both (or cel)`));
    return 2;
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
    reportCel(result.policies, gatekeeperVap);
    reportVap(result.vap, label);
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
  reportCel(result.policies, gatekeeperVap);
  reportVap(result.vap, label);
  return 0;
}

/** With --vap: the policies written, and each template and constraint left out with the reason. */
function reportVap(vap: BuildResult["vap"], label: string): void {
  if (!vap) return;
  const policies = [...vap.files.keys()].filter((p) => p.startsWith("vap/policies/")).length;
  const bindings = [...vap.files.keys()].filter((p) => p.startsWith("vap/bindings/")).length;
  console.log(`gkc build: wrote ${policies} ValidatingAdmissionPolicies and ${bindings} bindings to ${label}/vap/`);
  for (const { kind, reason } of vap.skippedTemplates) console.log(`  skipped (no CEL): ${kind}: ${reason}`);
  for (const { kind, name, reason } of vap.skippedConstraints) console.log(`  no binding: ${kind}/${name}: ${reason}`);
}

/** Where CEL was asked for: how many templates carry it (with or without Rego), and what kept each other one Rego-only. */
function reportCel(policies: readonly BuiltPolicy[], gatekeeperVap: boolean | undefined): void {
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
  const chosen = policies.filter((p) => p.policy.meta.engine === "rego").map((p) => p.policy.meta.kind).sort();
  if (chosen.length) console.log(`  Rego only, as the template chooses (template.engine): ${chosen.join(", ")}`);
  if (withCel.length === 0) return;
  // What Gatekeeper does with the CEL is its own flags' choice unless the team stated it.
  if (gatekeeperVap === undefined) console.log("  Gatekeeper generates a ValidatingAdmissionPolicy from each unless installed with --default-create-vap-for-templates=false (README, CEL)");
  else if (!gatekeeperVap) console.log(pc.yellow("  generateVAP: false: install Gatekeeper with --default-create-vap-binding-for-constraints=false, or it reports an error on each of these templates' constraints (README, CEL)"));
}

function reportFailure(error: BuildError, root: string): void {
  for (const diagnostic of error.failure.diagnostics) console.error(`${formatDiagnostic(diagnostic, root)}\n`);
  for (const message of error.failure.errors) console.error(pc.red(`error: ${message.replace(root + "/", "")}`));
  const count = error.failure.diagnostics.length + error.failure.errors.length;
  console.error(pc.red(`gkc build: failed with ${count} problem(s); nothing was written`));
}
