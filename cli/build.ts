// `gkc build` and `gkc build --check`.
import { resolve } from "node:path";
import pc from "picocolors";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { compareTree, writeTreeAtomically } from "../compiler/output.js";
import { PROJECT_ROOT } from "../verify/tools.js";

export interface BuildOptions {
  readonly check: boolean;
  readonly out: string;
  /** Policy files to build instead of every file in policies/. */
  readonly policies?: readonly string[];
}

export async function runBuild(options: BuildOptions, root: string = PROJECT_ROOT): Promise<number> {
  const outDir = resolve(root, options.out);
  let result;
  try {
    result = await buildProject(root, options.policies?.map((p) => resolve(p)));
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    reportFailure(error, root);
    return 1;
  }
  if (options.check) {
    const drift = compareTree(outDir, result.files);
    const stale = [...drift.changed.map((f) => `changed: ${f}`), ...drift.missing.map((f) => `missing: ${f}`), ...drift.extra.map((f) => `not produced by policies/: ${f}`)];
    if (stale.length) {
      console.error(pc.red(`gkc build --check: ${options.out}/ is stale (${stale.length} file(s)); run \`npx gkc build\` and commit:`));
      for (const line of stale) console.error(`  ${line}`);
      return 1;
    }
    console.log(`gkc build --check: ${options.out}/ is up to date (${result.files.size} files, ${result.policies.length} templates)`);
    return 0;
  }
  writeTreeAtomically(outDir, result.files);
  const constraints = result.policies.reduce((n, p) => n + p.policy.constraints.length, 0);
  console.log(`gkc build: wrote ${result.policies.length} templates and ${constraints} constraints to ${options.out}/`);
  return 0;
}

function reportFailure(error: BuildError, root: string): void {
  for (const diagnostic of error.failure.diagnostics) console.error(`${formatDiagnostic(diagnostic, root)}\n`);
  for (const message of error.failure.errors) console.error(pc.red(`error: ${message.replace(root + "/", "")}`));
  const count = error.failure.diagnostics.length + error.failure.errors.length;
  console.error(pc.red(`gkc build: failed with ${count} problem(s); nothing was written`));
}
