// The CI gate's fast path in project mode: `gkc build` records what the constraints were computed
// from (out/.gkc-sources.json), and `gkc audit` then reads them from out/constraints without
// loading the TypeScript, with the same report. When anything recorded changed (a policy, a
// constraint file, a package's version), it loads the policies as before and says why on stderr.
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { checkSourcesRecord, renderSourcesRecord, SOURCES_FILE } from "../compiler/sources.js";

const TIMEOUT = 120_000;
const HOOK = join(PACKAGE_ROOT, "test", "support", "forbid-modules.mjs");

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function gkc(cwd: string, args: readonly string[], options: { forbidLoader?: boolean } = {}): Promise<CliRun> {
  const node = options.forbidLoader ? ["--import", HOOK] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...node, join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", GKC_FORBID_LOADER: options.forbidLoader ? "1" : "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const NAMING = (action: string): string =>
  [
    'export { template, violations } from "gkc/library/naming-convention";',
    'export type { Parameters } from "gkc/library/naming-convention";',
    'import type { Parameters } from "gkc/library/naming-convention";',
    'import { constraint } from "gkc/sdk";',
    "export const constraints = [",
    `  constraint<Parameters>({ name: "dns-names", enforcementAction: "${action}", parameters: { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" } }),`,
    "];",
    "",
  ].join("\n");

const temp = mkdtempSync(join(tmpdir(), "gkc-audit-record-"));
const team = join(temp, "team");
const audit = ["audit", "manifests", "--format", "json", "--no-progress"];
let built: CliRun;

beforeAll(async () => {
  // A team's project as `gkc init` and the README's adoption example make it (gkc installed as a
  // dependency: a symlink to this checkout).
  mkdirSync(join(team, "policies"), { recursive: true });
  mkdirSync(join(team, "node_modules"));
  symlinkSync(PACKAGE_ROOT, join(team, "node_modules", "gkc"), "dir");
  writeFileSync(join(team, "gkc.config.json"), JSON.stringify({ policies: "policies", out: "out" }) + "\n");
  cpSync(join(PACKAGE_ROOT, "templates", "init", "policies", "package.json"), join(team, "policies", "package.json"));
  writeFileSync(join(team, "policies", "naming.ts"), NAMING("dryrun"));
  writeFileSync(join(team, "policies", "labels.ts"), 'export { template, violations, constraints } from "gkc/library/required-labels";\nexport type { Parameters } from "gkc/library/required-labels";\n');
  cpSync(join(PACKAGE_ROOT, "test", "data", "audit", "manifests"), join(team, "manifests"), { recursive: true });
  built = await gkc(team, ["build"]);
}, TIMEOUT);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("gkc audit in project mode with a current out/", () => {
  it("reads the constraints from out/ without loading the TypeScript, with the report the policies give", async () => {
    expect(built.status, built.stderr).toBe(0);
    const record = join(team, "out", SOURCES_FILE);
    expect(JSON.parse(readFileSync(record, "utf8")).constraints.map((c: { policy: string }) => c.policy)).toEqual([
      "policies/labels.ts",
      "policies/labels.ts",
      "policies/labels.ts",
      "policies/naming.ts",
    ]);
    const fast = await gkc(team, audit, { forbidLoader: true });
    expect(fast.stderr).toBe("");
    expect([0, 1]).toContain(fast.status);
    expect(JSON.parse(fast.stdout).summary.errors).toBe(0);
    // Without the record the policies are loaded (the hook then refuses tsx): same report.
    renameSync(record, `${record}.aside`);
    try {
      const refused = await gkc(team, audit, { forbidLoader: true });
      expect(refused.stdout + refused.stderr).toMatch(/forbidden import of (tsx|typescript)/);
      const slow = await gkc(team, audit);
      expect(slow.stderr).toBe("");
      expect(slow.stdout).toBe(fast.stdout);
      expect(JSON.parse(fast.stdout).constraints.length).toBe(4);
    } finally {
      renameSync(`${record}.aside`, record);
    }
  }, TIMEOUT);

  it("`gkc build --check` leaves the record out", async () => {
    writeFileSync(join(team, "out", SOURCES_FILE), "{}\n");
    try {
      const check = await gkc(team, ["build", "--check"]);
      expect(check.status, check.stderr).toBe(0);
    } finally {
      expect((await gkc(team, ["build"])).status).toBe(0);
    }
  }, TIMEOUT);
});

describe("gkc audit in project mode with a stale out/", () => {
  it("an edited policy: its constraints come from the TypeScript, and stderr says which file changed", async () => {
    const policy = join(team, "policies", "naming.ts");
    writeFileSync(policy, NAMING("deny"));
    try {
      const run = await gkc(team, audit);
      expect(run.stderr).toContain("note: out/ was built from other sources (policies/naming.ts changed since the build)");
      const report = JSON.parse(run.stdout) as { constraints: { name: string; action: string }[] };
      expect(report.constraints.find((c) => c.name === "dns-names")?.action).toBe("deny");
    } finally {
      writeFileSync(policy, NAMING("dryrun"));
    }
  }, TIMEOUT);

  it("a hand-edited constraint file of out/ is not used", async () => {
    const file = join(team, "out", "constraints", "k8snamingconvention-dns-names.yaml");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, original.replace("enforcementAction: dryrun", "enforcementAction: deny"));
    try {
      const run = await gkc(team, audit);
      expect(run.stderr).toContain("constraints/k8snamingconvention-dns-names.yaml is not the file the build wrote");
      const report = JSON.parse(run.stdout) as { constraints: { name: string; action: string }[] };
      expect(report.constraints.find((c) => c.name === "dns-names")?.action).toBe("dryrun");
    } finally {
      writeFileSync(file, original);
    }
  }, TIMEOUT);
});

