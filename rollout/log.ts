// The rollout log: one JSON line per promotion or demotion, appended, kept in the repository.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROLLOUT_LOG = "rollout-log.jsonl";

export interface RolloutEntry {
  readonly when: string;
  readonly change: "promote" | "demote";
  readonly constraint: { readonly kind: string; readonly name: string };
  readonly from: string;
  readonly to: string;
  readonly evidence: { readonly file: string; readonly violations: number | null; readonly summary: string } | null;
  readonly reason: string | null;
  readonly forced: boolean;
}

export function appendRollout(root: string, entry: RolloutEntry): void {
  appendFileSync(join(root, ROLLOUT_LOG), `${JSON.stringify(entry)}\n`);
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
