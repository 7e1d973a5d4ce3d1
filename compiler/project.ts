// The user's project: the nearest directory, from the current one upward, that holds a
// gkc.config.json. Paths in the config are relative to it; every command works on it.
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { type Engine, ENGINES } from "./engine.js";

export const CONFIG_FILE = "gkc.config.json";

/** Where a project keeps its policies and its bundle (absolute paths). */
export interface ProjectLayout {
  /** The directory holding gkc.config.json. */
  readonly root: string;
  /** Policy files: `<name>.ts`, fixtures and arbitraries beside them, `bundles/`. */
  readonly policies: string;
  /** The generated bundle. */
  readonly out: string;
  /** gkc.config.json's `engine`: what a build gives templates that do not choose (default rego). */
  readonly engine?: Engine;
  /** gkc.config.json's `vap` and `gatekeeperVap`: what every build (gkc promote's too) writes. */
  readonly vap?: boolean;
  readonly gatekeeperVap?: boolean;
}

/** What gkc.config.json may hold. */
export interface ProjectConfig {
  /** Directory of the policy files, relative to the config file (default `policies`). */
  readonly policies?: string;
  /** Directory of the generated bundle, relative to the config file (default `out`). */
  readonly out?: string;
  /** Gatekeeper engines of every template that does not choose its own (default `rego`). */
  readonly engine?: Engine;
  /** Also write out/vap/ (standalone ValidatingAdmissionPolicies), as `gkc build --vap`. */
  readonly vap?: boolean;
  /** generateVAP: true on templates with CEL, as `gkc build --gatekeeper-vap`. */
  readonly gatekeeperVap?: boolean;
}

export class ProjectError extends Error {}

const KNOWN_KEYS = new Set(["$schema", "policies", "out", "engine", "vap", "gatekeeperVap"]);

/** The default layout of a project rooted at `root`. */
export function defaultLayout(root: string, config: ProjectConfig = {}): ProjectLayout {
  return {
    root,
    policies: resolve(root, config.policies ?? "policies"),
    out: resolve(root, config.out ?? "out"),
    ...(config.engine ? { engine: config.engine } : {}),
    ...(config.vap !== undefined ? { vap: config.vap } : {}),
    ...(config.gatekeeperVap !== undefined ? { gatekeeperVap: config.gatekeeperVap } : {}),
  };
}

/** A layout, or the default layout of a root given as a string. */
export function layoutOf(project: ProjectLayout | string): ProjectLayout {
  return typeof project === "string" ? defaultLayout(project) : project;
}

/** Reads and checks one gkc.config.json; every problem names the file. */
export function readConfig(file: string): ProjectConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProjectError(`${file}: ${error instanceof SyntaxError ? `malformed JSON: ${error.message}` : String(error)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new ProjectError(`${file}: expected a JSON object`);
  const record = parsed as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!KNOWN_KEYS.has(key)) throw new ProjectError(`${file}: unknown key '${key}' (known: policies, out, engine, vap, gatekeeperVap)`);
  }
  for (const key of ["policies", "out"] as const) {
    const value = record[key];
    if (value !== undefined && (typeof value !== "string" || value === "" || isAbsolute(value))) {
      throw new ProjectError(`${file}: '${key}' must be a non-empty path relative to the config file`);
    }
  }
  const engine = record["engine"];
  if (engine !== undefined && !ENGINES.includes(engine as Engine)) throw new ProjectError(`${file}: 'engine' must be one of ${ENGINES.join(", ")}`);
  for (const key of ["vap", "gatekeeperVap"] as const) {
    if (record[key] !== undefined && typeof record[key] !== "boolean") throw new ProjectError(`${file}: '${key}' must be true or false`);
  }
  return record as ProjectConfig;
}

/** The nearest directory at or above `start` holding gkc.config.json, or undefined. */
export function findConfig(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const file = join(dir, CONFIG_FILE);
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The project the current directory belongs to; a one-line error when there is none. */
export function findProject(cwd: string = process.cwd()): ProjectLayout {
  const file = findConfig(cwd);
  if (!file) {
    throw new ProjectError(`no ${CONFIG_FILE} in ${cwd} or any directory above it: run \`npx gkc init\` in your policy repository`);
  }
  const root = dirname(file);
  const config = readConfig(file);
  const layout = defaultLayout(root, config);
  for (const [key, dir] of [["policies", layout.policies], ["out", layout.out]] as const) {
    if (relative(root, dir).startsWith("..")) throw new ProjectError(`${file}: '${key}' must stay inside the project`);
  }
  return layout;
}

/** How a path is shown to the user: relative to where they stand, as they would type it. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const shown = relative(cwd, path);
  return shown === "" ? "." : shown.split("\\").join("/");
}
