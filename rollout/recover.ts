// A journal left by a change that died (SIGKILL, power loss) is rolled back by the next change,
// under the lock: the policy file is restored and out/ rebuilt to match it. A change that had
// reached the log had completed; only its journal is removed.
import { existsSync, readFileSync, renameSync, rmSync, truncateSync } from "node:fs";
import { hostname } from "node:os";
import { join, relative, resolve } from "node:path";
import type { ProjectLayout } from "../compiler/project.js";
import { writeFileAtomically } from "./edit.js";
import { clearJournal, JournalError, journalPath, readJournal } from "./journal.js";
import { isAlive } from "./lock.js";
import { ROLLOUT_LOG, type RolloutEntry } from "./log.js";
import { prepareOutput, RebuildError } from "./rebuild.js";

/** Rolls back an interrupted change, if there is one; says what it did. */
export async function recoverInterrupted(layout: ProjectLayout): Promise<string | undefined> {
  const journal = readJournal(layout.root);
  if (!journal) return undefined;
  const path = journalPath(layout.root);
  const file = resolve(layout.root, journal.file);
  const shown = relative(layout.root, file);
  const what = `an interrupted ${journal.change} of ${journal.constraint.kind}/${journal.constraint.name} (pid ${journal.pid}, started ${journal.started})`;
  if (journal.hostname === hostname() && journal.pid !== process.pid && isAlive(journal.pid)) {
    throw new JournalError(`${path}: ${what} is still running; wait for it, or stop it and run again`);
  }
  removeLeftovers(layout, file, journal.pid);
  if (lastLogged(layout.root, journal.entry)) {
    clearJournal(layout.root);
    return `${what} had completed; removed its journal ${path}`;
  }
  dropTornLine(layout.root);
  const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (current !== journal.before && current !== journal.after) {
    throw new JournalError(`${path}: ${what} was editing ${shown}, which has changed since; compare it with the journal's "before" and delete the journal by hand`);
  }
  if (current === journal.after) writeFileAtomically(file, journal.before);
  let rebuilt: string;
  try {
    const output = await prepareOutput(layout, { ...journal.constraint, file }, true);
    output.commit();
    rebuilt = output.mode === "full" ? `rebuilt ${relative(layout.root, layout.out)}/` : `rewrote ${output.written.join(", ")}`;
  } catch (error) {
    if (!(error instanceof RebuildError)) throw error;
    throw new JournalError(`${path}: restored ${shown} after ${what}, but cannot rebuild out/ to match it; ${error.message}`, error.details);
  }
  clearJournal(layout.root);
  return `recovered ${what}: restored ${shown} and ${rebuilt}`;
}

/** Whatever the dead process had half-written beside the files it was replacing. */
function removeLeftovers(layout: ProjectLayout, file: string, pid: number): void {
  const previous = `${layout.out}.previous-${pid}`;
  // Died between the two renames of writeTreeAtomically: out/ is the previous tree.
  if (!existsSync(layout.out) && existsSync(previous)) renameSync(previous, layout.out);
  for (const leftover of [previous, `${layout.out}.staging-${pid}`, `${file}.gkc-${pid}.tmp`]) rmSync(leftover, { recursive: true, force: true });
}

function lastLogged(root: string, entry: RolloutEntry): boolean {
  const path = join(root, ROLLOUT_LOG);
  if (!existsSync(path)) return false;
  const last = readFileSync(path, "utf8").trimEnd().split("\n").at(-1);
  try {
    const logged = JSON.parse(last ?? "") as RolloutEntry;
    return logged.when === entry.when && logged.change === entry.change && logged.to === entry.to && logged.constraint.kind === entry.constraint.kind && logged.constraint.name === entry.constraint.name;
  } catch {
    return false;
  }
}

/** A crash mid-append can leave half a line: it never completed, so it goes. */
function dropTornLine(root: string): void {
  const path = join(root, ROLLOUT_LOG);
  if (!existsSync(path)) return;
  const text = readFileSync(path, "utf8");
  if (text === "" || text.endsWith("\n")) return;
  truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf("\n") + 1)));
}
