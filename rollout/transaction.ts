// One change, all or nothing: edit the policy file, rebuild out/, append the log line. Called
// under the project lock. The journal goes to disk before the file is touched; an error or an
// interrupt before the commit restores the file (out/ was not written yet). The commit (write
// out/, append the log, drop the journal) is synchronous: a signal handler cannot run inside it,
// so an interrupt either undoes the whole change or arrives after all of it.
import { relative } from "node:path";
import type { ProjectLayout } from "../compiler/project.js";
import { editEnforcementAction, writeFileAtomically } from "./edit.js";
import { RefusedError } from "./errors.js";
import type { ConstraintRef } from "./evidence.js";
import { checkpoint } from "./interrupt.js";
import { clearJournal, journalPath, writeJournal } from "./journal.js";
import { appendRollout, assertLogWritable, type RolloutEntry } from "./log.js";
import { prepareOutput, type OutputSummary } from "./rebuild.js";

export interface PlannedChange {
  readonly file: string;
  readonly constraint: ConstraintRef;
  readonly to: string;
  readonly entry: RolloutEntry;
  /** Update only this constraint's generated files when the full build fails (demote). */
  readonly allowPartial: boolean;
}

export interface AppliedChange {
  /** As logged: with `build` when only the constraint's files were updated. */
  readonly entry: RolloutEntry;
  readonly output: OutputSummary;
}

export async function applyChange(layout: ProjectLayout, change: PlannedChange, signal?: AbortSignal): Promise<AppliedChange> {
  const { before, after } = editEnforcementAction(change.file, change.constraint.name, change.to);
  assertLogWritable(layout.root);
  checkpoint(signal);
  const shown = relative(layout.root, change.file);
  writeJournal(layout.root, { file: shown, constraint: change.constraint, change: change.entry.change, before, after, entry: change.entry });
  let outTouched = false;
  let applied: AppliedChange;
  try {
    writeFileAtomically(change.file, after);
    const { commit, ...output } = await prepareOutput(layout, { ...change.constraint, file: change.file }, change.allowPartial);
    checkpoint(signal, `restored ${shown}; out/ and the log were not touched`);
    const entry: RolloutEntry = output.mode === "full" ? change.entry : { ...change.entry, build: { mode: "constraint-only", failed: output.failed } };
    outTouched = true;
    commit();
    appendRollout(layout.root, entry);
    applied = { entry, output };
  } catch (error) {
    await rollBack(layout, change, before, outTouched, error);
    throw error;
  }
  // Logged means done: a journal left behind now is recognised as complete by the next change.
  clearJournal(layout.root);
  return applied;
}

async function rollBack(layout: ProjectLayout, change: PlannedChange, before: string, outTouched: boolean, cause: unknown): Promise<void> {
  try {
    writeFileAtomically(change.file, before);
    // Only a failed log append gets here with out/ written: bring it back in line with the file.
    if (outTouched) (await prepareOutput(layout, { ...change.constraint, file: change.file }, true)).commit();
    clearJournal(layout.root);
  } catch (error) {
    throw new RefusedError(
      `${cause instanceof Error ? cause.message : String(cause)}; restoring ${relative(layout.root, change.file)} then failed too (${(error as Error).message}): the next gkc promote or demote restores it from ${journalPath(layout.root)}`,
    );
  }
}
