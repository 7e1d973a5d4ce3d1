// One rollout change at a time per project, across processes: `<root>/.gkc-rollout.lock`,
// created exclusively ("wx") and holding who owns it. A lock whose process is gone, or that is
// older than any change takes, is stale and broken; otherwise the caller waits, up to a bound.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { RefusedError } from "./errors.js";

export const LOCK_FILE = ".gkc-rollout.lock";
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
/** A change takes seconds: a lock this old was left behind. */
export const STALE_AFTER_MS = 10 * 60_000;
/** A holder writes its details right after creating the file; an empty file older than this was abandoned. */
const UNWRITTEN_GRACE_MS = 5_000;

export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly started: string;
  readonly command: string;
}

export interface LockOptions {
  readonly command: string;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Called once when the lock is busy and the caller starts waiting. */
  readonly onWait?: (holder: string) => void;
}

export interface HeldLock {
  release(): void;
  /** Set when a stale lock was broken to get this one. */
  readonly brokeStale?: string;
}

export class LockError extends RefusedError {}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return typeof value.pid === "number" && typeof value.hostname === "string" && typeof value.started === "string" ? (value as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

export function describeHolder(text: string): string {
  const holder = parseHolder(text);
  return holder ? `pid ${holder.pid} on ${holder.hostname} since ${holder.started}, running '${holder.command}'` : "an unreadable holder";
}

/** Why the lock at `path` (content `text`) is stale, or undefined while it is live. */
function staleness(path: string, text: string): string | undefined {
  const holder = parseHolder(text);
  if (!holder) {
    const age = Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    return age > UNWRITTEN_GRACE_MS ? "its content is unreadable" : undefined;
  }
  if (holder.hostname === hostname() && !isAlive(holder.pid)) return `pid ${holder.pid} is not running`;
  if (Date.now() - Date.parse(holder.started) > STALE_AFTER_MS) return `held for more than ${STALE_AFTER_MS / 60_000} minutes`;
  return undefined;
}

function tryCreate(path: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new LockError(`${path}: cannot create the rollout lock: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  return true;
}

/**
 * Removes the stale lock `observed`. Breakers take a second exclusive file, so two of them cannot
 * both judge the old lock stale and then delete the fresh one the first has just created.
 */
function breakStale(path: string, observed: string): boolean {
  const breaker = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    // A breaker that died mid-break leaves this behind; it holds nothing else.
    const age = Date.now() - (statSync(breaker, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > UNWRITTEN_GRACE_MS) unlinkSync(breaker);
    return false;
  }
  try {
    if (readText(path) !== observed) return false;
    unlinkSync(path);
    return true;
  } finally {
    closeSync(fd);
    unlinkSync(breaker);
  }
}

/** Takes the project's rollout lock, waiting up to `timeoutMs` for a live holder. */
export async function acquireLock(root: string, options: LockOptions): Promise<HeldLock> {
  const path = join(root, LOCK_FILE);
  // Stamped when taken, not when first tried: the age of a lock is how long it has been held.
  const stamp = (): string => JSON.stringify({ pid: process.pid, hostname: hostname(), started: new Date().toISOString(), command: options.command } satisfies LockHolder);
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let brokeStale: string | undefined;
  let waiting = false;
  for (;;) {
    options.signal?.throwIfAborted();
    const mine = stamp();
    if (tryCreate(path, mine)) {
      const release = (): void => {
        if (readText(path) === mine) unlinkSync(path);
      };
      return brokeStale ? { release, brokeStale } : { release };
    }
    const observed = readText(path);
    if (observed === undefined) continue;
    const stale = staleness(path, observed);
    if (stale) {
      if (breakStale(path, observed)) brokeStale = `removed a stale lock ${path} (${describeHolder(observed)}: ${stale})`;
      continue;
    }
    if (Date.now() >= deadline) {
      throw new LockError(`${path}: another gkc rollout holds the project lock (${describeHolder(observed)}); gave up after ${timeoutMs / 1000} s. If that process is gone, delete the file`);
    }
    if (!waiting) options.onWait?.(describeHolder(observed));
    waiting = true;
    // Jitter keeps two waiters from polling in lockstep.
    await sleep(40 + Math.random() * 40, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}
