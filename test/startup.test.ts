// What CI pays before gkc works: `gkc --help` and `gkc audit` load neither the TypeScript compiler
// nor gkc's own compiler (commands import their modules lazily). A resolution hook fails any such
// import; the same hook must catch `gkc build`, or it would prove nothing.
import { execFile } from "node:child_process";
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
