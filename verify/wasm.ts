// Compiles Rego to WebAssembly with the pinned `opa build -t wasm` and evaluates it with
// @open-policy-agent/opa-wasm: the engine the differential checks compare TypeScript against.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadPolicy } from "@open-policy-agent/opa-wasm";
import { toolPath } from "./tools.js";

const run = promisify(execFile);

export interface WasmPolicy {
  /** Evaluates the entrypoint; returns its value, or undefined when it is undefined. */
  evaluate(input: unknown): unknown;
  setData(data: object): void;
}

export class RegoCompileError extends Error {}

/** Builds `rego` (one module) to wasm with the entrypoint `entrypoint` (e.g. `k8srequiredlabels/violation`). */
export async function compileRegoToWasm(rego: string, entrypoint: string): Promise<WasmPolicy> {
  const dir = await mkdtemp(join(tmpdir(), "gkc-wasm-"));
  try {
    const source = join(dir, "policy.rego");
    const bundle = join(dir, "bundle.tar.gz");
    await writeFile(source, rego);
    try {
      await run(toolPath("opa"), ["build", "-t", "wasm", "-e", entrypoint, "-o", bundle, "policy.rego"], { cwd: dir });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      const detail = `${stderr ?? ""}${stdout ?? ""}`.trim() || String(error);
      throw new RegoCompileError(`opa build -t wasm failed: ${detail}`);
    }
    await run("tar", ["-xzf", bundle, "-C", dir, "/policy.wasm"]).catch(() =>
      run("tar", ["-xzf", bundle, "-C", dir, "policy.wasm"]),
    );
    const wasm = await readFile(join(dir, "policy.wasm"));
    const policy = await loadPolicy(wasm);
    policy.setData({});
    return {
      evaluate(input: unknown): unknown {
        const result = policy.evaluate(input) as { result?: unknown }[];
        return result[0]?.result;
      },
      setData(data: object): void {
        policy.setData(data);
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
