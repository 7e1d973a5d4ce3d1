// `gkc docs [--out DIR]`: writes only the Markdown reference (what `gkc build` writes to out/docs/).
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import pc from "picocolors";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { writeTreeAtomically } from "../compiler/output.js";
import { PROJECT_ROOT } from "../verify/tools.js";

export interface DocsOptions {
  readonly out: string;
  readonly policies?: readonly string[];
}

export async function runDocs(options: DocsOptions, root: string = PROJECT_ROOT): Promise<number> {
  const outDir = resolve(root, options.out);
  // The directory is replaced as a whole: refuse one that holds anything but Markdown.
  const foreign = existsSync(outDir) ? readdirSync(outDir).filter((f) => !f.endsWith(".md")) : [];
  if (foreign.length) {
    console.error(pc.red(`gkc docs: ${options.out}/ holds more than docs (${foreign.slice(0, 3).join(", ")}); it would be replaced: choose a docs directory`));
    return 2;
  }
  let result;
  try {
    result = await buildProject(root, options.policies?.map((p) => resolve(p)));
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    for (const diagnostic of error.failure.diagnostics) console.error(`${formatDiagnostic(diagnostic, root)}\n`);
    for (const message of error.failure.errors) console.error(pc.red(`error: ${message.replace(root + "/", "")}`));
    console.error(pc.red("gkc docs: the policies do not compile; nothing was written"));
    return 1;
  }
  const docs = new Map<string, string>();
  for (const [path, content] of result.files) if (path.startsWith("docs/")) docs.set(path.slice("docs/".length), content);
  writeTreeAtomically(outDir, docs);
  console.log(`gkc docs: wrote ${docs.size - 1} template pages and README.md to ${options.out}/`);
  return 0;
}

export function registerDocs(program: Command): void {
  program
    .command("docs")
    .description("write the Markdown reference of every template (parameters, examples, constraints) and an index")
    .option("--out <dir>", "output directory", "out/docs")
    .option("--policy <file...>", "only these policy files")
    .action(async (options: { out: string; policy?: string[] }) => {
      process.exitCode = await runDocs({ out: options.out, ...(options.policy ? { policies: options.policy } : {}) });
    });
}
