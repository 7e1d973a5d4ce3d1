// `gkc verify`: the engines of each template in out/ (its Rego in OPA wasm, its CEL in Gatekeeper's
// CEL driver) against the TypeScript, on fixtures and generated inputs.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pc from "picocolors";
import { parse } from "yaml";
import { definitionOf, sourceLabel } from "../compiler/compile.js";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { celOnlyTemplate } from "../verify/cel.js";
import { formatCelMismatch, type CelTarget } from "../verify/cel-differential.js";
import { CelEngine, CelEngineError } from "../verify/cel-engine.js";
import { instrumentedPredicate } from "../verify/cel-native.js";
import { formatMismatch, verifyPolicy, type PolicyReport } from "../verify/differential.js";
import { RegoEngine, templateRegoOf } from "../verify/engines.js";
import { ToolUnavailableError } from "../verify/tools.js";
import type { ProjectLayout } from "../compiler/project.js";

export interface VerifyCommandOptions {
  /** The bundle directory as the user named it, for messages. */
  readonly outLabel?: string;
  readonly runs: number;
  readonly policy?: readonly string[];
  readonly seed?: number;
  /** The engines to compare; default every engine the template carries. */
  readonly engine?: "rego" | "cel" | "both";
}

export async function runVerify(options: VerifyCommandOptions, project: ProjectLayout): Promise<number> {
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
  const celEngine: { engine?: CelEngine } = {};
  try {
    return await verifySelected(selected, options, project, outLabel, celEngine);
  } catch (error) {
    if (error instanceof ToolUnavailableError || error instanceof CelEngineError) {
      console.error(`gkc verify: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    celEngine.engine?.close();
  }
}

/** Which engines a template carries. */
function enginesOf(document: unknown): { rego: boolean; cel: boolean } {
  const code = (document as { spec?: { targets?: { rego?: unknown; code?: { engine?: unknown }[] }[] } } | null)?.spec?.targets?.[0];
  return {
    rego: typeof code?.rego === "string" || (code?.code ?? []).some((c) => c.engine === "Rego"),
    cel: (code?.code ?? []).some((c) => c.engine === "K8sNativeValidation"),
  };
}

interface Tally {
  templates: number;
  failed: number;
  fixtures: number;
  generated: number;
  /** Templates compared, and agreeing, per engine. */
  rego: { compared: number; agree: number };
  cel: { compared: number; agree: number };
}

async function verifySelected(selected: readonly LoadedPolicy[], options: VerifyCommandOptions, project: ProjectLayout, outLabel: string, cel: { engine?: CelEngine }): Promise<number> {
  const tally: Tally = { templates: selected.length, failed: 0, fixtures: 0, generated: 0, rego: { compared: 0, agree: 0 }, cel: { compared: 0, agree: 0 } };
  const started = Date.now();
  for (const policy of selected) {
    const kind = policy.meta.kind;
    const templateFile = `${kind.toLowerCase()}.yaml`;
    const templatePath = join(project.out, "templates", templateFile);
    if (!existsSync(templatePath)) {
      console.error(pc.red(`✗ ${kind}: ${outLabel}/templates/${templateFile} is missing; run \`npx gkc build\``));
      tally.failed++;
      continue;
    }
    let engine: RegoEngine | undefined;
    let celTarget: CelTarget | undefined;
    const notes: string[] = [];
    try {
      const document: unknown = parse(readFileSync(templatePath, "utf8"));
      const carried = enginesOf(document);
      const wanted = { rego: carried.rego && options.engine !== "cel", cel: carried.cel && options.engine !== "rego" };
      if (options.engine === "cel" && !carried.cel) notes.push("no CEL in the template (Rego only)");
      if (options.engine === "rego" && !carried.rego) notes.push("no Rego in the template (CEL only)");
      if (!wanted.rego && !wanted.cel) {
        console.log(pc.yellow(`- ${kind}: skipped: ${notes.join("; ") || "the template carries neither Rego nor CEL"}`));
        tally.templates--;
        continue;
      }
      if (wanted.rego) engine = await RegoEngine.fromTemplate(templateRegoOf(document, templatePath));
      if (wanted.cel) {
        cel.engine ??= CelEngine.start();
        await cel.engine.addTemplate(celOnlyTemplate(document as Record<string, unknown>));
        celTarget = {
          engine: cel.engine,
          kind,
          sourceLabel: sourceLabel(policy.file, project),
          instrumented: await instrumentedPredicate(definitionOf(policy.file)),
        };
      }
    } catch (error) {
      if (error instanceof ToolUnavailableError || error instanceof CelEngineError) throw error;
      console.error(pc.red(`✗ ${kind}: ${outLabel}/templates/${templateFile}: ${error instanceof Error ? error.message : String(error)}`));
      tally.failed++;
      continue;
    }
    const report = await verifyPolicy(policy, engine, { runs: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(celTarget ? { cel: celTarget } : {}) });
    if (!printReport(report, tally)) tally.failed++;
  }
  const celStats = cel.engine?.stats;
  const engines = [
    ...(tally.rego.compared ? [`${tally.rego.agree}/${tally.rego.compared} Rego`] : []),
    ...(tally.cel.compared ? [`${tally.cel.agree}/${tally.cel.compared} CEL`] : []),
  ];
  const timing = celStats ? `; ${celStats.reviews} CEL reviews in ${(celStats.ms / 1000).toFixed(1)} s (${Math.round(celStats.reviews / Math.max(celStats.ms / 1000, 0.001))}/s), ${((Date.now() - started) / 1000).toFixed(1)} s in all` : "";
  if (tally.templates === 0 && selected.length > 0) {
    // Every template skipped: a check that saw nothing proves nothing.
    console.log(pc.red(`gkc verify: nothing was compared: no template carries the engine asked for (--engine ${options.engine ?? "both"})`));
    return 1;
  }
  const summary = `gkc verify: ${tally.templates - tally.failed} of ${tally.templates} templates agree${engines.length ? ` (${engines.join(", ")} agree)` : ""}; ${tally.fixtures} fixtures, ${tally.generated} generated inputs${timing}`;
  console.log(tally.failed ? pc.red(summary) : summary);
  return tally.failed ? 1 : 0;
}

