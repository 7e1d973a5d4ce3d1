// Locates the pinned `opa` and `gator` binaries, and gkc's `celeval` (tools/celeval/, Gatekeeper's
// CEL driver behind a JSON-lines protocol), building them from gkc's tools/go.mod on first use.
// OPA_BIN / GATOR_BIN / GKC_CELEVAL_BIN override. gkc is installed into users' projects (possibly a read-only
// node_modules), so the build goes to a per-user cache shared by every project on the machine:
//   $GKC_CACHE_DIR | $XDG_CACHE_HOME/gkc | ~/.cache/gkc  +  /tools/<versions>-<hash of go.mod+go.sum>/bin
// A lock file per tool makes concurrent gkc processes build it once; the binary only ever
// appears by an atomic rename, so nobody runs a half-written one. `pinnedBinary` is that machinery
// for any Go module of pins (the test cluster's binaries use it with tools/cluster/).
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { PACKAGE_ROOT } from "../compiler/package.js";


export type ToolName = "opa" | "gator" | "celeval";

const PACKAGES: Record<ToolName, string> = {
  opa: "github.com/open-policy-agent/opa",
  gator: "github.com/open-policy-agent/gatekeeper/v3/cmd/gator",
  celeval: "./celeval",
};
const OVERRIDES: Record<ToolName, string> = { opa: "OPA_BIN", gator: "GATOR_BIN", celeval: "GKC_CELEVAL_BIN" };
// The module whose version each tool is built at (gator and celeval come from Gatekeeper).
const MODULES: Record<ToolName, string> = {
  opa: "github.com/open-policy-agent/opa",
  gator: "github.com/open-policy-agent/gatekeeper/v3",
  celeval: "github.com/open-policy-agent/gatekeeper/v3",
};
/** gkc's own Go sources a tool is built from, relative to tools/ (their hash names the binary). */
const SOURCES: Partial<Record<ToolName, readonly string[]>> = { celeval: ["celeval/main.go"] };

const TOOLS_MODULE = join(PACKAGE_ROOT, "tools");
const LOCK_POLL_MS = 200;
const LOCK_MAX_AGE_MS = 30 * 60 * 1000;

export class ToolUnavailableError extends Error {}

interface ToolsModule {
  key: string;
  versions: Record<ToolName, string>;
}

/** The version a go.mod requires `module` at, or "unknown". */
export function requiredVersion(goMod: string, module: string): string {
  // A require line, in a block or single: `<module> v1.2.3 // indirect`. [ \t] keeps the match on
  // one line, so the version-less `tool` directives (…/gatekeeper/v3/cmd/gator) never match.
  const escaped = module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const found = new RegExp(`^[ \\t]*(?:require[ \\t]+)?${escaped}[ \\t]+(v\\S+)`, "m").exec(goMod)?.[1];
  return found ?? "unknown";
}

/** A Go module of pins: its go.mod text and a hash of go.mod + go.sum (any change is a new build). */
export interface GoModule {
  goMod: string;
  hash: string;
}

/** Reads go.mod and go.sum in `moduleDir`; `missing` is the one-line error when either is absent. */
export function readGoModule(moduleDir: string, missing: (path: string) => string): GoModule {
  let goMod: string;
  let goSum: string;
  try {
    goMod = readFileSync(join(moduleDir, "go.mod"), "utf8");
    goSum = readFileSync(join(moduleDir, "go.sum"), "utf8");
  } catch {
    throw new ToolUnavailableError(missing(join(moduleDir, "go.mod")));
  }
  return { goMod, hash: createHash("sha256").update(goMod).update(goSum).digest("hex").slice(0, 12) };
}

function readToolsModule(toolsDir: string): ToolsModule {
  const { goMod, hash } = readGoModule(toolsDir, (path) => `gkc's tools module is missing (${path}, go.sum): reinstall gkc or set OPA_BIN/GATOR_BIN`);
  const versions: Record<ToolName, string> = { opa: requiredVersion(goMod, MODULES.opa), gator: requiredVersion(goMod, MODULES.gator), celeval: requiredVersion(goMod, MODULES.celeval) };
  // Versions keep the directory readable; the hash makes any other go.mod/go.sum change a new key.
  const key = `opa-${versions.opa}-gatekeeper-${versions.gator}-${hash}`.replace(/[^A-Za-z0-9._-]/g, "_");
  return { key, versions };
}

