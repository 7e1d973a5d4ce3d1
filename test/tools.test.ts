// The pinned opa/gator are built once per machine into a user cache, never into gkc's package dir.
// A fake `go` on PATH records every `go build` and writes a tiny script as the "binary", so the
// locking (one build across concurrent processes, stale-lock recovery) is tested in seconds.
// toolPath runs in child processes (each its own pid and in-memory memo), via bin/run-ts.js.
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { sourcesHash, toolCacheDirectory, toolCacheKey } from "../verify/tools.js";

const root = mkdtempSync(join(tmpdir(), "gkc-tools-test-"));
const fakeBin = join(root, "fakebin");
const emptyBin = join(root, "emptybin");
// .mts: the temp dir has no package.json saying "type": "module", and the driver uses top-level await.
const driver = join(root, "driver.mts");
mkdirSync(fakeBin);
mkdirSync(emptyBin);

// `go version` succeeds; `go build ... -o OUT PKG` logs "cwd|args|go.mod present", waits
// $FAKE_GO_SLEEP seconds (so concurrent callers overlap) and writes an executable script to OUT.
writeFileSync(
  join(fakeBin, "go"),
  `#!/bin/sh
if [ "$1" = version ]; then echo "go version go1.99 fake"; exit 0; fi
if [ "$1" = build ]; then
  gomod=no; [ -f go.mod ] && [ -f go.sum ] && gomod=yes
  [ -f celeval/main.go ] && gomod="$gomod+celeval"
  echo "$PWD|$*|$gomod" >> "$FAKE_GO_LOG"
  out=""
  while [ $# -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done
  sleep "\${FAKE_GO_SLEEP:-1}"
  printf '#!/bin/sh\\necho fake tool\\n' > "$out"
  chmod +x "$out"
  exit 0
fi
exit 1
`,
  { mode: 0o755 },
);

// Prints "ready", waits for the gate file (so concurrent drivers call toolPath at the same moment),
// then prints toolPath(tool) or the error's message.
writeFileSync(
  driver,
  `import { existsSync } from "node:fs";
const { toolPath } = await import(${JSON.stringify(pathToFileURL(join(PACKAGE_ROOT, "verify", "tools.ts")).href)});
const [tool, gate] = process.argv.slice(2);
if (gate) {
  console.log("ready");
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(gate)) Atomics.wait(cell, 0, 0, 10);
}
try {
  console.log(toolPath(tool));
} catch (error) {
  console.error("ERROR " + (error as Error).message);
  process.exit(3);
}
`,
);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Sandbox {
  cache: string;
  log: string;
  env: NodeJS.ProcessEnv;
}

