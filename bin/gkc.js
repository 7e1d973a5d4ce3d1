#!/usr/bin/env node
// The gkc command: compiled JavaScript in dist/ (built by `npm run build`, run by `prepare`).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The source directories tsconfig.build.json compiles into dist/. */
const SOURCES = ["cli", "compiler", "sdk", "policies", "verify", "audit", "rollout", "conformance"];

/**
 * The first source file (relative) that differs from what dist/ was built from, if any. tsc's
 * incremental build rewrites only what changed, so modification times alone cannot say: a source
 * touched after the last build is compared with tsc's record of it (its SHA-256). A new file is
 * not in the record, but the file that imports it changed too.
 */
function staleSource(root) {
  const info = join(root, "dist", ".tsbuildinfo");
  if (!existsSync(info)) return undefined; // never built: importing dist/ fails and says so
  const builtAt = statSync(info).mtimeMs;
  const { fileNames, fileInfos } = JSON.parse(readFileSync(info, "utf8"));
  for (const [index, name] of fileNames.entries()) {
    const path = name.replace(/^\.\.\//, "");
    if (!SOURCES.some((directory) => path.startsWith(`${directory}/`))) continue;
    const file = join(root, path);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs <= builtAt) continue;
    const version = fileInfos[index]?.version ?? fileInfos[index];
    if (version !== createHash("sha256").update(readFileSync(file)).digest("hex")) return path;
  }
  return undefined;
}

// In a source checkout (an installed gkc has no .git), an edit not yet built would run the old
// code without a word: say so. This costs a few milliseconds, and only here.
const root = fileURLToPath(new URL("..", import.meta.url));
if (existsSync(join(root, ".git"))) {
  const stale = staleSource(root);
  if (stale) console.error(`gkc: ${stale} changed since dist/ was built, and dist/ is what runs: run \`npm run build\``);
}
await import("../dist/cli/main.js");
