// Where gkc itself is installed. Code runs from the TypeScript sources (tests) or from dist/
// (the installed CLI), so the package root is found by walking up to gkc's package.json rather
// than by a fixed number of `..`. Nothing is ever written under it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
      if (name === "gkc") return dir;
    }
    if (dirname(dir) === dir) throw new Error(`gkc: cannot find gkc's package.json above ${start}`);
  }
}

/** The directory holding gkc's package.json: the repository, or node_modules/gkc once installed. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** gkc's own version, from its package.json. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