let counter = 0;
const children = new Set<ChildProcess>();
function sandbox(extra: NodeJS.ProcessEnv = {}): Sandbox {
  const dir = join(root, `case-${counter++}`);
  mkdirSync(dir);
  const cache = join(dir, "cache");
  const log = join(dir, "go.log");
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${fakeBin}:${process.env.PATH ?? ""}`, GKC_CACHE_DIR: cache, FAKE_GO_LOG: log };
  for (const name of ["OPA_BIN", "GATOR_BIN", "GKC_CELEVAL_BIN", "XDG_CACHE_HOME", "NODE_OPTIONS"]) delete env[name];
  return { cache, log, env: { ...env, ...extra } };
}

/** Starts a driver; resolves `ready` once it is waiting at the gate (if one is given). */
function start(tool: string, env: NodeJS.ProcessEnv, gate?: string): { ready: Promise<void>; done: Promise<Run> } {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "run-ts.js"), driver, tool, ...(gate ? [gate] : [])], { cwd: root, env });
  children.add(child);
  let stdout = "";
  let stderr = "";
  let signalReady = (): void => {};
  let failReady = (_: Error): void => {};
  const ready = new Promise<void>((resolve, reject) => {
    signalReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {}); // only awaited when there is a gate; a later rejection is not "unhandled"
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.startsWith("ready\n")) signalReady();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Run>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      children.delete(child);
      failReady(new Error(`driver exited before reaching the gate: ${stderr}`));
      resolve({ code, stdout: stdout.replace(/^ready\n/, "").trim(), stderr });
    });
  });
  return { ready, done };
}

const run = (tool: string, env: NodeJS.ProcessEnv): Promise<Run> => start(tool, env).done;

function builds(log: string): string[][] {
  return existsSync(log) ? readFileSync(log, "utf8").trim().split("\n").map((line) => line.split("|")) : [];
}

function expectExecutable(path: string): void {
  expect(() => accessSync(path, constants.X_OK)).not.toThrow();
}

afterAll(() => {
  // A driver still waiting on a lock after a failed test would otherwise outlive the run.
  for (const child of children) child.kill();
  rmSync(root, { recursive: true, force: true });
});

describe("pinned tools in the per-user cache", { timeout: 20_000 }, () => {
  it("two concurrent processes build the tool once and both get the finished binary", async () => {
    // Two seconds of "building": the other process must find the lock even on a loaded machine.
    const box = sandbox({ FAKE_GO_SLEEP: "2" });
    const gate = join(root, "gate-concurrent");
    const a = start("opa", box.env, gate);
    const b = start("opa", box.env, gate);
    await Promise.all([a.ready, b.ready]);
    writeFileSync(gate, "");
    const [ra, rb] = await Promise.all([a.done, b.done]);

    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(ra.stdout).toBe(rb.stdout);
    const bin = ra.stdout;
    expect(bin.startsWith(join(box.cache, "tools") + "/")).toBe(true);
    expect(bin.endsWith("/bin/opa")).toBe(true);
    expectExecutable(bin);

    const logged = builds(box.log);
    expect(logged).toHaveLength(1);
    const [cwd, args, gomod] = logged[0] ?? [];
    // Built from a private copy of go.mod/go.sum inside the cache, go.mod never edited.
    expect(cwd?.startsWith(box.cache)).toBe(true);
    expect(gomod).toBe("yes");
    expect(args).toMatch(/^build -mod=readonly -o \S+\/opa\.partial-\d+ github\.com\/open-policy-agent\/opa$/);
    expect([ra.stderr, rb.stderr].filter((s) => s.includes("gkc: building pinned opa"))).toHaveLength(1);
    expect([ra.stderr, rb.stderr].filter((s) => s.includes("waiting for another gkc process"))).toHaveLength(1);

    // Nothing left behind but the binary: no lock, no partial, no build directory.
    const binDir = join(bin, "..");
    expect(readdirSync(binDir)).toEqual(["opa"]);
    expect(readdirSync(join(binDir, ".."))).toEqual(["bin"]);
  });

  it("a second call after a build does not build again", async () => {
    const box = sandbox();
    const first = await run("gator", box.env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/gkc: building pinned gator v\S+ into .*\(once per machine, a few minutes\)/);
    const second = await run("gator", box.env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).not.toContain("building");
    expect(builds(box.log)).toHaveLength(1);
    expect(builds(box.log)[0]?.[1]).toMatch(/ github\.com\/open-policy-agent\/gatekeeper\/v3\/cmd\/gator$/);
  });

  it("recovers a lock left by a dead process", async () => {
    const box = sandbox();
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ["-e", ""]);
      child.on("close", () => resolve(child.pid ?? 0));
    });
    const binDir = join(box.cache, "tools", toolCacheKey(join(PACKAGE_ROOT, "tools")), "bin");
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, "opa.lock"), JSON.stringify({ pid: dead, started: Date.now() }));
    const result = await run("opa", box.env);
    expect(result.code, result.stderr).toBe(0);
    expectExecutable(result.stdout);
    expect(builds(box.log)).toHaveLength(1);
    expect(existsSync(join(binDir, "opa.lock"))).toBe(false);
  });

  it("recovers a lock older than 30 minutes even if its pid is alive", async () => {
    const box = sandbox();
    const binDir = join(box.cache, "tools", toolCacheKey(join(PACKAGE_ROOT, "tools")), "bin");
    mkdirSync(binDir, { recursive: true });
    writeFileSync(join(binDir, "gator.lock"), JSON.stringify({ pid: process.pid, started: Date.now() - 31 * 60 * 1000 }));
    const result = await run("gator", box.env);
    expect(result.code, result.stderr).toBe(0);
    expectExecutable(result.stdout);
    expect(builds(box.log)).toHaveLength(1);
  });

  it("OPA_BIN overrides the cache and never builds; a missing override is a one-line error", async () => {
    const box = sandbox();
    const fake = join(root, "my-opa");
    writeFileSync(fake, "#!/bin/sh\n", { mode: 0o755 });
    const result = await run("opa", { ...box.env, OPA_BIN: fake });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(fake);
    expect(builds(box.log)).toHaveLength(0);
    expect(existsSync(box.cache)).toBe(false);

    const missing = await run("opa", { ...box.env, OPA_BIN: join(root, "nope") });
    expect(missing.code).toBe(3);
    expect(missing.stderr.trim()).toBe(`ERROR OPA_BIN=${join(root, "nope")} does not exist`);
  });

  it("without Go, says to install Go or set the override, in one line", async () => {
    const box = sandbox();
    const result = await run("gator", { ...box.env, PATH: emptyBin });
    expect(result.code).toBe(3);
    const error = result.stderr.trim().split("\n").filter((line) => line.startsWith("ERROR"));
    expect(error).toHaveLength(1);
    expect(error[0]).toMatch(/install Go .* or set GATOR_BIN/);
    // The lock is released on failure.
    expect(readdirSync(toolCacheDirectoryIn(box.cache))).toEqual([]);
  });

  it("celeval is built from a copy of the module with its Go source, named by the source's hash", async () => {
    const box = sandbox();
    const result = await run("celeval", box.env);
    expect(result.code, result.stderr).toBe(0);
    const hash = sourcesHash(join(PACKAGE_ROOT, "tools"), ["celeval/main.go"]);
    expect(result.stdout).toBe(join(toolCacheDirectoryIn(box.cache), `celeval-${hash}`));
    const [cwd, args, copied] = builds(box.log)[0] ?? [];
    expect(cwd?.startsWith(box.cache)).toBe(true);
    expect(copied).toBe("yes+celeval");
    expect(args).toMatch(new RegExp(`^build -mod=readonly -o \\S+/celeval-${hash}\\.partial-\\d+ \\./celeval$`));

    const override = await run("celeval", { ...box.env, GKC_CELEVAL_BIN: join(root, "no-celeval") });
    expect(override.code).toBe(3);
    expect(override.stderr.trim()).toBe(`ERROR GKC_CELEVAL_BIN=${join(root, "no-celeval")} does not exist`);
  });

  it("never writes into gkc's package directory", () => {
    // tools/ holds Go modules of pins (tools/go.mod, the test cluster's tools/cluster/...) and
    // gkc's own Go source (tools/celeval/, and tools/celprof/, a development aid), nothing else.
    const files = readdirSync(join(PACKAGE_ROOT, "tools"), { recursive: true, withFileTypes: true }).filter((entry) => !entry.isDirectory());
    expect(files.length).toBeGreaterThan(0);
    const ownSource = ["celeval", "celprof"].map((dir) => join(PACKAGE_ROOT, "tools", dir));
    const source = (entry: { name: string; parentPath: string }) => ownSource.includes(entry.parentPath) && entry.name.endsWith(".go");
    expect(files.filter((entry) => entry.name !== "go.mod" && entry.name !== "go.sum" && !source(entry)).map((entry) => join(entry.parentPath, entry.name))).toEqual([]);
    expect(readdirSync(join(PACKAGE_ROOT, "tools")).filter((name) => name.startsWith("go.")).sort()).toEqual(["go.mod", "go.sum"]);
  });
});

function toolCacheDirectoryIn(cache: string): string {
  return join(cache, "tools", toolCacheKey(join(PACKAGE_ROOT, "tools")), "bin");
}

describe("cache key and location", () => {
  beforeEach(() => {
    vi.unstubAllEnvs();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  function toolsCopy(): string {
    const dir = mkdtempSync(join(root, "tools-"));
    for (const file of ["go.mod", "go.sum"]) copyFileSync(join(PACKAGE_ROOT, "tools", file), join(dir, file));
    return dir;
  }

  it("is the pinned versions plus a hash of go.mod and go.sum", () => {
    const goMod = readFileSync(join(PACKAGE_ROOT, "tools", "go.mod"), "utf8");
    const opa = /^\s*github\.com\/open-policy-agent\/opa (v\S+)/m.exec(goMod)?.[1];
    const gatekeeper = /^\s*github\.com\/open-policy-agent\/gatekeeper\/v3 (v\S+)/m.exec(goMod)?.[1];
    expect(opa).toBeDefined();
    expect(gatekeeper).toBeDefined();
    expect(toolCacheKey(join(PACKAGE_ROOT, "tools"))).toMatch(new RegExp(`^opa-${opa}-gatekeeper-${gatekeeper}-[0-9a-f]{12}$`));
  });

  it("is the same for the same go.mod and go.sum anywhere, and changes when either changes", () => {
    const original = toolCacheKey(join(PACKAGE_ROOT, "tools"));
    const copy = toolsCopy();
    expect(toolCacheKey(copy)).toBe(original);

    const goMod = join(copy, "go.mod");
    writeFileSync(goMod, readFileSync(goMod, "utf8").replace(/(github\.com\/open-policy-agent\/opa) v\S+/, "$1 v9.9.9"));
    const bumped = toolCacheKey(copy);
    expect(bumped).not.toBe(original);
    expect(bumped).toMatch(/^opa-v9\.9\.9-gatekeeper-v/);

    const other = toolsCopy();
    writeFileSync(join(other, "go.sum"), readFileSync(join(other, "go.sum"), "utf8") + "example.com/x v1.0.0 h1:abc=\n");
    const summed = toolCacheKey(other);
    expect(summed).not.toBe(original);
    expect(summed.replace(/[0-9a-f]{12}$/, "")).toBe(original.replace(/[0-9a-f]{12}$/, ""));
  });

  it("a binary of gkc's own Go source is named by a hash that changes when the source changes", () => {
    const copy = toolsCopy();
    mkdirSync(join(copy, "celeval"));
    const main = join(copy, "celeval", "main.go");
    copyFileSync(join(PACKAGE_ROOT, "tools", "celeval", "main.go"), main);
    const original = sourcesHash(join(PACKAGE_ROOT, "tools"), ["celeval/main.go"]);
    expect(sourcesHash(copy, ["celeval/main.go"])).toBe(original);
    writeFileSync(main, readFileSync(main, "utf8") + "\n// edited\n");
    expect(sourcesHash(copy, ["celeval/main.go"])).not.toBe(original);
    expect(() => sourcesHash(copy, ["celeval/missing.go"])).toThrow(/gkc's tools module is missing .*missing\.go: reinstall gkc/);
  });

  it("lives under GKC_CACHE_DIR, else an absolute XDG_CACHE_HOME, else ~/.cache", () => {
    const key = toolCacheKey(join(PACKAGE_ROOT, "tools"));
    vi.stubEnv("GKC_CACHE_DIR", join(root, "explicit"));
    vi.stubEnv("XDG_CACHE_HOME", join(root, "xdg"));
    expect(toolCacheDirectory()).toBe(join(root, "explicit", "tools", key, "bin"));
    vi.stubEnv("GKC_CACHE_DIR", "");
    expect(toolCacheDirectory()).toBe(join(root, "xdg", "gkc", "tools", key, "bin"));
    vi.stubEnv("XDG_CACHE_HOME", "relative/cache");
    vi.stubEnv("HOME", join(root, "home"));
    expect(toolCacheDirectory()).toBe(join(root, "home", ".cache", "gkc", "tools", key, "bin"));
  });
});
