// What a demanding user tries first: outputs that would destroy files gkc did not write, usage
// errors, replaying a failure's seed, and a syntax error in a policy or in a shared module.
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { OUTPUT_MARKER } from "../compiler/output.js";
import { tempProject } from "./support/temp-project.js";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function gkc(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const POLICY = readFileSync(join(PACKAGE_ROOT, "policies", "naming-convention.ts"), "utf8");
const projects: string[] = [];
function project(files: Record<string, string> = { "policies/naming-convention.ts": POLICY }): string {
  const root = tempProject(files, "gkc-cli-safety-");
  projects.push(root);
  return root;
}
afterAll(() => {
  for (const root of projects) rmSync(root, { recursive: true, force: true });
});

/**
 * Every file under `dir` with its content, skipping node_modules (not entered: its gkc links to
 * this checkout, whose own tree a recursive listing would walk on every call).
 */
function contents(dir: string, prefix = "", files = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : join(prefix, entry.name);
    if (entry.name === "node_modules" && prefix === "") continue;
    if (entry.isDirectory()) contents(dir, relative, files);
    else files.set(relative, readFileSync(join(dir, relative), "utf8"));
  }
  return files;
}

describe("outputs never destroy what gkc did not write", () => {
  test("build --out . and --out policies are refused with exit 2, and nothing is touched", async () => {
    const root = project();
    writeFileSync(join(root, "README.md"), "mine\n");
    const before = contents(root);
    for (const out of [".", "policies"]) {
      const run = await gkc(root, "build", "--out", out);
      expect(run.status, run.stderr).toBe(2);
      expect(run.stderr).toMatch(/refusing to replace .*it holds files gkc did not write/);
      expect(contents(root)).toEqual(before);
    }
  }, 60_000);

  test("docs --out over hand-written docs is refused; a new directory, an empty one and gkc's own are replaced", async () => {
    const root = project();
    mkdirSync(join(root, "docs"));
    writeFileSync(join(root, "docs", "audit-json.md"), "# hand-written\n");
    const refused = await gkc(root, "docs", "--out", "docs");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("docs/");
    expect(readFileSync(join(root, "docs", "audit-json.md"), "utf8")).toBe("# hand-written\n");

    mkdirSync(join(root, "empty"));
    expect((await gkc(root, "docs", "--out", "empty")).status).toBe(0);
    expect(existsSync(join(root, "empty", OUTPUT_MARKER))).toBe(true);
    expect((await gkc(root, "docs", "--out", "empty")).status).toBe(0);
    expect((await gkc(root, "docs", "--out", "fresh/docs")).status).toBe(0);
  }, 60_000);

  test("docs into the bundle's docs/ (the default) keeps build --check clean", async () => {
    const root = project();
    expect((await gkc(root, "build")).status).toBe(0);
    expect((await gkc(root, "docs")).status).toBe(0);
    expect(existsSync(join(root, "out", "docs", OUTPUT_MARKER))).toBe(false);
    const check = await gkc(root, "build", "--check");
    expect(check.status, check.stderr).toBe(0);
  }, 60_000);

  test("init in a gkc project (this repository) is a no-op that says so", async () => {
    const run = await gkc(PACKAGE_ROOT, "init");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/already a gkc project \(gkc\.config\.json\); nothing to do/);
  });

  test("a bundle is replaced when it carries the marker, or (written before the marker) holds only gkc's files", async () => {
    const root = project();
    expect((await gkc(root, "build")).status).toBe(0);
    expect(existsSync(join(root, "out", OUTPUT_MARKER))).toBe(true);
    rmSync(join(root, "out", OUTPUT_MARKER));
    const legacy = await gkc(root, "build");
    expect(legacy.status, legacy.stderr).toBe(0);
    writeFileSync(join(root, "out", "notes.txt"), "mine\n");
    rmSync(join(root, "out", OUTPUT_MARKER));
    const refused = await gkc(root, "build");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("notes.txt");
    expect(readFileSync(join(root, "out", "notes.txt"), "utf8")).toBe("mine\n");
  }, 60_000);
});

