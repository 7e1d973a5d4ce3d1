// `gkc promote`, `gkc demote`, `gkc status`: moving constraints along dryrun → warn → deny.
import pc from "picocolors";
import { EditError } from "../rollout/edit.js";
import { EvidenceError } from "../rollout/evidence.js";
import { LadderError, type Rung } from "../rollout/ladder.js";
import { LookupError } from "../rollout/constraints.js";
import { demote, promote, RefusedError } from "../rollout/change.js";
import { rolloutStatus } from "../rollout/status.js";
import { ROLLOUT_LOG } from "../rollout/log.js";
import type { ProjectLayout } from "../compiler/project.js";

const KNOWN_ERRORS = [RefusedError, LadderError, LookupError, EvidenceError, EditError];

async function report(run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return 0;
  } catch (error) {
    if (KNOWN_ERRORS.some((type) => error instanceof type)) {
      console.error(pc.red(`gkc: ${(error as Error).message}`));
      return 1;
    }
    throw error;
  }
}

export function runPromote(project: ProjectLayout, reference: string, options: { to: Rung; evidence?: string; reason?: string; force?: boolean }): Promise<number> {
  return report(async () => {
    const result = await promote(project, reference, { to: options.to, force: options.force ?? false, ...(options.evidence ? { evidence: options.evidence } : {}), ...(options.reason ? { reason: options.reason } : {}) });
    const { entry } = result;
    if (result.overridden.length) console.error(pc.yellow(`forced past: ${result.overridden.join("; ")}`));
    console.log(`promoted ${entry.constraint.kind}/${entry.constraint.name}: ${entry.from} → ${entry.to}${entry.evidence ? ` (${entry.evidence.summary})` : ""}; rebuilt the bundle, logged in ${ROLLOUT_LOG}`);
  });
}

export function runDemote(project: ProjectLayout, reference: string, options: { reason?: string }): Promise<number> {
  return report(async () => {
    const { entry } = await demote(project, reference, { ...(options.reason ? { reason: options.reason } : {}) });
    console.log(`demoted ${entry.constraint.kind}/${entry.constraint.name}: ${entry.from} → ${entry.to}; rebuilt the bundle, logged in ${ROLLOUT_LOG}`);
  });
}

export function runStatus(project: ProjectLayout, options: { evidence?: string; json?: boolean }): Promise<number> {
  return report(async () => {
    const rows = await rolloutStatus(project, options.evidence);
    if (options.json) {
      console.log(JSON.stringify(rows, null, 2));
      return;
    }
    const width = Math.max(...rows.map((r) => r.constraint.length), 10);
    const actionWidth = Math.max(...rows.map((r) => r.action.length), 6);
    console.log(`${"CONSTRAINT".padEnd(width)}  ${"ACTION".padEnd(actionWidth)}  VIOLATIONS  EVIDENCE`);
    for (const row of rows) {
      const count = row.violations === null ? "-" : String(row.violations);
      console.log(`${row.constraint.padEnd(width)}  ${row.action.padEnd(actionWidth)}  ${count.padStart(10)}  ${row.evidence}`);
    }
  });
}
