// Entries of gkc's per-user cache (cacheRoot()) that only ever save work: an entry is named by a
// hash of what it was derived from, read when present, and written atomically (a concurrent
// reader sees no entry or the whole entry); a cache that cannot be written is skipped.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot } from "../verify/tools.js";

/** The path of the entry in `section` derived from `format` (what the deriving code is) and `input`. */
export function cacheEntry(section: string, format: string, input: string, extension: string): string {
  const key = createHash("sha256").update(format).update("\0").update(input).digest("hex");
  return join(cacheRoot(), section, `${key}${extension}`);
}

/** The entry's text, or undefined when it is absent or unreadable. */
export function readCacheEntry(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Writes the entry atomically; a read-only or full cache directory only costs the next run the work. */
export function writeCacheEntry(path: string, content: string): void {
  try {
    mkdirSync(join(path, ".."), { recursive: true });
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(partial, content);
    renameSync(partial, path);
  } catch {
    // Skipped: see above.
  }
}
