// `gkc docs [--out DIR]`: writes only the Markdown reference (what `gkc build` writes to <out>/docs/).
import pc from "picocolors";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { assertReplaceable, OutputRefusedError, writeTreeAtomically } from "../compiler/output.js";
import type { ProjectLayout } from "../compiler/project.js";

export interface DocsOptions {
  /** The docs directory (absolute). */
  readonly out: string;
  /** The docs directory as the user named it, for messages. */
  readonly outLabel: string;
  /** Policy files (absolute) to document instead of every policy of the project. */
  readonly policies?: readonly string[];
}

export async function runDocs(options: DocsOptions, project: ProjectLayout): Promise<number> {
  let result;
  try {
    result = await buildProject(project, options.policies);
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    for (const diagnostic of error.failure.diagnostics) console.error(`${formatDiagnostic(diagnostic, project.root)}\n`);
    for (const message of error.failure.errors) console.error(pc.red(`error: ${message.replace(project.root + "/", "")}`));
    console.error(pc.red("gkc docs: the policies do not compile; nothing was written"));
    return 1;
  }
  const docs = new Map<string, string>();
  for (const [path, content] of result.files) if (path.startsWith("docs/")) docs.set(path.slice("docs/".length), content);
  try {
    // Checked before writing too, so the refusal names the directory as the user gave it.
    assertReplaceable(options.out, docs);
    writeTreeAtomically(options.out, docs);
  } catch (error) {
    if (!(error instanceof OutputRefusedError)) throw error;
    console.error(pc.red(`gkc docs: ${error.message}`));
    return 2;
  }
  console.log(`gkc docs: wrote ${docs.size - 1} template pages and README.md to ${options.outLabel}/`);
  return 0;
}
