// `gkc init`: scaffolds gkc in the user's npm project. It only ever creates files that do not
// exist (and adds missing scripts to package.json); whatever is already there is kept and named.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import pc from "picocolors";
import { writeFileAtomically } from "../rollout/edit.js";
import { CONFIG_FILE, findConfig } from "../compiler/project.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { scaffoldFiles, SCRIPTS } from "./scaffold.js";

type Outcome = "created" | "kept" | "updated";

export function runInit(cwd: string): number {
  const existing = findConfig(cwd);
  if (existing) {
    const where = relative(cwd, existing) || CONFIG_FILE;
    console.log(`gkc init: this is already a gkc project (${where}); nothing to do`);
    return 0;
  }
  const manifestPath = join(cwd, "package.json");
  if (!existsSync(manifestPath)) {
    console.error(`gkc init: no package.json in ${cwd}: run \`npm init -y\` and \`npm i -D gkc\` first`);
    return 2;
  }
  let manifest: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifestPath, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("expected a JSON object");
    manifest = parsed as Record<string, unknown>;
  } catch (error) {
    console.error(`gkc init: package.json: ${error instanceof Error ? error.message : String(error)}; nothing was written`);
    return 2;
  }

  const results: [string, Outcome][] = [];
  for (const [path, content] of scaffoldFiles()) {
    const target = join(cwd, path);
    if (path === ".gitignore" && existsSync(target)) {
      results.push([path, appendMissingLines(target, content)]);
      continue;
    }
    if (existsSync(target)) {
      results.push([path, "kept"]);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileAtomically(target, content);
    results.push([path, "created"]);
  }
  results.push(["package.json", addScripts(manifestPath, manifest)]);

  for (const [path, outcome] of results) {
    const mark = outcome === "kept" ? pc.dim("kept   ") : outcome === "updated" ? pc.yellow("updated") : pc.green("created");
    console.log(`  ${mark} ${path}${outcome === "kept" ? pc.dim(" (exists; not touched)") : ""}`);
  }
  if (!isDependency(manifest)) console.log(pc.yellow(`\ngkc is not in this package.json: run \`npm i -D gkc\` so CI uses the same version (running ${PACKAGE_ROOT}).`));
  console.log(`\nNext:\n  npx gkc build     # compile policies/ into out/\n  npx gkc verify    # prove the Rego equals the TypeScript (builds the pinned OPA once)\n  npx gkc audit manifests/   # check manifests; exit 1 only on deny`);
  return 0;
}

/** Adds the gkc scripts that are missing; an existing script of the same name is kept. */
function addScripts(path: string, manifest: Record<string, unknown>): Outcome {
  const scripts = (typeof manifest["scripts"] === "object" && manifest["scripts"] !== null ? manifest["scripts"] : {}) as Record<string, string>;
  const missing = Object.entries(SCRIPTS).filter(([name]) => !(name in scripts));
  if (!missing.length) return "kept";
  const text = readFileSync(path, "utf8");
  const indent = /^(\s+)"/m.exec(text)?.[1] ?? "  ";
  const updated = { ...manifest, scripts: { ...scripts, ...Object.fromEntries(missing) } };
  writeFileAtomically(path, `${JSON.stringify(updated, null, indent)}\n`);
  return "updated";
}

/** Appends the ignore entries the file lacks; nothing already there is changed. */
function appendMissingLines(path: string, wanted: string): Outcome {
  const text = readFileSync(path, "utf8");
  const present = new Set(text.split("\n").map((line) => line.trim()));
  const missing = wanted.split("\n").filter((line) => line.trim() && !present.has(line.trim()));
  if (!missing.length) return "kept";
  writeFileAtomically(path, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
  return "updated";
}

function isDependency(manifest: Record<string, unknown>): boolean {
  return ["dependencies", "devDependencies"].some((field) => {
    const deps = manifest[field];
    return typeof deps === "object" && deps !== null && "gkc" in deps;
  });
}
