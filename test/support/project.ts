// The repository as a gkc project (its policies are gkc's library), for tests that build or
// verify it, optionally with the bundle written elsewhere.
import { resolve } from "node:path";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { defaultLayout, type ProjectLayout } from "../../compiler/project.js";

export const REPO: ProjectLayout = defaultLayout(PACKAGE_ROOT);

/** A project rooted at `root` (default: this repository) whose bundle directory is `out`. */
export function projectWithOut(out: string, root: string = PACKAGE_ROOT): ProjectLayout {
  return { ...defaultLayout(root), out: resolve(root, out) };
}
