// Compiles Rego to WebAssembly with the pinned `opa build -t wasm` and evaluates it with
// @open-policy-agent/opa-wasm: the engine the differential checks compare TypeScript against.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRequire } from "node:module";
import { cacheRoot, toolPath } from "./tools.js";

const run = promisify(execFile);

// The SDK's ESM entry exports loadPolicy only; its CommonJS entry has loadPolicySync too.
const { loadPolicySync } = createRequire(import.meta.url)("@open-policy-agent/opa-wasm") as typeof import("@open-policy-agent/opa-wasm");

export interface WasmPolicy {
  /** Evaluates an entrypoint (the first by default); returns its value, or undefined when it is undefined. */
  evaluate(input: unknown, entrypoint?: string): unknown;
  /** Loads `data`: a value, or the UTF-8 bytes of its JSON (read as is, never re-serialised). */
  setData(data: object | ArrayBuffer): void;
}

export class RegoCompileError extends Error {}

/**
 * A compiled WebAssembly module, opaque here: the build's libs (ES2022 and Node's types) declare
 * no WebAssembly namespace, only the test config pulls one in through vitest's DOM types.
 */
declare const compiledWasm: unique symbol;
export interface WasmModule {
  readonly [compiledWasm]: true;
}

/** The runtime's WebAssembly object. */
const WASM = (globalThis as unknown as {
  WebAssembly: { Module: abstract new (...args: never[]) => WasmModule; compile(bytes: Uint8Array | ArrayBuffer): Promise<WasmModule> };
}).WebAssembly;

/**
 * Builds Rego modules to wasm with the given entrypoints (e.g. `k8srequiredlabels/violation`).
 * `rego` is one module, or several.
 */
export async function compileRegoToWasm(rego: string | readonly string[], ...entrypoints: string[]): Promise<WasmPolicy> {
  const modules = typeof rego === "string" ? [rego] : rego;
  return instantiateWasm(await cachedWasm(modules, entrypoints));
}

/**
 * A policy instance of compiled wasm: its bytes, or a WebAssembly.Module (which another thread
 * may have compiled: V8 shares the compiled code).
 */
export async function instantiateWasm(wasm: Uint8Array | ArrayBuffer | WasmModule): Promise<WasmPolicy> {
  // Compiled here and instantiated synchronously: the SDK's asynchronous loadPolicy tests for a
  // fetch Response, and touching that global makes Node load its HTTP client (tens of ms).
  const module = wasm instanceof WASM.Module ? wasm : await WASM.compile(wasm);
  const policy = loadPolicySync(module);
  policy.setData({});
  return {
    evaluate(input: unknown, entrypoint?: string): unknown {
      const result = (entrypoint === undefined ? policy.evaluate(input) : policy.evaluate(input, entrypoint)) as { result?: unknown }[];
      return result[0]?.result;
    },
    setData(data: object | ArrayBuffer): void {
      policy.setData(data);
    },
  };
}

/**
 * The wasm of these modules and entrypoints, from the user cache when this opa built it before.
 * `opa build` costs a process and most of a second per bundle; CI runs and re-verifications of
 * an unchanged bundle then skip it. The key covers the opa binary (path, size, mtime), the
 * entrypoints and every module's text; entries are written atomically.
 */
export async function cachedWasm(modules: readonly string[], entrypoints: readonly string[]): Promise<Buffer> {
  const opa = toolPath("opa");
  const binary = statSync(opa);
  const key = createHash("sha256").update(JSON.stringify([opa, binary.size, binary.mtimeMs, entrypoints, modules])).digest("hex");
  const directory = join(cacheRoot(), "wasm");
  const path = join(directory, `${key}.wasm`);
  try {
    return await readFile(path);
  } catch {
    const wasm = await buildWasm(opa, modules, entrypoints);
    await mkdir(directory, { recursive: true });
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(partial, wasm);
    await rename(partial, path);
    return wasm;
  }
}

async function buildWasm(opa: string, modules: readonly string[], entrypoints: readonly string[]): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "gkc-wasm-"));
  try {
    const names = modules.map((_, i) => (i === 0 ? "policy.rego" : `module-${i}.rego`));
    const bundle = join(dir, "bundle.tar.gz");
    await Promise.all(modules.map((text, i) => writeFile(join(dir, names[i]!), text)));
    try {
      await run(opa, ["build", "-t", "wasm", ...entrypoints.flatMap((e) => ["-e", e]), "-o", bundle, ...names], { cwd: dir });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      const detail = `${stderr ?? ""}${stdout ?? ""}`.trim() || String(error);
      throw new RegoCompileError(`opa build -t wasm failed: ${detail}`);
    }
    await run("tar", ["-xzf", bundle, "-C", dir, "/policy.wasm"]).catch(() =>
      run("tar", ["-xzf", bundle, "-C", dir, "policy.wasm"]),
    );
    return await readFile(join(dir, "policy.wasm"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
