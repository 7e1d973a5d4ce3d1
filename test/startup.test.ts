// What CI pays before gkc works: `gkc --help` and `gkc audit` load neither the TypeScript compiler
// nor gkc's own compiler (commands import their modules lazily). A resolution hook fails any such
// import; the same hook must catch `gkc build`, or it would prove nothing.
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { PACKAGE_ROOT } from "../compiler/package.js";

const HOOK = join(PACKAGE_ROOT, "test", "support", "forbid-modules.mjs");

function gkc(...args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", HOOK, join(PACKAGE_ROOT, "bin", "gkc.js"), ...args], { cwd: PACKAGE_ROOT, env: { ...process.env, NO_COLOR: "1" } }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: stdout + stderr });
    });
  });
}

describe("start-up: the CI gate does not load the compiler", () => {
  test("gkc --help", async () => {
    const run = await gkc("--help");
    expect(run.status, run.out).toBe(0);
    expect(run.out).not.toContain("forbidden import");
  });

  test("gkc audit with Gatekeeper constraints", async () => {
    const run = await gkc("audit", "test/data/audit/manifests", "--constraints", "out/constraints", "--format", "json");
    expect(run.out).not.toContain("forbidden import");
    expect([0, 1]).toContain(run.status);
  }, 60_000);

  test("gkc audit with the project's own constraints (its TypeScript policies are loaded, not compiled)", async () => {
    const run = await gkc("audit", "test/data/audit/manifests", "--format", "json");
    expect(run.out).not.toContain("forbidden import");
    expect(run.out).toContain('"constraints"');
  }, 60_000);

  test("the hook does catch a command that loads the compiler", async () => {
    const run = await gkc("build", "--check");
    expect(run.out).toContain("forbidden import");
  }, 60_000);
});

describe("bin/gkc.js in a source checkout", () => {
  // A checkout in miniature: bin/gkc.js, a .git, one source, its build and tsc's record of it.
  function checkout(source: string, built: string): string {
    const root = mkdtempSync(join(tmpdir(), "gkc-checkout-"));
    mkdirSync(join(root, "bin"));
    mkdirSync(join(root, ".git"));
    mkdirSync(join(root, "cli"));
    mkdirSync(join(root, "dist", "cli"), { recursive: true });
    copyFileSync(join(PACKAGE_ROOT, "bin", "gkc.js"), join(root, "bin", "gkc.js"));
    writeFileSync(join(root, "dist", "cli", "main.js"), 'console.log("ran");\n');
    const version = createHash("sha256").update(built).digest("hex");
    writeFileSync(join(root, "dist", ".tsbuildinfo"), JSON.stringify({ fileNames: ["../node_modules/x/index.d.ts", "../cli/main.ts"], fileInfos: ["0", { version }] }));
    writeFileSync(join(root, "cli", "main.ts"), source);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "cli", "main.ts"), later, later);
    return root;
  }
  const run = (root: string): { stdout: string; stderr: string } => {
    const { stdout, stderr } = spawnSync(process.execPath, [join(root, "bin", "gkc.js")], { encoding: "utf8" });
    return { stdout, stderr };
  };

  test("a source edited since the build is named on stderr, and the build still runs", () => {
    const root = checkout("export const a = 2;\n", "export const a = 1;\n");
    try {
      expect(run(root)).toEqual({ stdout: "ran\n", stderr: "gkc: cli/main.ts changed since dist/ was built, and dist/ is what runs: run `npm run build`\n" });
      // Touched but the same content (tsc rewrites nothing then): no word.
      writeFileSync(join(root, "cli", "main.ts"), "export const a = 1;\n");
      expect(run(root)).toEqual({ stdout: "ran\n", stderr: "" });
      // An installed gkc (no .git) never looks.
      writeFileSync(join(root, "cli", "main.ts"), "export const a = 3;\n");
      rmSync(join(root, ".git"), { recursive: true });
      expect(run(root)).toEqual({ stdout: "ran\n", stderr: "" });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
