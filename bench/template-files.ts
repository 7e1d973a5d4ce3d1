// Finding files and ConstraintTemplates by kind, for the benches that read the gatekeeper-library's
// suites and templates beside gkc's (gator-bench.ts, instructions.ts).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The files under `directory` (recursively) whose name `match` accepts, sorted. */
export function filesNamed(directory: string, match: (name: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...filesNamed(path, match));
    else if (match(entry.name)) found.push(path);
  }
  return found.sort();
}

/**
 * A template's constraint kind. The `yaml` package refuses one library template (httpsonly: a
 * quoted description continued on an unindented line) that gator's reader accepts, so the kind
 * falls back to the text: the first `kind:` under `names:`. gator always reads the file itself.
 */
function templateKind(file: string): string | undefined {
  const text = readFileSync(file, "utf8");
  try {
    const spec = parse(text)?.spec?.crd?.spec?.names?.kind as unknown;
    return typeof spec === "string" ? spec : undefined;
  } catch {
    return /^\s*names:\s*\n\s+kind:\s*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
  }
}

/** The template files under `directory` by constraint kind (the first file of each kind). */
export function templatesByKind(directory: string, match: (name: string) => boolean): Map<string, string> {
  const byKind = new Map<string, string>();
  for (const file of filesNamed(directory, match)) {
    const kind = templateKind(file);
    if (kind && !byKind.has(kind)) byKind.set(kind, file);
  }
  return byKind;
}
