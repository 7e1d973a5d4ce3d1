// Writes out/ atomically and compares it with a fresh build. The new tree is written beside the
// old one and swapped in with renames, so a failed or interrupted build never leaves a mix.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

function listFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files.push(relative(directory, path).split("\\").join("/"));
    }
  };
  visit(directory);
  return files;
}

export function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string>): void {
  const staging = `${outDir}.staging-${process.pid}`;
  const previous = `${outDir}.previous-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const [path, content] of files) {
      const target = join(staging, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    mkdirSync(staging, { recursive: true });
    if (existsSync(outDir)) renameSync(outDir, previous);
    renameSync(staging, outDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(outDir) && existsSync(previous)) renameSync(previous, outDir);
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
}

export interface Drift {
  readonly changed: string[];
  readonly missing: string[];
  readonly extra: string[];
}

/** What differs between `outDir` on disk and the freshly built `files`. */
export function compareTree(outDir: string, files: ReadonlyMap<string, string>): Drift {
  const onDisk = new Set(listFiles(outDir));
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [path, content] of files) {
    if (!onDisk.has(path)) missing.push(path);
    else if (readFileSync(join(outDir, path), "utf8") !== content) changed.push(path);
    onDisk.delete(path);
  }
  return { changed, missing, extra: [...onDisk].sort() };
}
