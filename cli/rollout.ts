// `gkc promote`, `gkc demote`, `gkc status`: moving constraints along dryrun → warn → deny.
// Exit codes: 0 done; 1 refused (evidence, ladder, build, lock); 2 usage or input error (an
// unknown constraint, unreadable evidence); 130/143 interrupted by SIGINT/SIGTERM.
import { existsSync } from "node:fs";
import pc from "picocolors";
import { EditError } from "../rollout/edit.js";
import { EvidenceError } from "../rollout/evidence.js";
import { LadderError, type Rung } from "../rollout/ladder.js";
import { LookupError } from "../rollout/constraints.js";
import { demote, promote, RefusedError, type ChangeResult } from "../rollout/change.js";
import { InterruptedError, trapSignals } from "../rollout/interrupt.js";
import { journalPath } from "../rollout/journal.js";
import { rolloutStatus } from "../rollout/status.js";
import { ROLLOUT_LOG } from "../rollout/log.js";
import type { ProjectLayout } from "../compiler/project.js";

const REFUSALS = [RefusedError, LadderError, EditError];
const INPUT_ERRORS = [LookupError, EvidenceError];

function fail(message: string, details: readonly string[] = []): void {
  console.error(pc.red(`gkc: ${message}`));
  for (const line of details) console.error(line.replace(/^/gm, "  "));
}

async function report(run: () => Promise<void>): Promise<number> {
  try {
    await run();
    return 0;
  } catch (error) {
    if (error instanceof InterruptedError) {
      fail(error.message);
      return error.exitCode;
    }
    if (REFUSALS.some((type) => error instanceof type)) {
      fail((error as Error).message, error instanceof RefusedError ? error.details : []);
      return 1;
    }
    if (INPUT_ERRORS.some((type) => error instanceof type)) {
      fail((error as Error).message);
      return 2;
    }
    throw error;
  }
}

/** Runs a change with SIGINT/SIGTERM trapped: they roll it back, then exit 130/143. */
async function change(verb: string, run: (signal: AbortSignal, onWait: (holder: string) => void) => Promise<ChangeResult>): Promise<number> {
  const trap = trapSignals();
  try {
    const code = await report(async () => {
      const result = await run(trap.signal, (holder) => console.error(pc.yellow(`gkc: waiting for the rollout lock, held by ${holder}`)));
      printResult(verb, result);
    });
    const interrupted = trap.exitCode();
    if (code === 0 && interrupted !== undefined) console.error(pc.yellow("gkc: the signal arrived after the change was committed: it is complete"));
    return interrupted ?? code;
  } finally {
    trap.dispose();
  }
}

function printResult(verb: string, result: ChangeResult): void {
  const { entry, output } = result;
  for (const note of result.notes) console.error(pc.yellow(`gkc: ${note}`));
  if (result.overridden.length) {
    console.error(pc.yellow("gkc: --force overrode (logged):"));
    for (const o of result.overridden) console.error(pc.yellow(`  [${o.rule}] ${o.detail}`));
  }
  if (output.mode === "constraint-only") {
    fail(`the full rebuild failed; files at fault: ${output.failed.join(", ")}`, output.details);
    console.error(pc.yellow(`gkc: updated only ${output.written.join(", ")}`));
    for (const skipped of output.skipped) console.error(pc.yellow(`gkc: skipped: ${skipped}`));
  }
  const built = output.mode === "full" ? "rebuilt the bundle" : "updated its constraint only";
  console.log(`${verb} ${entry.constraint.kind}/${entry.constraint.name}: ${entry.from} → ${entry.to}${entry.evidence ? ` (${entry.evidence.summary})` : ""}; ${built}, logged in ${ROLLOUT_LOG}`);
}

export function runPromote(project: ProjectLayout, reference: string, options: { to: Rung; evidence?: string; reason?: string; force?: boolean; maxEvidenceAge?: number }): Promise<number> {
  return change("promoted", (signal, onWait) =>
    promote(project, reference, {
      to: options.to,
      force: options.force ?? false,
      signal,
      onWait,
      ...(options.evidence ? { evidence: options.evidence } : {}),
      ...(options.reason ? { reason: options.reason } : {}),
      ...(options.maxEvidenceAge === undefined ? {} : { maxEvidenceAgeHours: options.maxEvidenceAge }),
    }),
  );
}

export function runDemote(project: ProjectLayout, reference: string, options: { reason?: string }): Promise<number> {
  return change("demoted", (signal, onWait) => demote(project, reference, { signal, onWait, ...(options.reason ? { reason: options.reason } : {}) }));
}

export function runStatus(project: ProjectLayout, options: { evidence?: string; json?: boolean }): Promise<number> {
  return report(async () => {
    if (existsSync(journalPath(project.root))) {
      console.error(pc.yellow(`gkc: ${journalPath(project.root)}: a promote or demote was interrupted; the next one rolls it back`));
    }
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
