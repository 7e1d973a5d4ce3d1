// `gkc verify`: the Rego in out/ against the TypeScript, on fixtures and generated inputs.
import { existsSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { formatMismatch, verifyPolicy } from "../verify/differential.js";
import { RegoEngine, readTemplateRego } from "../verify/engines.js";
import { ToolUnavailableError } from "../verify/tools.js";
import type { ProjectLayout } from "../compiler/project.js";

export interface VerifyCommandOptions {
  /** The bundle directory as the user named it, for messages. */
  readonly outLabel?: string;
  readonly runs: number;
  readonly policy?: readonly string[];
  readonly seed?: number;
}

export async function runVerify(options: VerifyCommandOptions, project: ProjectLayout): Promise<number> {
  const outDir = project.out;
  const outLabel = options.outLabel ?? "out";
  const policies: LoadedPolicy[] = [];
  for (const file of discoverPolicies(project)) {
    try {
      policies.push(await loadPolicy(file));
    } catch (error) {
      // With --policy, a policy that is not selected may be mid-edit: skip it, but say so.
      if (!options.policy) throw error;
      console.error(pc.yellow(`skipped ${file}: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  const selected = options.policy ? policies.filter((p) => options.policy?.includes(p.meta.kind)) : policies;
  if (options.policy) {
    const unknown = options.policy.filter((k) => !policies.some((p) => p.meta.kind === k));
    if (unknown.length) {
      console.error(`gkc verify: unknown template kind(s): ${unknown.join(", ")}`);
      return 2;
    }
  }
  let failed = 0;
  let fixtures = 0;
  let generated = 0;
  for (const policy of selected) {
    const templatePath = join(outDir, "templates", `${policy.meta.kind.toLowerCase()}.yaml`);
    if (!existsSync(templatePath)) {
      console.error(pc.red(`✗ ${policy.meta.kind}: ${outLabel}/templates/${policy.meta.kind.toLowerCase()}.yaml is missing; run \`npx gkc build\``));
      failed++;
      continue;
    }
    let engine: RegoEngine;
    try {
      engine = await RegoEngine.fromTemplate(readTemplateRego(templatePath));
    } catch (error) {
      if (error instanceof ToolUnavailableError) {
        console.error(`gkc verify: ${error.message}`);
        return 2;
      }
      console.error(pc.red(`✗ ${policy.meta.kind}: ${error instanceof Error ? error.message : String(error)}`));
      failed++;
      continue;
    }
    const report = await verifyPolicy(policy, engine, { runs: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}) });
    fixtures += report.fixtures;
    generated += report.generated;
    if (report.fixtures + report.generated === 0) {
      // A check that saw nothing proves nothing: fail closed.
      failed++;
      console.log(pc.red(`✗ ${report.kind}: nothing was compared: add fixtures (<policy>.fixtures.yaml) or generated inputs (<policy>.arbitraries.ts) beside the policy`));
    } else if (report.mismatches.length) {
      failed++;
      console.log(pc.red(`✗ ${report.kind}: ${report.mismatches.length} mismatch(es) (${report.fixtures} fixtures, ${report.generated} generated inputs)`));
      for (const mismatch of report.mismatches) console.log(formatMismatch(mismatch));
    } else {
      console.log(`${pc.green("✓")} ${report.kind}: ${report.fixtures} fixtures and ${report.generated} generated inputs agree (TypeScript = OPA wasm)`);
    }
  }
  const summary = `gkc verify: ${selected.length - failed} of ${selected.length} templates agree; ${fixtures} fixtures, ${generated} generated inputs`;
  console.log(failed ? pc.red(summary) : summary);
  return failed ? 1 : 0;
}
