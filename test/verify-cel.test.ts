// `gkc verify` with its CEL engine (Gatekeeper's K8sNativeValidation driver in the pinned
// celeval), on a user's project holding one policy with CEL: built with both engines it shows
// TypeScript = Rego = CEL; a CEL expression edited in out/ fails naming the template and the
// input; built with CEL only it verifies on CEL alone; and the run leaves the policies as they were.
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parseDocument } from "yaml";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { tempProject } from "./support/temp-project.js";

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

function gkc(cwd: string, ...args: string[]): Promise<Run>;
function gkc(cwd: string, env: Record<string, string>, ...args: string[]): Promise<Run>;
function gkc(cwd: string, ...rest: (string | Record<string, string>)[]): Promise<Run> {
  const env = typeof rest[0] === "object" ? rest.shift() as Record<string, string> : {};
  const args = rest as string[];
  return new Promise((resolve) => {
    execFile(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const NAME = "block-nodeport-services";
const KIND = "K8sBlockNodePort";
const library = (path: string) => readFileSync(join(PACKAGE_ROOT, "policies", path), "utf8");
const FIXTURES = (library(`${NAME}.fixtures.yaml`).match(/^- name:/gm) ?? []).length;

const projects: string[] = [];
function project(): string {
  const root = tempProject(
    {
      [`policies/${NAME}.ts`]: library(`${NAME}.ts`),
      [`policies/${NAME}.fixtures.yaml`]: library(`${NAME}.fixtures.yaml`),
      [`policies/${NAME}.arbitraries.ts`]: library(`${NAME}.arbitraries.ts`),
      "policies/lib/general.ts": library("lib/general.ts"),
    },
    "gkc-verify-cel-",
  );
  projects.push(root);
  return root;
}
afterAll(() => {
  for (const root of projects) rmSync(root, { recursive: true, force: true });
});

function policyFiles(root: string): string[] {
  return (readdirSync(join(root, "policies"), { recursive: true }) as string[]).sort();
}

const TIMEOUT = 240_000;

describe("gkc verify compares the CEL in out/ with the TypeScript", () => {
  test("a bundle with both engines: TypeScript = Rego = CEL on every fixture and 500 generated inputs; a CEL edited in out/ fails naming the template and the input", async () => {
    const root = project();
    const before = policyFiles(root);
    const build = await gkc(root, "build", "--engine", "both");
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const template = join(root, "out", "templates", `${KIND.toLowerCase()}.yaml`);
    expect(readFileSync(template, "utf8")).toContain("engine: K8sNativeValidation");

    const run = await gkc(root, "verify", "--runs", "500");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`✓ ${KIND}: ${FIXTURES} fixtures and 500 generated inputs agree (TypeScript = OPA wasm)`);
    const cel = /CEL: (\d+) fixtures and (\d+) generated inputs agree \(TypeScript = Gatekeeper's CEL\)/.exec(run.stdout);
    expect(cel, run.stdout).not.toBeNull();
    // Fixtures are skipped only where the API server could never send the request.
    expect(Number(cel![1])).toBeGreaterThan(FIXTURES / 2);
    expect(Number(cel![2])).toBeGreaterThanOrEqual(500);
    expect(run.stdout).toMatch(/1 of 1 templates agree \(1\/1 Rego, 1\/1 CEL agree\)/);
    // The instrumented copy of the policy lived only while it loaded.
    expect(policyFiles(root)).toEqual(before);

    // --engine rego leaves the CEL out.
    const regoOnly = await gkc(root, "verify", "--runs", "20", "--engine", "rego");
    expect(regoOnly.status, regoOnly.stdout + regoOnly.stderr).toBe(0);
    expect(regoOnly.stdout).not.toContain("CEL");

    // Every message of the CEL gets a suffix the TypeScript never yields.
    const text = readFileSync(template, "utf8");
    // The document keeps its header comment, which names the policy the template comes from.
    const document = parseDocument(text);
    const code = (document.toJS() as { spec: { targets: { code: { engine: string; source: { validations: { messageExpression: string }[] } }[] }[] } }).spec.targets[0]!.code;
    const celIndex = code.findIndex((c) => c.engine === "K8sNativeValidation");
    const validations = code[celIndex]!.source.validations;
    expect(validations.length).toBeGreaterThan(0);
    validations.forEach((v, i) => document.setIn(["spec", "targets", 0, "code", celIndex, "source", "validations", i, "messageExpression"], `(${v.messageExpression}) + " (edited)"`));
    writeFileSync(template, document.toString());
    const wrong = await gkc(root, "verify", "--runs", "100", "--engine", "cel");
    expect(wrong.status, wrong.stdout + wrong.stderr).toBe(1);
    expect(wrong.stdout).toMatch(new RegExp(`✗ ${KIND}: \\d+ CEL mismatch\\(es\\)`));
    expect(wrong.stdout).toMatch(/✗ CEL fixture \S/);
    expect(wrong.stdout).toMatch(/only CEL: ".* \(edited\)"/);
    expect(wrong.stdout).toMatch(/0 of 1 templates agree \(0\/1 CEL agree\)/);
  }, TIMEOUT);

  test("a bundle built with CEL only verifies on CEL alone", async () => {
    const root = project();
    const build = await gkc(root, "build", "--engine", "cel");
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const template = readFileSync(join(root, "out", "templates", `${KIND.toLowerCase()}.yaml`), "utf8");
    expect(template).toContain("engine: K8sNativeValidation");
    expect(template).not.toContain("engine: Rego");

    const run = await gkc(root, "verify", "--runs", "500");
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`✓ ${KIND}: \\d+ fixtures and \\d+ generated inputs agree \\(TypeScript = Gatekeeper's CEL\\)`));
    expect(run.stdout).not.toContain("OPA wasm");
    expect(run.stdout).toMatch(/1 of 1 templates agree \(1\/1 CEL agree\)/);

    // Asked for Rego alone, a CEL-only template has nothing to compare: skipped, saying why.
    const rego = await gkc(root, "verify", "--runs", "20", "--engine", "rego");
    expect(rego.status).toBe(1);
    expect(rego.stdout).toContain(`- ${KIND}: skipped: no Rego in the template (CEL only)`);
    expect(rego.stdout).toContain("nothing was compared");
  }, TIMEOUT);

  test("a CEL engine that dies is one line naming it and its last words, exit 2", async () => {
    const root = project();
    expect((await gkc(root, "build", "--engine", "both")).status).toBe(0);
    const dying = join(root, "dying-celeval");
    writeFileSync(dying, "#!/bin/sh\necho 'celeval: out of luck' >&2\nexit 3\n", { mode: 0o755 });
    const died = await gkc(root, { GKC_CELEVAL_BIN: dying }, "verify", "--runs", "20", "--engine", "cel");
    expect(died.status, died.stdout + died.stderr).toBe(2);
    expect(died.stderr.trim()).toBe(`gkc verify: celeval (${dying}) exited (code 3): celeval: out of luck`);
  }, TIMEOUT);
});
