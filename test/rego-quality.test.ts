// Every template in out/ passes `opa check --strict` and is unchanged by `opa fmt`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { readTemplateRego } from "../verify/engines.js";
import { toolPath } from "../verify/tools.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const templatesDir = join(PACKAGE_ROOT, "out", "templates");

describe("shipped Rego", () => {
  for (const file of readdirSync(templatesDir).sort()) {
    test(`${file}: opa check --strict and opa fmt`, () => {
      const { rego } = readTemplateRego(join(templatesDir, file));
      const dir = mkdtempSync(join(tmpdir(), "gkc-rego-"));
      try {
        const path = join(dir, "policy.rego");
        writeFileSync(path, rego);
        execFileSync(toolPath("opa"), ["check", "--strict", path], { stdio: "pipe" });
        const formatted = execFileSync(toolPath("opa"), ["fmt", path], { encoding: "utf8" });
        expect(formatted).toBe(rego);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  }
});