describe("usage errors exit 2 in every command", () => {
  test.each([
    [["build", "--no-such-flag"]],
    [["verify", "--runs", "many"]],
    [["promote", "dns-label-names"]],
    [["promote", "dns-label-names", "--to", "enforce"]],
    [["audit", "--format", "xml", "x.yaml"]],
    [["no-such-command"]],
  ])("gkc %j", async (args) => {
    const run = await gkc(project(), ...args);
    expect(run.status, run.stdout + run.stderr).toBe(2);
  }, 30_000);

  test("outside a project, a command says how to make one", async () => {
    const run = await gkc(join(project(), ".."), "build");
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/no gkc\.config\.json .* run `npx gkc init`/);
  });
});

describe("replay and diagnostics", () => {
  test("verify fails closed on a policy with nothing to compare", async () => {
    const root = project();
    expect((await gkc(root, "build")).status).toBe(0);
    const run = await gkc(root, "verify");
    expect(run.status).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/K8sNamingConvention: nothing was compared/);
  }, 60_000);

  test("--seed accepts every seed gkc prints, negative ones included", async () => {
    const root = project({
      "policies/naming-convention.ts": POLICY,
      "policies/naming-convention.arbitraries.ts": readFileSync(join(PACKAGE_ROOT, "policies", "naming-convention.arbitraries.ts"), "utf8"),
    });
    expect((await gkc(root, "build")).status).toBe(0);
    const run = await gkc(root, "verify", "--runs", "20", "--seed", "-1407563129");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/20 generated inputs agree/);
  }, 60_000);

  test("verify fails closed when the arbitraries give no Constraint Gatekeeper admits", async () => {
    // pattern is a string in the schema: Constraints with a number are refused, so never compared.
    const arbitraries = readFileSync(join(PACKAGE_ROOT, "policies", "naming-convention.arbitraries.ts"), "utf8");
    const refused = `${arbitraries}\nexport const refusedParameters = fc.constant({ pattern: 5 });\n`.replace("export const parameters:", "const unused:").replace(/export const refusedParameters/, "export const parameters");
    const fixtures = readFileSync(join(PACKAGE_ROOT, "policies", "naming-convention.fixtures.yaml"), "utf8");
    const root = project({ "policies/naming-convention.ts": POLICY, "policies/naming-convention.arbitraries.ts": refused, "policies/naming-convention.fixtures.yaml": fixtures });
    expect((await gkc(root, "build")).status).toBe(0);
    const run = await gkc(root, "verify", "--runs", "20", "--engine", "rego");
    expect(run.status, run.stdout + run.stderr).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/only 0 of 20 generated inputs had parameters Gatekeeper admits/);
  }, 60_000);

  test("a syntax error in a policy prints file:line:col, the code and a code frame", async () => {
    const broken = POLICY.replace("export function* violations(", "export function* violations(,");
    const root = project({ "policies/naming-convention.ts": broken });
    const line = broken.split("\n").findIndex((l) => l.includes("violations(,")) + 1;
    const run = await gkc(root, "build");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`policies/naming-convention\\.ts:${line}:\\d+ - error GKC1028: syntax error`));
    expect(run.stderr).toContain(`${line} | export function* violations(,`);
    expect(run.stderr).not.toMatch(/Transform failed/);
  }, 60_000);

  test("a syntax error in a shared module is reported once, in that module", async () => {
    const root = project();
    rmSync(join(root, "policies"), { recursive: true });
    cpSync(join(PACKAGE_ROOT, "policies"), join(root, "policies"), { recursive: true });
    rmSync(join(root, "policies", "bundles"), { recursive: true });
    const shared = join(root, "policies", "lib", "containers.ts");
    writeFileSync(shared, readFileSync(shared, "utf8").replace("export function", "export function function"));
    const importers = readdirSync(join(root, "policies")).filter((f) => f.endsWith(".ts") && readFileSync(join(root, "policies", f), "utf8").includes("./lib/containers.js"));
    expect(importers.length).toBeGreaterThan(1);
    const run = await gkc(root, "build");
    expect(run.status).toBe(1);
    const located = run.stderr.match(/policies\/lib\/containers\.ts:\d+:\d+ - error GKC1028/g) ?? [];
    expect(located.length).toBe(1);
    for (const importer of importers) expect(run.stderr).not.toContain(`policies/${importer}: cannot load`);
  }, 120_000);
});

describe("a reader that stops early", () => {
  test("gkc audit into a closed pipe ends with 141 (as SIGPIPE would), no stack trace, never 0", async () => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), "audit", "test/data/audit/manifests", "--constraints", "out/constraints"], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // The reader is gone before gkc writes its first line.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on("close", done));
    expect(stderr).toBe("");
    expect(code).toBe(141);
  });
});
