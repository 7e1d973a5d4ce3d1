// A throwaway gkc project for CLI tests: gkc.config.json, the given policy files, and a
// node_modules where `gkc` is this repository (as `npm i -D gkc` would make it resolvable).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "../../compiler/package.js";

export function tempProject(files: Readonly<Record<string, string>>, prefix = "gkc-project-"): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(root, "gkc.config.json"), `${JSON.stringify({ policies: "policies", out: "out" }, null, 2)}\n`);
  mkdirSync(join(root, "node_modules"));
  symlinkSync(PACKAGE_ROOT, join(root, "node_modules", "gkc"));
  symlinkSync(join(PACKAGE_ROOT, "node_modules", "fast-check"), join(root, "node_modules", "fast-check"));
  mkdirSync(join(root, "policies"));
  writeFileSync(join(root, "policies", "package.json"), `${JSON.stringify({ type: "module", private: true })}\n`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A policy file that adopts a policy of gkc's library as a user does: re-exported, with constraints of its own (`constraints`: the entries' source). */
export function adoptLibraryPolicy(file: string, constraints: string, engine?: "rego" | "cel" | "both"): string {
  // With `engine`, the library's template with that choice of engines (README, CEL).
  const template = engine
    ? `import { template as library } from "gkc/library/${file}";\nexport { violations } from "gkc/library/${file}";\nexport const template = { ...library, engine: "${engine}" as const };`
    : `export { template, violations } from "gkc/library/${file}";`;
  return `${template}
export type { Parameters } from "gkc/library/${file}";
import type { Parameters } from "gkc/library/${file}";
import { constraint } from "gkc/sdk";

export const constraints = [
${constraints}];
`;
}