/** Prints a template's result; false when it fails. */
function printReport(report: PolicyReport, tally: Tally): boolean {
  tally.fixtures += report.fixtures;
  tally.generated += report.generated;
  const celReport = report.cel;
  const celCompared = celReport ? celReport.fixtures + celReport.generated : 0;
  if (report.fixtures + report.generated === 0 || (celReport && !report.rego && celCompared === 0)) {
    // A check that saw nothing proves nothing: fail closed.
    console.log(pc.red(`✗ ${report.kind}: nothing was compared: add fixtures (<policy>.fixtures.yaml) or generated inputs (<policy>.arbitraries.ts) beside the policy`));
    return false;
  }
  let ok = true;
  const lines: string[] = [];
  if (report.rego) {
    tally.rego.compared++;
    const regoAgrees = report.mismatches.length === 0;
    if (regoAgrees) tally.rego.agree++;
    ok &&= regoAgrees;
    lines.push(
      regoAgrees
        ? `${pc.green("✓")} ${report.kind}: ${report.fixtures - report.regoRefusedFixtures} fixtures and ${report.generated} generated inputs agree (TypeScript = OPA wasm)${report.regoRefusedFixtures ? `; ${report.regoRefusedFixtures} fixture(s) not compared: Gatekeeper refuses their Constraint (its parameters fail the schema)` : ""}`
        : pc.red(`✗ ${report.kind}: ${report.mismatches.length} mismatch(es) (${report.fixtures} fixtures, ${report.generated} generated inputs)`),
      ...report.mismatches.map(formatMismatch),
    );
  } else if (report.mismatches.length) {
    // No Rego: the TypeScript against the fixtures' own expectations.
    ok = false;
    lines.push(pc.red(`✗ ${report.kind}: ${report.mismatches.length} fixture(s) whose expected violations the TypeScript does not give`), ...report.mismatches.map(formatMismatch));
  }
  if (celReport) {
    tally.cel.compared++;
    const total = celReport.mismatches.length + celReport.unreported;
    const skipped = [...celReport.skipped].map(([reason, count]) => `${count} ${reason}`).join(", ");
    const counts = `${celReport.fixtures} fixtures and ${celReport.generated} generated inputs`;
    const prefix = report.rego ? "  CEL: " : `${report.kind}: `;
    const celAgrees = total === 0 && celCompared > 0;
    if (celAgrees) {
      tally.cel.agree++;
      lines.push(`${report.rego ? " " : pc.green("✓")} ${prefix}${counts} agree (TypeScript = Gatekeeper's CEL)${skipped ? `; skipped: ${skipped}` : ""}`);
    } else {
      ok = false;
      lines.push(pc.red(`✗ ${prefix}${total} CEL mismatch(es) (${counts} compared)${skipped ? `; skipped: ${skipped}` : ""}`), ...celReport.mismatches.map(formatCelMismatch));
      if (celReport.unreported) lines.push(`    ... and ${celReport.unreported} more CEL mismatch(es)`);
    }
  }
  console.log(lines.join("\n"));
  return ok;
}