describe("the record of sources", () => {
  it("names an installed package by its version, a project file by its content", () => {
    const root = join(temp, "unit");
    const pkg = join(root, "node_modules", "@acme", "policies");
    mkdirSync(join(pkg, "lib"), { recursive: true });
    mkdirSync(join(root, "out", "constraints"), { recursive: true });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/policies", version: "1.2.3" }));
    writeFileSync(join(pkg, "lib", "x.js"), "export const x = 1;\n");
    writeFileSync(join(root, "p.ts"), "export const p = 1;\n");
    writeFileSync(join(root, "out", "constraints", "c.yaml"), "kind: K\n");
    const text = renderSourcesRecord(root, [join(root, "p.ts"), join(pkg, "lib", "x.js")], [{ file: "constraints/c.yaml", policy: "p.ts", content: "kind: K\n" }]);
    const record = JSON.parse(text!) as { modules: Record<string, string>; packages: Record<string, string> };
    expect(Object.keys(record.modules)).toEqual(["p.ts"]);
    expect(record.packages).toEqual({ "node_modules/@acme/policies": "1.2.3" });
    writeFileSync(join(root, "out", SOURCES_FILE), text!);
    expect(checkSourcesRecord(root, join(root, "out"))).toEqual({ current: true, constraints: [{ file: "constraints/c.yaml", policy: "p.ts", content: "kind: K\n" }] });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/policies", version: "1.2.4" }));
    expect(checkSourcesRecord(root, join(root, "out"))).toEqual({ current: false, reason: "node_modules/@acme/policies is not version 1.2.3 any more" });
    writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "@acme/policies", version: "1.2.3" }));
    writeFileSync(join(root, "p.ts"), "export const p = 2;\n");
    expect(checkSourcesRecord(root, join(root, "out"))).toEqual({ current: false, reason: "p.ts changed since the build" });
    rmSync(join(root, "out", SOURCES_FILE));
    expect(checkSourcesRecord(root, join(root, "out"))).toEqual({ current: false, reason: undefined });
  });
});
