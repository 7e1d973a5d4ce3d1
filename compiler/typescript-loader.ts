// Loads the user's TypeScript (policies, bundles, arbitraries) natively. gkc itself ships as
// JavaScript; only commands that run policies pay for the TypeScript loader, registered once
// on first use.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { createRequire, register as registerHooks } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { displayPath } from "./project.js";

let registered: Promise<void> | undefined;
let generation = 0;
/** Every file the user's TypeScript imported in this process (the loader's own files aside). */
const imported = new Set<string>();

/** The query parameter that carries a module's source in its URL (importTypeScriptSource; vitest.config.ts serves it too). */
export const SOURCE_PARAMETER = "gkc-source";

/**
 * A load hook that answers a URL carrying its own source with that source, as if read from the
 * file. Registered before tsx, so it runs after tsx in the chain: tsx asks it for the file and
 * transpiles what it gives, and the module's imports resolve from the file's place.
 */
const SOURCE_HOOK = `export async function load(url, context, nextLoad) {
  const carried = new URL(url).searchParams.get(${JSON.stringify(SOURCE_PARAMETER)});
  if (carried === null) return nextLoad(url, context);
  return { format: "module", source: Buffer.from(carried, "base64url").toString("utf8"), shortCircuit: true };
}`;

function registerLoader(): Promise<void> {
  registered ??= import("tsx/esm/api").then(({ register }) => {
    registerHooks("data:text/javascript," + encodeURIComponent(SOURCE_HOOK));
    const loaderRoot = dirname(createRequire(import.meta.url).resolve("tsx/package.json"));
    register({
      onImport: (url) => {
        if (!url.startsWith("file:")) return;
        const file = fileURLToPath(url.replace(/[?#].*$/, ""));
        if (!file.startsWith(loaderRoot + sep)) imported.add(file);
      },
    });
  });
  return registered;
}

/**
 * The files imported through the loader so far (policies and every module they reached), sorted.
 * On Node 20 the loader runs in its own thread and reports each module as a message that can
 * arrive after the import that loaded it has returned (a fresh clone's build once missed its last
 * policy). The loader posts it before it answers the import, so two turns of the event loop
 * (one poll phase after the answer) deliver it.
 */
export async function importedModules(): Promise<string[]> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  return [...imported].sort();
}

/** The package.json that decides whether `file` is an ES module (the nearest one above it). */
function scopeOf(file: string): { manifest: string | undefined; esm: boolean } {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        return { manifest, esm: (JSON.parse(readFileSync(manifest, "utf8")) as { type?: unknown }).type === "module" };
      } catch {
        return { manifest, esm: false };
      }
    }
    if (dirname(dir) === dir) return { manifest: undefined, esm: false };
  }
}

/**
 * Imports a TypeScript module. `fresh` bypasses the module cache, for a file edited in this
 * process. Policies are ES modules: in a CommonJS scope Node would load them as CommonJS and
 * fail obscurely, so that is refused up front, saying how to fix it.
 */
export async function importTypeScript(file: string, options: { fresh?: boolean } = {}): Promise<Record<string, unknown>> {
  await checkedScope(file);
  const url = pathToFileURL(file).href + (options.fresh ? `?gkc-generation=${++generation}` : "");
  return (await import(url)) as Record<string, unknown>;
}

/**
 * Imports `source` as though it were the text of `file` (which must exist): its imports resolve
 * from `file`'s directory, and nothing is written anywhere (the file may sit in an installed
 * package). Each call is a new module.
 */
export async function importTypeScriptSource(file: string, source: string): Promise<Record<string, unknown>> {
  await checkedScope(file);
  const url = `${pathToFileURL(file).href}?gkc-generation=${++generation}&${SOURCE_PARAMETER}=${Buffer.from(source, "utf8").toString("base64url")}`;
  return (await import(url)) as Record<string, unknown>;
}

async function checkedScope(file: string): Promise<void> {
  const scope = scopeOf(file);
  if (!scope.esm) {
    const where = scope.manifest ? `${displayPath(scope.manifest)} does not say "type": "module"` : "no package.json above it says \"type\": \"module\"";
    throw new Error(`policies are ES modules, but ${where}: add a package.json with {"type": "module"} beside your policies (\`gkc init\` writes policies/package.json)`);
  }
  await registerLoader();
}
