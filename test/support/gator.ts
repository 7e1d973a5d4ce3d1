// Test support: runs Gatekeeper's own evaluator, the pinned `gator test`, on documents written to a
// temporary directory, and reads its JSON report.
//
// Documents are written as JSON (valid YAML): gator reads YAML 1.1 through sigs.k8s.io/yaml, where a
// plain `yes`/`on`/`no` scalar is a boolean, so YAML re-emitted by a YAML 1.2 library could change
// what an object holds. JSON scalars mean the same to both.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolPath } from "../../verify/tools.js";
import { runGatorTest } from "../data/audit/gator.js";

export interface GatorResult {
  readonly msg: string;
  readonly constraint: { readonly kind?: string; readonly metadata?: { readonly name?: string } };
  readonly violatingObject: unknown;
}

export interface GatorRun {
  /** Exit status: 0 when nothing is denied, 1 on a denial or an error. */
  readonly status: number;
  /** Parsed JSON report, or undefined when gator printed something else (an error). */
  readonly results: readonly GatorResult[] | undefined;
  /** stdout and stderr together: gator prints its load errors (bad template, bad object) there. */
  readonly output: string;
}

export const CONSTRAINT_API_VERSION = "constraints.gatekeeper.sh/v1beta1";

/** Runs `gator test -o json` on the given documents (objects serialised as JSON, strings as-is). */
export async function runGator(documents: readonly unknown[]): Promise<GatorRun> {
  const directory = mkdtempSync(join(tmpdir(), "gkc-gator-"));
  const file = join(directory, "input.yaml");
  writeFileSync(file, documents.map((d) => (typeof d === "string" ? d : JSON.stringify(d))).join("\n---\n") + "\n");
  try {
    const run = await runGatorTest([file], { timeout: 120_000 });
    // Drop the reader's warnings about objects sharing kind, namespace and name: both are kept.
    const warnings = /^.*WARNING - Resource named .* is already defined in .*\n?/gm;
    const output = `${run.stdout}${run.stderr.replace(warnings, "")}${run.signal ? `\n(killed by ${run.signal})` : ""}`.trim();
    return { status: run.status, results: run.results as readonly GatorResult[] | undefined, output };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * What gator's report says about an object: apiVersion, kind, namespace and name, as JSON (any of
 * them may be missing or not a string in a fixture): how the template, the Constraints and inventory
 * objects are recognised in gator's report.
 */
export function objectIdentity(object: unknown): string {
  const metadata = field(object, "metadata");
  const isRecord = typeof metadata === "object" && metadata !== null && !Array.isArray(metadata);
  return JSON.stringify([
    field(object, "apiVersion") ?? null,
    field(object, "kind") ?? null,
    isRecord ? (field(metadata, "namespace") ?? null) : null,
    isRecord ? (field(metadata, "name") ?? null) : (metadata ?? null),
  ]);
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export interface VerifyRun {
  readonly status: number;
  readonly output: string;
  /** Verdict per case, keyed `<suite test path>/<case name>`. */
  readonly cases: Map<string, boolean>;
}

/** Runs the pinned `gator verify -v target` and reads every case's verdict from its output. */
export function gatorVerify(target: string, ...options: string[]): Promise<VerifyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath("gator"), ["verify", "-v", ...options, target], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      const output = Buffer.concat(chunks).toString("utf8");
      const cases = new Map<string, boolean>();
      let current = "";
      for (const line of output.split("\n")) {
        const run = /^=== RUN {3}(.*)$/.exec(line);
        if (run) current = run[1]!;
        const result = /^ {4}--- (PASS|FAIL): (.*)\t\(/.exec(line);
        if (result) cases.set(`${current}/${result[2]}`, result[1] === "PASS");
      }
      resolve({ status: code ?? -1, output, cases });
    });
  });
}

/**
 * `gator verify` of each suite file by itself, two at a time, and the union of their verdicts:
 * gator compiles a template once per case, which for a template with CEL costs far more than the
 * review, so one process per file shares the cores. `runs` in the files' order.
 */
export async function gatorVerifyEach(files: readonly string[]): Promise<{ readonly runs: readonly VerifyRun[]; readonly output: string; readonly cases: Map<string, boolean> }> {
  const runs = await inParallel(
    files.map((file) => () => gatorVerify(file)),
    2,
  );
  return { runs, output: runs.map((r) => r.output).join("\n"), cases: new Map(runs.flatMap((r) => [...r.cases])) };
}
