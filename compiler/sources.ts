// out/.gkc-sources.json: what a build's constraints were computed from, so that `gkc audit` can
// read them from out/constraints instead of loading the TypeScript (the CI gate's fast path).
//
// A policy's constraints are whatever its module computes, so the record names every module the
// policies loaded: a file of the project (or beside it) by the SHA-256 of its content, a file of
// an installed package (under node_modules) by the package's version. The constraint files are
// named with their SHA-256 and the policy that declares them. The record is current when all of
// them still hold; anything else (an edit, an upgrade, a hand-edited constraint, another package
// layout) means the constraints are loaded from the TypeScript as before. It is a cache that
// checks itself: `gkc build --check` leaves it out, since it depends on the package layout.
//
// Imported by `gkc audit`: node built-ins only.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";

/** The record's path under out/. */
export const SOURCES_FILE = ".gkc-sources.json";

const FORMAT = 1;

/** A constraint file of out/ and the policy file that declares it (both project-relative, `/`-separated). */
export interface RecordedConstraint {
  /** Under out/, e.g. `constraints/k8srequiredlabels-must-have-owner.yaml`. */
  readonly file: string;
  /** Relative to the project root, e.g. `policies/required-labels.ts`. */
  readonly policy: string;
}

interface SourcesRecord {
  /** Says who wrote the file (gkc recognises its own files by their first bytes). */
  readonly about: string;
  readonly format: number;
  /** Project-relative module path → SHA-256 of its content. */
  readonly modules: Record<string, string>;
  /** Project-relative package directory → its package.json version. */
  readonly packages: Record<string, string>;
  /** In the order the audit enforces them: policy files sorted, then as each declares them. */
  readonly constraints: readonly (RecordedConstraint & { readonly sha256: string })[];
}

function sha256(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The installed package holding `file` (`…/node_modules/name` or `…/node_modules/@scope/name`), if any. */
function packageDirectory(file: string): string | undefined {
  const parts = file.split(sep);
  const at = parts.lastIndexOf("node_modules");
  if (at < 0 || at + 1 >= parts.length - 1) return undefined;
  const length = parts[at + 1]!.startsWith("@") ? at + 3 : at + 2;
  return parts.slice(0, length).join(sep);
}

function packageVersion(directory: string): string | undefined {
  try {
    const version = (JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The record's text for a full build of `root`: `modules` are the absolute paths of every module
 * the policies loaded, `constraints` the files of out/ with their content, in enforcement order.
 * Returns undefined when a module cannot be read or a package has no version (no record, no fast path).
 */
export function renderSourcesRecord(root: string, modules: Iterable<string>, constraints: readonly (RecordedConstraint & { readonly content: string })[]): string | undefined {
  const hashed = new Map<string, string>();
  const packages = new Map<string, string>();
  for (const module of modules) {
    const installed = packageDirectory(module);
    if (installed) {
      const version = packageVersion(installed);
      if (version === undefined) return undefined;
      packages.set(recordPath(root, installed), version);
      continue;
    }
    try {
      hashed.set(recordPath(root, module), sha256(readFileSync(module)));
    } catch {
      return undefined;
    }
  }
  const sorted = (map: Map<string, string>): Record<string, string> => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const record: SourcesRecord = {
    about: "Written by gkc build: what the constraints were computed from, so that gkc audit can read them from this directory. Do not edit.",
    format: FORMAT,
    modules: sorted(hashed),
    packages: sorted(packages),
    constraints: constraints.map(({ file, policy, content }) => ({ file, policy, sha256: sha256(content) })),
  };
  return JSON.stringify(record, null, 2) + "\n";
}

/** A recorded constraint file as the build wrote it. */
export interface RecordedConstraintFile extends RecordedConstraint {
  /** Its text, checked against the record's SHA-256. */
  readonly content: string;
}

/** Whether out/'s record still holds: its constraint files in order, or the first thing that changed. */
export type SourcesCheck =
  | { readonly current: true; readonly constraints: readonly RecordedConstraintFile[] }
  | { readonly current: false; readonly reason: string | undefined };

/** The file's bytes, or undefined when it cannot be read. */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Checks `outDir`'s record against the project at `root`, reading each recorded file once.
 * `reason` is undefined when there is no record at all (an out/ from before records, or a partial
 * build); otherwise it names what changed.
 */
export function checkSourcesRecord(root: string, outDir: string): SourcesCheck {
  let record: SourcesRecord;
  try {
    record = JSON.parse(readFileSync(join(outDir, SOURCES_FILE), "utf8")) as SourcesRecord;
  } catch {
    return { current: false, reason: undefined };
  }
  const strings = (value: unknown): boolean => typeof value === "object" && value !== null && Object.values(value).every((v) => typeof v === "string");
  if (record.format !== FORMAT || !strings(record.modules) || !strings(record.packages) || !Array.isArray(record.constraints) || !record.constraints.every(strings)) {
    return { current: false, reason: `${SOURCES_FILE} is not a record this gkc reads` };
  }
  const inProject = (path: string): string | undefined => (isAbsolute(path) ? undefined : join(root, path));
  for (const [path, hash] of Object.entries(record.modules)) {
    const file = inProject(path);
    const content = file === undefined ? undefined : readIfPresent(file);
    if (!content || sha256(content) !== hash) return { current: false, reason: `${path} changed since the build` };
  }
  for (const [path, version] of Object.entries(record.packages)) {
    const directory = inProject(path);
    if (!directory || packageVersion(directory) !== version) return { current: false, reason: `${path} is not version ${version} any more` };
  }
  const constraints: RecordedConstraintFile[] = [];
  for (const { file, policy, sha256: hash } of record.constraints) {
    const content = readIfPresent(join(outDir, file));
    if (!content || sha256(content) !== hash) return { current: false, reason: `${file} is not the file the build wrote` };
    constraints.push({ file, policy, content: content.toString("utf8") });
  }
  return { current: true, constraints };
}

/** The project-relative form of a path, as the record keeps it. */
export function recordPath(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}
