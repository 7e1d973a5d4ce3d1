// Promotion and demotion. Everything, from reading the current action to appending the log,
// happens under the project lock (lock.ts), after rolling back any change a dead process left
// (recover.ts); the edit itself is all or nothing (transaction.ts).
import { relative } from "node:path";
import { layoutOf, type ProjectLayout } from "../compiler/project.js";
import { findConstraint, loadPolicies, type FoundConstraint } from "./constraints.js";
import { RefusedError } from "./errors.js";
import { readEvidence, type ConstraintRef, type EvidenceFinding } from "./evidence.js";
import { asInterrupted, checkpoint } from "./interrupt.js";
import { checkPromotion, demotionTarget, LadderError, type Rung } from "./ladder.js";
import { acquireLock } from "./lock.js";
import type { Objection, RolloutEntry } from "./log.js";
import { RebuildError, type OutputSummary } from "./rebuild.js";
import { recoverInterrupted } from "./recover.js";
import { applyChange, type PlannedChange } from "./transaction.js";

export { RefusedError } from "./errors.js";

export interface ChangeOptions {
  readonly reason?: string;
  readonly now?: Date;
  /** Aborted by SIGINT/SIGTERM (see interrupt.ts): the change is rolled back. */
  readonly signal?: AbortSignal;
  readonly lockTimeoutMs?: number;
  /** Told who holds the lock when the change has to wait for it. */
  readonly onWait?: (holder: string) => void;
}

export interface PromoteOptions extends ChangeOptions {
  readonly to: Rung;
  readonly evidence?: string;
  readonly force: boolean;
  /** Gatekeeper audits older than this are refused (default 24). */
  readonly maxEvidenceAgeHours?: number;
}

export interface ChangeResult {
  readonly entry: RolloutEntry;
  readonly file: string;
  /** Why --force was needed, when it was. */
  readonly overridden: readonly Objection[];
  readonly output: OutputSummary;
  /** What was recovered before the change: a stale lock, an interrupted change. */
  readonly notes: readonly string[];
}

async function underLock<T>(layout: ProjectLayout, command: string, options: ChangeOptions, run: (notes: string[]) => Promise<T>): Promise<T> {
  const { signal } = options;
  try {
    const lock = await acquireLock(layout.root, { command, ...(options.lockTimeoutMs === undefined ? {} : { timeoutMs: options.lockTimeoutMs }), ...(signal ? { signal } : {}), ...(options.onWait ? { onWait: options.onWait } : {}) });
    try {
      const notes = lock.brokeStale ? [lock.brokeStale] : [];
      checkpoint(signal);
      const recovered = await recoverInterrupted(layout);
      if (recovered) notes.push(recovered);
      return await run(notes);
    } finally {
      lock.release();
    }
  } catch (error) {
    throw asInterrupted(error, signal);
  }
}

function locate(layout: ProjectLayout, found: FoundConstraint): { target: ConstraintRef; where: string } {
  const target = { kind: found.policy.meta.kind, name: found.constraint.name };
  return { target, where: `${target.kind}/${target.name} (${relative(layout.root, found.policy.file)})` };
}

function evidenceObjections(finding: EvidenceFinding): Objection[] {
  return finding.problems.map((p) => ({ rule: p.rule, detail: p.detail }));
}

