// Loads the user's TypeScript (policies, bundles, arbitraries) natively. gkc itself ships as
// JavaScript; only commands that run policies pay for the TypeScript loader, registered once
// on first use.
import { pathToFileURL } from "node:url";

let registered: Promise<void> | undefined;
let generation = 0;

function registerLoader(): Promise<void> {
  registered ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return registered;
}

/** Imports a TypeScript module. `fresh` bypasses the module cache, for a file edited in this process. */
export async function importTypeScript(file: string, options: { fresh?: boolean } = {}): Promise<Record<string, unknown>> {
  await registerLoader();
  const url = pathToFileURL(file).href + (options.fresh ? `?gkc-generation=${++generation}` : "");
  return (await import(url)) as Record<string, unknown>;
}
