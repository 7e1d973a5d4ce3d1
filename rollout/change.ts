// Promotion and demotion: check the ladder and the evidence, edit the TypeScript, rebuild out/,
// log the change. If the rebuild fails the policy file is restored.
import { BuildError, buildProject } from "../compiler/build.js";
import { writeTreeAtomically } from "../compiler/output.js";
import { findConstraint, loadAllPolicies } from "./constraints.js";
import { editEnforcementAction, writeFileAtomically } from "./edit.js";
import { readEvidence, type EvidenceFinding } from "./evidence.js";
import { checkPromotion, demotionTarget, type Rung } from "./ladder.js";
import { appendRollout, type RolloutEntry } from "./log.js";
import { layoutOf, type ProjectLayout } from "../compiler/project.js";

export class RefusedError extends Error {}

export interface PromoteOptions {
  readonly to: Rung;
  readonly evidence?: string;
  readonly reason?: string;
  readonly force: boolean;
  readonly now?: Date;
}

export interface ChangeResult {
  readonly entry: RolloutEntry;
  readonly file: string;
  /** Why --force was needed, when it was. */
  readonly overridden: readonly string[];
}

export async function promote(project: ProjectLayout | string, reference: string, options: PromoteOptions): Promise<ChangeResult> {
  const { policy, constraint } = findConstraint(await loadAllPolicies(project), reference);
  const target = { kind: policy.meta.kind, name: constraint.name };
  const objections: string[] = [];
  const { skips } = checkPromotion(constraint.enforcementAction, options.to);
  if (skips) objections.push(`'${constraint.enforcementAction}' → '${options.to}' skips a step of dryrun → warn → deny`);
  let finding: EvidenceFinding | undefined;
  if (!options.evidence) {
    objections.push("no evidence given (--evidence: a gkc audit --format json report or Gatekeeper audit YAML)");
  } else {
    finding = readEvidence(options.evidence, target);
    if (finding.violations === undefined) objections.push(`the evidence has no violation data for ${target.kind}/${target.name}: ${finding.summary}`);
    else if (finding.violations > 0) objections.push(`the evidence shows violations: ${finding.summary}`);
  }
  if (objections.length && !options.force) {
    throw new RefusedError(`refusing to promote ${target.kind}/${target.name}: ${objections.join("; ")} (--force overrides and is logged)`);
  }
  const entry: RolloutEntry = {
    when: (options.now ?? new Date()).toISOString(),
    change: "promote",
    constraint: target,
    from: constraint.enforcementAction,
    to: options.to,
    evidence: finding ? { file: finding.file, violations: finding.violations ?? null, summary: finding.summary } : null,
    reason: options.reason ?? null,
    forced: objections.length > 0,
  };
  await applyChange(layoutOf(project), policy.file, constraint.name, options.to, entry);
  return { entry, file: policy.file, overridden: objections };
}

export async function demote(project: ProjectLayout | string, reference: string, options: { reason?: string; now?: Date }): Promise<ChangeResult> {
  const { policy, constraint } = findConstraint(await loadAllPolicies(project), reference);
  const to = demotionTarget(constraint.enforcementAction);
  const entry: RolloutEntry = {
    when: (options.now ?? new Date()).toISOString(),
    change: "demote",
    constraint: { kind: policy.meta.kind, name: constraint.name },
    from: constraint.enforcementAction,
    to,
    evidence: null,
    reason: options.reason ?? null,
    forced: false,
  };
  await applyChange(layoutOf(project), policy.file, constraint.name, to, entry);
  return { entry, file: policy.file, overridden: [] };
}

async function applyChange(project: ProjectLayout, file: string, name: string, to: string, entry: RolloutEntry): Promise<void> {
  const { before, after } = editEnforcementAction(file, name, to);
  writeFileAtomically(file, after);
  let files: Map<string, string>;
  try {
    files = (await buildProject(project, undefined, { fresh: true })).files;
  } catch (error) {
    writeFileAtomically(file, before);
    const detail = error instanceof BuildError ? `${error.failure.diagnostics.length + error.failure.errors.length} problem(s)` : String(error);
    throw new RefusedError(`the rebuild after editing ${file} failed (${detail}); the file was restored`);
  }
  writeTreeAtomically(project.out, files);
  appendRollout(project.root, entry);
}
