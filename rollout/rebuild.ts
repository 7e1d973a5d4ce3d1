// out/ after an edit. Normally the whole bundle is rebuilt. An emergency demote must not depend on
// unrelated policies compiling, so when `allowPartial` is set and the full build fails, only the
// edited policy is built and only the changed constraint's file (and its copy in bundles) is
// updated. Nothing is written until commit(), which is synchronous (see transaction.ts).
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { BuildError, buildProject, type BuildFailure } from "../compiler/build.js";
import { formatDiagnostic } from "../compiler/diagnostics.js";
import { writeTreeAtomically } from "../compiler/output.js";
import { discoverPolicies } from "../compiler/policies.js";
import type { ProjectLayout } from "../compiler/project.js";
import { writeFileAtomically } from "./edit.js";
import type { ConstraintRef } from "./evidence.js";

export interface OutputSummary {
  readonly mode: "full" | "constraint-only";
  /** Files at fault in the full build, relative to the project root. */
  readonly failed: readonly string[];
  /** Files of out/ written, relative to the project root. */
  readonly written: readonly string[];
  /** What was left as it was. */
  readonly skipped: readonly string[];
  /** The build problems, formatted. */
  readonly details: readonly string[];
}

export interface PendingOutput extends OutputSummary {
  commit(): void;
}

/** The build failed: `failed` names the files at fault, `details` says why. */
export class RebuildError extends Error {
  constructor(
    readonly failed: readonly string[],
    readonly details: readonly string[],
  ) {
    super(`files at fault: ${failed.join(", ") || "(none named)"}`);
  }
}

export interface RebuildTarget extends ConstraintRef {
  readonly file: string;
}

function bundleSources(layout: ProjectLayout): string[] {
  const directory = join(layout.policies, "bundles");
  return existsSync(directory) ? readdirSync(directory).filter((f) => f.endsWith(".ts")).map((f) => join(directory, f)) : [];
}

/** The files a build failure blames, and its problems formatted, paths relative to the root. */
export function describeFailure(layout: ProjectLayout, failure: BuildFailure): { failed: string[]; details: string[] } {
  const candidates = [...discoverPolicies(layout), ...bundleSources(layout)];
  const files = new Set(failure.diagnostics.map((d) => d.file));
  for (const file of candidates) if (failure.errors.some((e) => e.includes(file))) files.add(file);
  return {
    failed: [...files].map((f) => relative(layout.root, f)).sort(),
    details: [...failure.diagnostics.map((d) => formatDiagnostic(d, layout.root)), ...failure.errors.map((e) => `error: ${e.replaceAll(`${layout.root}/`, "")}`)],
  };
}

export async function prepareOutput(layout: ProjectLayout, target: RebuildTarget, allowPartial: boolean): Promise<PendingOutput> {
  let full: { failed: string[]; details: string[] };
  try {
    const { files } = await buildProject(layout, undefined, { fresh: true });
    return { mode: "full", failed: [], written: [relative(layout.root, layout.out)], skipped: [], details: [], commit: () => writeTreeAtomically(layout.out, files) };
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    full = describeFailure(layout, error.failure);
    if (!allowPartial) throw new RebuildError(full.failed, full.details);
  }
  let files: Map<string, string>;
  try {
    files = (await buildProject(layout, [target.file], { fresh: true })).files;
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    const own = describeFailure(layout, error.failure);
    throw new RebuildError([...new Set([...own.failed, ...full.failed])].sort(), [...new Set([...own.details, ...full.details])]);
  }
  const path = `constraints/${target.kind.toLowerCase()}-${target.name}.yaml`;
  const content = files.get(path);
  if (content === undefined) throw new RebuildError([relative(layout.root, target.file)], [`error: building ${relative(layout.root, target.file)} produced no ${path}`]);
  const updates = new Map([[path, content], ...patchBundles(layout, path, content)]);
  const stale = bundlesEmbedding(layout, path).filter((b) => !updates.has(b));
  const shown = (p: string): string => relative(layout.root, join(layout.out, p));
  return {
    mode: "constraint-only",
    failed: full.failed,
    written: [...updates.keys()].map(shown),
    skipped: [
      ...stale.map((b) => `${shown(b)} (it embeds a copy of ${shown(path)} that differs from the file)`),
      `the rest of ${relative(layout.root, layout.out)}/ (templates, docs, kustomization, other constraints): run gkc build once the files at fault build`,
    ],
    details: full.details,
    commit: () => {
      for (const [p, text] of updates) {
        mkdirSync(dirname(join(layout.out, p)), { recursive: true });
        writeFileAtomically(join(layout.out, p), text);
      }
    },
  };
}

function bundlesEmbedding(layout: ProjectLayout, path: string): string[] {
  const directory = join(layout.out, "bundles");
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((f) => f.endsWith(".yaml") && readFileSync(join(directory, f), "utf8").includes(`# out/${path}\n`))
    .map((f) => `bundles/${f}`);
}

/** Bundles embed each constraint verbatim after `# out/<path>`: swap the old text for the new. */
function patchBundles(layout: ProjectLayout, path: string, content: string): [string, string][] {
  const current = join(layout.out, path);
  if (!existsSync(current)) return [];
  const old = `# out/${path}\n${readFileSync(current, "utf8").trimEnd()}\n`;
  const replacement = `# out/${path}\n${content.trimEnd()}\n`;
  const patched: [string, string][] = [];
  for (const bundle of bundlesEmbedding(layout, path)) {
    const text = readFileSync(join(layout.out, bundle), "utf8");
    if (text.includes(old)) patched.push([bundle, text.replace(old, () => replacement)]);
  }
  return patched;
}
