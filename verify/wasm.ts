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
  /** Evaluates an entrypoint (the first by default); returns its value, or undefined when it is undefined. */
  evaluate(input: unknown, entrypoint?: string): unknown;
  setData(data: object): void;
}

export class RegoCompileError extends Error {}

/**
 * Builds Rego modules to wasm with the given entrypoints (e.g. `k8srequiredlabels/violation`).
 * `rego` is one module, or several.
 */
export async function compileRegoToWasm(rego: string | readonly string[], ...entrypoints: string[]): Promise<WasmPolicy> {
  const dir = await mkdtemp(join(tmpdir(), "gkc-wasm-"));
  try {
    const modules = typeof rego === "string" ? [rego] : rego;
    const names = modules.map((_, i) => (i === 0 ? "policy.rego" : `module-${i}.rego`));
    const bundle = join(dir, "bundle.tar.gz");
    await Promise.all(modules.map((text, i) => writeFile(join(dir, names[i]!), text)));
    try {
      await run(toolPath("opa"), ["build", "-t", "wasm", ...entrypoints.flatMap((e) => ["-e", e]), "-o", bundle, ...names], { cwd: dir });
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
      evaluate(input: unknown, entrypoint?: string): unknown {
        const result = (entrypoint === undefined ? policy.evaluate(input) : policy.evaluate(input, entrypoint)) as { result?: unknown }[];
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
