// Runs the pinned `gator test -o json` on files and directories, and turns its report and gkc's
// into comparable (object, constraint, action, message) keys. Used by test/audit-parity.test.ts
// and bench/audit.ts.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { toolPath } from "../../../verify/tools.js";
import type { AuditReport, ObjectRef } from "../../../audit/types.js";

export interface GatorReportEntry {
  readonly msg: string;
  readonly enforcementAction?: string;
  readonly scopedActions?: readonly string[];
  readonly constraint: { readonly kind?: string; readonly metadata?: { readonly name?: string } };
  readonly violatingObject: { readonly apiVersion?: string; readonly kind?: string; readonly metadata?: { readonly name?: string; readonly namespace?: string } };
}

export interface GatorTestRun {
  readonly status: number;
  /** The parsed report, or undefined when gator printed something else (an error). */
  readonly results: readonly GatorReportEntry[] | undefined;
  /** stdout (cut at 2,000 characters) and stderr: what to show when a run goes wrong. */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly signal: NodeJS.Signals | null;
  readonly seconds: number;
}

/** `gator test -f … -o json`, with stdin closed (gator reads a piped stdin as input). */
export function runGatorTest(paths: readonly string[], options: { timeout?: number } = {}): Promise<GatorTestRun> {
  const started = performance.now();
  const args = ["test", ...paths.flatMap((p) => ["-f", p]), "-o", "json"];
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath("gator"), args, { stdio: ["ignore", "pipe", "pipe"], ...(options.timeout ? { timeout: options.timeout } : {}) });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => reject(new Error(`gator did not run: ${error.message}`)));
    child.on("close", (code, signal) => {
      const out = Buffer.concat(stdout).toString("utf8");
      const err = Buffer.concat(stderr).toString("utf8");
      let results: GatorReportEntry[] | undefined;
      try {
        const parsed: unknown = JSON.parse(out);
        // An empty report is printed as `null`.
        if (parsed === null) results = [];
        else if (Array.isArray(parsed)) results = parsed as GatorReportEntry[];
      } catch {
        results = undefined;
      }
      const seconds = (performance.now() - started) / 1000;
      resolve({ status: code ?? -1, results, output: `${out.slice(0, 2000)}${err}`.trim(), stdout: out, stderr: err, signal, seconds });
    });
  });
}

const RANK = ["deny", "warn", "dryrun"];

/** The action a gator result is enforced with at the gator point: the strongest scoped one for `scoped`. */
export function gatorAction(entry: GatorReportEntry): string {
  if (entry.enforcementAction !== "scoped") return entry.enforcementAction ?? "deny";
  const actions = entry.scopedActions ?? [];
  return RANK.find((a) => actions.includes(a)) ?? "none";
}

function key(object: Pick<ObjectRef, "apiVersion" | "kind" | "name"> & { namespace: string | null | undefined }, constraint: string, action: string, message: string): string {
  return JSON.stringify([object.apiVersion, object.kind, object.namespace ?? null, object.name, constraint, action, message]);
}

const POLICY_GROUPS = /^(templates|constraints)\.gatekeeper\.sh\//;

/** gator's violations of the corpus objects (its reviews of templates and constraints themselves left out). */
export function gatorViolationKeys(results: readonly GatorReportEntry[]): Set<string> {
  const keys = new Set<string>();
  for (const r of results) {
    const o = r.violatingObject;
    if (POLICY_GROUPS.test(o.apiVersion ?? "")) continue;
    keys.add(
      key(
        { apiVersion: o.apiVersion ?? "", kind: o.kind ?? "", namespace: o.metadata?.namespace || null, name: o.metadata?.name ?? "" },
        `${r.constraint.kind}/${r.constraint.metadata?.name}`,
        gatorAction(r),
        r.msg,
      ),
    );
  }
  return keys;
}

export function gkcViolationKeys(report: AuditReport): Set<string> {
  return new Set(report.violations.map((v) => key(v.object, `${v.constraint.kind}/${v.constraint.name}`, v.action, v.message)));
}

/** The (object, constraint) pairs of a key set. */
export function pairsOf(keys: Iterable<string>): Set<string> {
  return new Set([...keys].map((k) => JSON.stringify((JSON.parse(k) as unknown[]).slice(0, 5))));
}
