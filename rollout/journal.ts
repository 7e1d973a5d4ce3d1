// The journal of the change in progress: `<root>/.gkc-rollout.journal` holds the policy file's
// original content and the log line, written (and synced) before the file is touched and
// removed once the log line is appended. If it survives, the process died mid-change, and the
// next change restores the file from it (see recover.ts).
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { RefusedError } from "./errors.js";
import type { ConstraintRef } from "./evidence.js";
import type { RolloutEntry } from "./log.js";

export const JOURNAL_FILE = ".gkc-rollout.journal";

export interface Journal {
  readonly version: 1;
  readonly pid: number;
  readonly hostname: string;
  readonly started: string;
  /** The policy file, relative to the project root. */
  readonly file: string;
  readonly constraint: ConstraintRef;
  readonly change: "promote" | "demote";
  readonly before: string;
  readonly after: string;
  /** The log entry the change appends last: in the log means the change completed. */
  readonly entry: RolloutEntry;
}

export class JournalError extends RefusedError {}

export function journalPath(root: string): string {
  return join(root, JOURNAL_FILE);
}

export function writeJournal(root: string, contents: Omit<Journal, "version" | "pid" | "hostname" | "started">): void {
  const journal: Journal = { version: 1, pid: process.pid, hostname: hostname(), started: new Date().toISOString(), ...contents };
  const path = journalPath(root);
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    writeSync(fd, JSON.stringify(journal));
    // It must be on disk before the policy file changes.
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export function readJournal(root: string): Journal | undefined {
  const path = journalPath(root);
  if (!existsSync(path)) return undefined;
  let value: Partial<Journal>;
  try {
    value = JSON.parse(readFileSync(path, "utf8")) as Partial<Journal>;
  } catch (error) {
    throw new JournalError(`${path}: unreadable journal of an interrupted rollout change (${(error as Error).message}); check the policy files against rollout-log.jsonl and delete it by hand`);
  }
  const complete = value.version === 1 && typeof value.file === "string" && typeof value.before === "string" && typeof value.after === "string" && typeof value.entry === "object" && typeof value.constraint === "object";
  if (!complete) throw new JournalError(`${path}: not a gkc rollout journal (version 1); check the policy files against rollout-log.jsonl and delete it by hand`);
  return value as Journal;
}

export function clearJournal(root: string): void {
  unlinkSync(journalPath(root));
}
