// Locates the pinned `opa` and `gator` binaries, building them from tools/go.mod on first use.
// OPA_BIN / GATOR_BIN override. The build goes to .tools/bin (git-ignored).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type ToolName = "opa" | "gator";

const PACKAGES: Record<ToolName, string> = {
  opa: "github.com/open-policy-agent/opa",
  gator: "github.com/open-policy-agent/gatekeeper/v3/cmd/gator",
};
const OVERRIDES: Record<ToolName, string> = { opa: "OPA_BIN", gator: "GATOR_BIN" };

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS_MODULE = join(PROJECT_ROOT, "tools");
const BIN_DIR = join(PROJECT_ROOT, ".tools", "bin");

export class ToolUnavailableError extends Error {}

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
  const target = join(BIN_DIR, name);
  if (!existsSync(target)) buildTool(name, target);
  resolved.set(name, target);
  return target;
}

function buildTool(name: ToolName, target: string): void {
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new ToolUnavailableError(
      `${name} is needed but Go is not installed: install Go >= 1.24 (so gkc can build ${name} from tools/go.mod) or set ${OVERRIDES[name]} to a ${name} binary`,
    );
  }
  mkdirSync(BIN_DIR, { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  process.stderr.write(`gkc: building pinned ${name} from tools/go.mod (first use only)...\n`);
  try {
    execFileSync("go", ["build", "-o", partial, PACKAGES[name]], {
      cwd: TOOLS_MODULE,
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split("\n").pop() ?? "";
    throw new ToolUnavailableError(`building ${name} with Go failed: ${stderr}`);
  }
  // Rename is atomic: a concurrent or interrupted build never leaves a half-written binary.
  renameSync(partial, target);
}
