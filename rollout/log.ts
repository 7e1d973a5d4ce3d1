// The rollout log: one JSON line per promotion or demotion, appended, kept in the repository.
import { accessSync, appendFileSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROLLOUT_LOG = "rollout-log.jsonl";

/** Why a change needed --force: the rule broken and how. */
export interface Objection {
  readonly rule: string;
  readonly detail: string;
}

export interface RolloutEntry {
  readonly when: string;
  readonly change: "promote" | "demote";
  readonly constraint: { readonly kind: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly evidence: { readonly file: string; readonly violations: number | null; readonly summary: string } | null;
  readonly reason: string | null;
  readonly forced: boolean;
  /** With --force: every objection it overrode. */
  readonly overrode?: readonly Objection[];
  /** Only when the full rebuild failed and just this constraint's generated files were updated. */
  readonly build?: { readonly mode: "constraint-only"; readonly failed: readonly string[] };
}

export function rolloutLine(entry: RolloutEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** Fails early, before a change starts, when the log could not be appended to at its end. */
export function assertLogWritable(root: string): void {
  const path = join(root, ROLLOUT_LOG);
  try {
    accessSync(existsSync(path) ? path : root, constants.W_OK);
  } catch (error) {
    throw new Error(`${path}: cannot append to the rollout log: ${(error as Error).message}`);
  }
}

export function appendRollout(root: string, entry: RolloutEntry): void {
  appendFileSync(join(root, ROLLOUT_LOG), rolloutLine(entry));
}

export function readRollout(root: string): RolloutEntry[] {
  const path = join(root, ROLLOUT_LOG);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line, index) => {
      try {
        return JSON.parse(line) as RolloutEntry;
      } catch {
        throw new Error(`${ROLLOUT_LOG}:${index + 1}: not a JSON line`);
      }
    });
}
