// `gkc audit` end to end through the CLI (bin/gkc.js): exit codes, stdin, the formats on stdout,
// errors on stderr.
import { spawn } from "node:child_process";
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";

const DATA = "test/data/audit";
const TIMEOUT = 120_000;

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function gkc(args: readonly string[], stdin?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd: PACKAGE_ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}

const temp = mkdtempSync(join(tmpdir(), "gkc-audit-cli-"));
const warnOnly = join(temp, "warn-only.yaml");
writeFileSync(
  warnOnly,
  [
    "apiVersion: constraints.gatekeeper.sh/v1beta1",
    "kind: K8sNamingConvention",
    "metadata: {name: names-warn}",
    "spec:",
    "  enforcementAction: warn",
    '  parameters: {pattern: "^[a-z0-9-]+$"}',
  ].join("\n"),
);

const runs = new Map<string, CliRun>();

beforeAll(async () => {
  const native = ["--constraints", `${DATA}/constraints/native.yaml`];
  const entries: [string, Promise<CliRun>][] = [
    ["json", gkc(["audit", `${DATA}/manifests`, ...native, "--format", "json"])],
    ["stdin", gkc(["audit", "-", "--constraints", warnOnly], readFileSync(join(PACKAGE_ROOT, DATA, "manifests", "app.yaml"), "utf8"))],
    ["errors", gkc(["audit", `${DATA}/manifests`, `${DATA}/malformed/bad.yaml`, ...native, "--constraints", `${DATA}/constraints/invalid.yaml`, "--format", "sarif"])],
    ["junit", gkc(["audit", `${DATA}/manifests/nested`, `${DATA}/manifests/app.yaml`, ...native, "--format", "junit"])],
  ];
  for (const [name, run] of entries) runs.set(name, await run);
}, TIMEOUT);

afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("gkc audit (CLI)", () => {
  it("--format json: exit 1 on a deny violation, every violation with its constraint, object and line", () => {
    const run = runs.get("json")!;
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: Record<string, number>; violations: { constraint: { name: string }; action: string; object: { kind: string; name: string; namespace: string | null }; source: { file: string; line: number }; message: string }[] };
    expect(report.summary).toMatchObject({ files: 2, objects: 5, constraints: 3, notEnforced: 1, violations: 4, deny: 1, warn: 1, dryrun: 2, skipped: 4, errors: 0, exitCode: 1 });
    expect(report.violations.map((v) => [v.constraint.name, v.action, `${v.object.kind}/${v.object.namespace}/${v.object.name}`, `${v.source.file}:${v.source.line}`, v.message])).toEqual([
      ["limits-dryrun", "dryrun", "Deployment/shop/web", "test/data/audit/manifests/app.yaml:11", 'container "web" has no cpu limit'],
      ["limits-dryrun", "dryrun", "Deployment/shop/web", "test/data/audit/manifests/app.yaml:11", 'container "web" has no memory limit'],
      ["prod-needs-owner", "warn", "Deployment/shop/web", "test/data/audit/manifests/app.yaml:11", 'missing required label "owner"'],
      ["shop-names", "deny", "Service/shop/Web_Svc", "test/data/audit/manifests/app.yaml:34", 'name "Web_Svc" does not match the pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"'],
    ]);
  });

  it("reads - from stdin; warn violations exit 0; text output is plain off a TTY", () => {
    const run = runs.get("stdin")!;
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain("<stdin>\n  line 34  v1 Service shop/Web_Svc\n    ! warn     K8sNamingConvention/names-warn");
    expect(run.stdout.trim().split("\n").pop()).toBe("gkc audit: 4 objects in 1 file; 1 constraint; 0 deny, 1 warn, 0 dry-run violation; 0 errors; 3 skipped documents");
  });

  it("exits 2 on a malformed file or an invalid constraint, still reporting the rest (SARIF)", () => {
    const run = runs.get("errors")!;
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("gkc audit: test/data/audit/malformed/bad.yaml:10: malformed YAML: ");
    expect(run.stderr).toContain("constraint K8sNoSuchThing/unknown-kind: unknown constraint kind K8sNoSuchThing");
    expect(run.stderr).toContain("constraint K8sRequiredLabels/bad-params: spec.parameters.labels[0].key is required");
    const log = JSON.parse(run.stdout) as { version: string; runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[]; invocations: { exitCode: number; executionSuccessful: boolean }[] }[] };
    expect(log.version).toBe("2.1.0");
    const deny = log.runs[0]!.results.find((r) => r.level === "error")!;
    expect(deny.ruleId).toBe("K8sNamingConvention/shop-names");
    expect(deny.locations[0]!.physicalLocation).toEqual({ artifactLocation: { uri: "test/data/audit/manifests/app.yaml" }, region: { startLine: 34 } });
    expect(log.runs[0]!.invocations[0]).toMatchObject({ exitCode: 2, executionSuccessful: false });
  });

  it("--format junit: a failure per denied object", () => {
    const run = runs.get("junit")!;
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^<\?xml /);
    expect(run.stdout).toContain('<testsuite name="K8sNamingConvention/shop-names" tests="5" failures="1"');
    expect(run.stdout.match(/<failure /g)).toHaveLength(1);
  });

  it("exits 2 on usage errors: no input, an unknown format", async () => {
    const none = await gkc(["audit"]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("gkc audit: no input");
    const format = await gkc(["audit", "x.yaml", "--format", "xml"]);
    expect(format.status).toBe(2);
    expect(format.stderr).toContain("argument 'xml' is invalid");
  }, TIMEOUT);
});