export async function promote(project: ProjectLayout | string, reference: string, options: PromoteOptions): Promise<ChangeResult> {
  const layout = layoutOf(project);
  const now = options.now ?? new Date();
  return underLock(layout, `promote ${reference} --to ${options.to}`, options, async (notes) => {
    const { policies, failures } = await loadPolicies(layout);
    checkpoint(options.signal);
    const found = findConstraint(policies, reference, failures);
    const { target, where } = locate(layout, found);
    if (failures.length) {
      // Promotion rebuilds the whole bundle; a policy that does not even load would fail it.
      throw new RefusedError(`refusing to promote ${where}: these policy files do not load, and promote needs the whole bundle to build: ${failures.map((f) => f.shown).join(", ")}`, failures.map((f) => `error: ${f.shown}: ${f.reason}`));
    }
    const from = found.constraint.enforcementAction;
    const objections: Objection[] = [];
    try {
      if (checkPromotion(from, options.to).skips) objections.push({ rule: "one-step", detail: `'${from}' → '${options.to}' skips a step of dryrun → warn → deny` });
    } catch (error) {
      throw error instanceof LadderError ? new LadderError(`refusing to promote: ${where} ${error.message}`) : error;
    }
    let finding: EvidenceFinding | undefined;
    if (!options.evidence) {
      objections.push({ rule: "evidence-given", detail: "no evidence given (--evidence: a gkc audit --format json report or Gatekeeper audit YAML)" });
    } else {
      finding = readEvidence(options.evidence, target, { now, ...(options.maxEvidenceAgeHours === undefined ? {} : { maxAgeHours: options.maxEvidenceAgeHours }) });
      objections.push(...evidenceObjections(finding));
    }
    if (objections.length && !options.force) {
      const on = options.evidence ? ` on evidence ${options.evidence}` : "";
      throw new RefusedError(`refusing to promote ${where}${on}: ${objections.map((o) => `[${o.rule}] ${o.detail}`).join("; ")} (--force overrides and is logged)`);
    }
    const entry: RolloutEntry = {
      when: now.toISOString(),
      change: "promote",
      constraint: target,
      from,
      to: options.to,
      evidence: finding ? { file: finding.file, violations: finding.violations ?? null, summary: finding.summary } : null,
      reason: options.reason ?? null,
      forced: objections.length > 0,
      ...(objections.length ? { overrode: objections } : {}),
    };
    const applied = await apply(layout, { file: found.policy.file, constraint: target, to: options.to, entry, allowPartial: false }, options.signal, `refusing to promote ${where}`);
    return { ...applied, file: found.policy.file, overridden: objections, notes };
  });
}

export async function demote(project: ProjectLayout | string, reference: string, options: ChangeOptions): Promise<ChangeResult> {
  const layout = layoutOf(project);
  return underLock(layout, `demote ${reference}`, options, async (notes) => {
    // Policies that do not load are tolerated: an emergency must not wait for them.
    const { policies, failures } = await loadPolicies(layout);
    checkpoint(options.signal);
    const found = findConstraint(policies, reference, failures);
    const { target, where } = locate(layout, found);
    let to: Rung;
    try {
      to = demotionTarget(found.constraint.enforcementAction);
    } catch (error) {
      throw error instanceof LadderError ? new LadderError(`refusing to demote: ${where} ${error.message}`) : error;
    }
    const entry: RolloutEntry = {
      when: (options.now ?? new Date()).toISOString(),
      change: "demote",
      constraint: target,
      from: found.constraint.enforcementAction,
      to,
      evidence: null,
      reason: options.reason ?? null,
      forced: false,
    };
    const applied = await apply(layout, { file: found.policy.file, constraint: target, to, entry, allowPartial: true }, options.signal, `refusing to demote ${where}`);
    return { ...applied, file: found.policy.file, overridden: [], notes };
  });
}

async function apply(layout: ProjectLayout, change: PlannedChange, signal: AbortSignal | undefined, refusing: string): Promise<{ entry: RolloutEntry; output: OutputSummary }> {
  try {
    return await applyChange(layout, change, signal);
  } catch (error) {
    if (!(error instanceof RebuildError)) throw error;
    const shown = relative(layout.root, change.file);
    const why = change.allowPartial ? `neither the whole bundle nor ${shown} alone builds` : "the rebuild after the edit failed (promote needs the whole bundle to build; demote does not)";
    throw new RefusedError(`${refusing}: ${why}, so ${shown} was restored; ${error.message}`, error.details);
  }
}