/** Cache key for the tools module in `toolsDir`: same go.mod and go.sum → same key, so projects share one build. */
export function toolCacheKey(toolsDir: string): string {
  return readToolsModule(toolsDir).key;
}

/** gkc's per-user cache: `$GKC_CACHE_DIR`, else `$XDG_CACHE_HOME/gkc`, else `~/.cache/gkc`. */
export function cacheRoot(): string {
  const explicit = process.env.GKC_CACHE_DIR;
  if (explicit) return resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  const base = xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache");
  return join(base, "gkc");
}

/** The directory the pinned tools are built into (and looked up in) on this machine. */
export function toolCacheDirectory(): string {
  return join(cacheRoot(), "tools", readToolsModule(TOOLS_MODULE).key, "bin");
}

const resolved = new Map<ToolName, string>();

/** Path of a pinned tool, building it once if needed. Throws ToolUnavailableError with a one-line reason. */
export function toolPath(name: ToolName): string {
  const cached = resolved.get(name);
  if (cached) return cached;
  const override = process.env[OVERRIDES[name]];
  if (override) {
    if (!existsSync(override)) {
      throw new ToolUnavailableError(`${OVERRIDES[name]}=${override} does not exist`);
    }
    resolved.set(name, override);
    return override;
  }
  const sources = SOURCES[name];
  const target = pinnedBinary({
    // A binary built from gkc's own sources is named by their hash too: an edit is a new build.
    name: sources ? `${name}-${sourcesHash(TOOLS_MODULE, sources)}` : name,
    goPackage: PACKAGES[name],
    moduleDir: TOOLS_MODULE,
    binDir: toolCacheDirectory(),
    version: readToolsModule(TOOLS_MODULE).versions[name],
    override: OVERRIDES[name],
    ...(sources ? { sources } : {}),
  });
  resolved.set(name, target);
  return target;
}

/** A short hash of the files `sources` (relative to `moduleDir`); a missing file is a one-line ToolUnavailableError. */
export function sourcesHash(moduleDir: string, sources: readonly string[]): string {
  const hash = createHash("sha256");
  for (const source of sources) {
    try {
      hash.update(source).update("\0").update(readFileSync(join(moduleDir, source))).update("\0");
    } catch {
      throw new ToolUnavailableError(`gkc's tools module is missing ${join(moduleDir, source)}: reinstall gkc`);
    }
  }
  return hash.digest("hex").slice(0, 12);
}

/** One binary to build from a Go module of pins into a cache directory. */
export interface PinnedBuild {
  /** The binary's file name in `binDir` (and the name in messages and lock files). */
  name: string;
  /** The Go package to build (a `tool` of the module). */
  goPackage: string;
  /** The directory holding go.mod and go.sum (may be read-only: the build copies them). */
  moduleDir: string;
  /** Where the binary goes, shared by every process on the machine. */
  binDir: string;
  /** The version, for messages. */
  version: string;
  /** The environment variable that points at a binary of one's own, if any, for messages. */
  override?: string;
  /** Go source files of the module itself (relative to `moduleDir`) the package is built from. */
  sources?: readonly string[];
}

/** Path of the binary `spec` describes, building it once per machine (locked, atomic). */
export function pinnedBinary(spec: PinnedBuild): string {
  const target = join(spec.binDir, spec.name);
  if (!existsSync(target)) buildOnce(spec, target);
  return target;
}

interface LockOwner {
  pid: number;
  started: number;
}

function buildOnce(spec: PinnedBuild, target: string): void {
  const { name, binDir } = spec;
  try {
    mkdirSync(binDir, { recursive: true });
  } catch (error) {
    throw new ToolUnavailableError(`cannot create the tool cache ${binDir}: ${(error as Error).message}`);
  }
  const lock = join(binDir, `${name}.lock`);
  const owner = acquireLock(name, lock, target);
  if (!owner) return; // another process built it while we waited
  try {
    // Re-check under the lock: another process may have finished between our check and our lock.
    if (!existsSync(target)) build(spec, target);
  } finally {
    releaseLock(lock, owner);
  }
}

