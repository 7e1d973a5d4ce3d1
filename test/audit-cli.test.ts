// `gkc audit` end to end through the CLI (bin/gkc.js): exit codes, stdin, the formats on stdout,
// errors on stderr; the gate fails closed (exit 2) on empty, binary, oversized, non-regular and
// too deeply nested input, and on --constraints without a constraint.
import { execFileSync, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { nestedManifest, type NestingShape } from "./audit-nesting.js";

const DATA = "test/data/audit";
const TIMEOUT = 120_000;

interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs gkc; `stdin` is text to pipe in, or an open file descriptor to read from. */
function gkc(args: readonly string[], stdin?: string | number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd: PACKAGE_ROOT, stdio: [typeof stdin === "number" ? stdin : "pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    if (typeof stdin !== "number") child.stdin!.end(stdin ?? "");
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

describe("gkc audit fails closed (CLI)", () => {
  const native = ["--constraints", `${DATA}/constraints/native.yaml`];
  const write = (name: string, content: string | Uint8Array): string => {
    const file = join(temp, name);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const HINT = "(--allow-empty passes on empty input)";
  /** gkc's own lines on stderr (the test's NO_COLOR and FORCE_COLOR make Node warn there too). */
  const gkcLines = (stderr: string): string[] => stderr.split("\n").filter((line) => line.startsWith("gkc "));

  it("exits 2 when no object is read (empty stdin, an empty file, comments only, a directory without manifests); --allow-empty exits 0", async () => {
    const empty = write("empty/empty.yaml", "");
    const comments = write("empty/comments.yaml", "# helm rendered nothing\n---\n");
    const noManifests = join(temp, "no-manifests");
    mkdirSync(noManifests, { recursive: true });
    const cases: [string[], string | undefined, string][] = [
      [["-"], "", `no Kubernetes object in the input: <stdin> is empty ${HINT}`],
      [[empty], undefined, `no Kubernetes object in the input: ${empty} is empty ${HINT}`],
      [[comments], undefined, `no Kubernetes object in the input: ${comments} holds only comments or empty documents ${HINT}`],
      [[noManifests], undefined, `${noManifests}: no .yaml, .yml or .json files in this directory`],
    ];
    const runs = await Promise.all(cases.flatMap(([paths, stdin]) => [gkc(["audit", ...paths, ...native, "--format", "json"], stdin), gkc(["audit", ...paths, ...native, "--allow-empty"], stdin)]));
    cases.forEach(([, , message], i) => {
      const [closed, allowed] = [runs[2 * i]!, runs[2 * i + 1]!];
      expect(closed.status).toBe(2);
      expect(gkcLines(closed.stderr)).toEqual([`gkc audit: ${message}`]);
      const report = JSON.parse(closed.stdout) as { summary: { exitCode: number; objects: number }; errors: { kind: string }[] };
      expect(report.summary).toMatchObject({ exitCode: 2, objects: 0 });
      expect(report.errors.map((e) => e.kind)).toEqual(["input"]);
      expect(allowed.status).toBe(0);
      expect(allowed.stdout).toMatch(/gkc audit: 0 objects in \d files?; 3 constraints \(1 not enforced in CI\); 0 deny, 0 warn, 0 dry-run violations; 0 errors; 1 skipped document\n$/); // the Kustomization in native.yaml
    });
  }, TIMEOUT);

  it("exits 2 when --constraints yields no constraint: only a ConstraintTemplate, or nothing", async () => {
    const template = write("constraints/template-only.yaml", "apiVersion: templates.gatekeeper.sh/v1\nkind: ConstraintTemplate\nmetadata: {name: k8srequiredlabels}\nspec: {}\n");
    const nothing = write("constraints/nothing.yaml", "# no constraints yet\n");
    const [onlyTemplate, empty, both] = await Promise.all([
      gkc(["audit", `${DATA}/manifests`, "--constraints", template]),
      gkc(["audit", `${DATA}/manifests`, "--constraints", nothing, "--allow-empty"]),
      gkc(["audit", `${DATA}/manifests`, "--constraints", template, "--constraints", nothing, "--format", "json"]),
    ]);
    expect(onlyTemplate.status).toBe(2);
    expect(onlyTemplate.stdout).toContain(`  ✗ ${template}: no constraint to enforce: --constraints holds no constraints.gatekeeper.sh object\n`);
    expect(empty.status).toBe(2);
    expect(empty.stdout).toContain(`  ✗ ${nothing}: no constraint to enforce: --constraints holds no constraints.gatekeeper.sh object\n`);
    expect(both.status).toBe(2);
    expect(gkcLines(both.stderr)).toEqual([`gkc audit: no constraint to enforce: --constraints ${template}, ${nothing} hold no constraints.gatekeeper.sh object`]);
  }, TIMEOUT);

  it("refuses /dev/zero and a FIFO at once, naming them; stdin from /dev/zero stops at --max-input-bytes", async () => {
    const fifo = join(temp, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const zero = openSync("/dev/zero", "r");
    const a = write("limit/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    try {
      const [device, pipe, stdin, files] = await Promise.all([
        gkc(["audit", "/dev/zero", ...native]),
        gkc(["audit", fifo, ...native, "--format", "sarif"]),
        gkc(["audit", "-", ...native, "--max-input-bytes", "1048576", "--format", "json"], zero),
        gkc(["audit", a, a, ...native, "--max-input-bytes", "60"]),
      ]);
      expect(device.status).toBe(2);
      expect(device.stdout).toContain("  ✗ /dev/zero: not a regular file (a character device): gkc audit reads files, directories and - (stdin)\n");
      expect(pipe.status).toBe(2);
      expect(gkcLines(pipe.stderr)).toEqual([`gkc audit: ${fifo}: not a regular file (a FIFO): gkc audit reads files, directories and - (stdin)`]);
      expect(stdin.status).toBe(2);
      expect(gkcLines(stdin.stderr)).toEqual([expect.stringMatching(/^gkc audit: <stdin>: the input exceeds the --max-input-bytes limit of 1048576 bytes: stopped reading stdin after \d+ bytes; nothing more is read$/)]);
      expect(files.status).toBe(2);
      expect(files.stdout).toContain(`  ✗ ${a}: the input exceeds the --max-input-bytes limit of 60 bytes: this file is 51 bytes, after 51 bytes of other input; nothing more is read\n`);
    } finally {
      closeSync(zero);
    }
  }, TIMEOUT);

  it("exits 2 on binary input naming the file: a NUL byte, a PNG header, invalid UTF-8", async () => {
    const png = write("binary/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const latin1 = write("binary/latin1.yaml", Buffer.concat([Buffer.from("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf"), Buffer.from([0xe9]), Buffer.from("}\n")]));
    const [pngRun, latin1Run, stdinRun] = await Promise.all([gkc(["audit", png, `${DATA}/manifests/nested`, ...native]), gkc(["audit", latin1, ...native]), gkc(["audit", "-", ...native], "apiVersion: v1\u0000\n")]);
    expect(pngRun.status).toBe(2);
    expect(pngRun.stdout).toContain(`  ✗ ${png}: binary content (a NUL byte at byte 8): not a YAML or JSON manifest\n`);
    expect(latin1Run.status).toBe(2);
    expect(latin1Run.stdout).toContain(`  ✗ ${latin1}: not valid UTF-8 (binary content?): not a YAML or JSON manifest\n`);
    expect(stdinRun.status).toBe(2);
    expect(stdinRun.stdout).toContain("  ✗ <stdin>: binary content (a NUL byte at byte 14): not a YAML or JSON manifest\n");
  }, TIMEOUT);

  it("audits manifests nested 800, 5,000 and 10,000 levels deep (JSON, YAML flow and block), through the Rego", async () => {
    const cases: [NestingShape, number][] = [["json", 800], ["json", 5000], ["json", 10_000], ["flow", 800], ["flow", 5000], ["block", 800], ["block", 5000], ["seq", 5000], ["seq", 10_000]];
    const files = cases.map(([shape, depth]) => write(`deep/${shape}-${depth}.${shape === "json" ? "json" : "yaml"}`, nestedManifest(shape, depth, `Deep_${shape}_${depth}`)));
    const run = await gkc(["audit", ...files, ...native, "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { summary: { objects: number; errors: number; deny: number }; violations: { object: { name: string }; action: string }[] };
    expect(report.summary).toMatchObject({ objects: cases.length, errors: 0, deny: cases.length });
    expect(report.violations.map((v) => `${v.action} ${v.object.name}`)).toEqual(cases.map(([shape, depth]) => `deny Deep_${shape}_${depth}`));
  }, TIMEOUT);

  it("refuses nesting past 10,000 levels with one line naming the limit", async () => {
    const cases: [NestingShape, number][] = [["json", 10_001], ["json", 100_000], ["flow", 10_001], ["seq", 20_000]];
    const files = cases.map(([shape, depth]) => write(`too-deep/${shape}-${depth}.${shape === "json" ? "json" : "yaml"}`, nestedManifest(shape, depth, "too-deep")));
    const run = await gkc(["audit", ...files, ...native, "--format", "json"]);
    expect(run.status).toBe(2);
    expect(gkcLines(run.stderr)).toEqual(files.map((file, i) => `gkc audit: ${file}:${cases[i]![0] === "json" ? 1 : cases[i]![0] === "flow" ? 4 : 5}: nested deeper than 10000 levels`));
  }, TIMEOUT);

  it("--help documents every exit status", async () => {
    const help = await gkc(["audit", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout.replace(/\s+/g, " ")).toContain("Exit status: 0 no deny-level violation; 1 a deny-level violation; 2 a usage or input error");
  }, TIMEOUT);
});
