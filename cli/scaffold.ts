// What `gkc init` writes: the files under templates/init/ of the installed gkc, copied as they
// are. npm does not ship files named .gitignore and treats dot-directories warily, so the
// templates hold `gitignore` and `github/`, renamed here.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { PACKAGE_ROOT } from "../compiler/package.js";

const SCAFFOLD = join(PACKAGE_ROOT, "templates", "init");

/** The scripts added to the project's package.json. */
export const SCRIPTS: Readonly<Record<string, string>> = {
  "gkc:build": "gkc build",
  "gkc:check": "gkc build --check",
  "gkc:verify": "gkc verify",
  "gkc:audit": "gkc audit manifests/",
};

function targetPath(path: string): string {
  if (path === "gitignore") return ".gitignore";
  return path.startsWith("github/") ? `.${path}` : path;
}

/** Every scaffolded file, keyed by its path in the user's project, in a stable order. */
export function scaffoldFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(targetPath(relative(SCAFFOLD, path).split("\\").join("/")), readFileSync(path, "utf8"));
    }
  };
  visit(SCAFFOLD);
  return files;
}