/** Takes the tool's lock, or returns undefined once another process has produced the binary. */
function acquireLock(name: string, lock: string, target: string): LockOwner | undefined {
  let announced = false;
  for (;;) {
    const owner: LockOwner = { pid: process.pid, started: Date.now() };
    try {
      const fd = openSync(lock, "wx");
      try {
        writeSync(fd, JSON.stringify(owner));
      } finally {
        closeSync(fd);
      }
      return owner;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new ToolUnavailableError(`cannot create ${lock}: ${(error as Error).message}`);
      }
    }
    if (existsSync(target)) return undefined;
    const holder = readLock(lock);
    if (holder === "gone") continue;
    if (isStale(lock, holder)) {
      // Dead or hung builder. Two waiters could both judge it stale and the second remove the
      // first's fresh lock; the worst outcome is a duplicate build, never a torn binary.
      rmSync(lock, { force: true });
      continue;
    }
    if (!announced) {
      const by = holder ? ` (pid ${holder.pid})` : "";
      process.stderr.write(`gkc: waiting for another gkc process building ${name}${by}...\n`);
      announced = true;
    }
    sleep(LOCK_POLL_MS);
  }
}

/** The lock's owner; undefined if unreadable (being written right now); "gone" if it vanished. */
function readLock(lock: string): LockOwner | undefined | "gone" {
  let text: string;
  try {
    text = readFileSync(lock, "utf8");
  } catch {
    return "gone";
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid === "number" && typeof parsed.started === "number") return { pid: parsed.pid, started: parsed.started };
  } catch {
    // fall through
  }
  return undefined;
}

function isStale(lock: string, holder: LockOwner | undefined): boolean {
  if (!holder) {
    // Created but not yet written (open "wx" then write), or its writer died in between:
    // give it a few seconds by the file's own age.
    try {
      return Date.now() - statSync(lock).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  if (Date.now() - holder.started > LOCK_MAX_AGE_MS) return true;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    // EPERM: alive but another user's. Only ESRCH means no such process.
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function releaseLock(lock: string, owner: LockOwner): void {
  // Only remove our own lock: if we were judged stale and taken over, the lock is someone else's now.
  const holder = readLock(lock);
  if (holder !== "gone" && holder?.pid === owner.pid && holder.started === owner.started) rmSync(lock, { force: true });
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function build(spec: PinnedBuild, target: string): void {
  const { name, binDir, moduleDir } = spec;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new ToolUnavailableError(
      `${name} is needed but Go is not installed: install Go >= 1.24 (so gkc can build ${name} from its ${displayPath(join(moduleDir, "go.mod"))})${spec.override ? ` or set ${spec.override} to a ${name} binary` : ""}`,
    );
  }
  process.stderr.write(`gkc: building pinned ${name} ${spec.version} into ${displayPath(binDir)} (once per machine, a few minutes)...\n`);
  // The package directory may be read-only, so build from a private copy of the module. Per process
  // and tool (not shared): another process may be copying the same files for the other tool.
  const buildDir = mkdtempSync(join(binDir, "..", `build-${name}-`));
  const partial = `${target}.partial-${process.pid}`;
  try {
    copyFileSync(join(moduleDir, "go.mod"), join(buildDir, "go.mod"));
    copyFileSync(join(moduleDir, "go.sum"), join(buildDir, "go.sum"));
    for (const source of spec.sources ?? []) {
      mkdirSync(dirname(join(buildDir, source)), { recursive: true });
      copyFileSync(join(moduleDir, source), join(buildDir, source));
    }
    // -mod=readonly on the command line wins over GOFLAGS (kept from the environment otherwise):
    // the pinned go.mod/go.sum are used as they are, never updated.
    execFileSync("go", ["build", "-mod=readonly", "-o", partial, spec.goPackage], {
      cwd: buildDir,
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    // Rename is atomic: a concurrent reader sees no binary or the whole binary.
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split("\n").pop() || (error as Error).message.split("\n")[0];
    throw new ToolUnavailableError(`building ${name} with Go failed: ${stderr}`);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

function displayPath(path: string): string {
  const home = homedir();
  return path.startsWith(home + sep) ? `~${path.slice(home.length)}` : path;
}
