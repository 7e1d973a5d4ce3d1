// `gkc promote`, `gkc demote`, `gkc status`: moving constraints along dryrun → warn → deny.
import { Command, Option } from "commander";
import pc from "picocolors";
import { EditError } from "../rollout/edit.js";
import { EvidenceError } from "../rollout/evidence.js";
import { LadderError, LADDER, type Rung } from "../rollout/ladder.js";
import { LookupError } from "../rollout/constraints.js";
import { demote, promote, RefusedError } from "../rollout/change.js";
import { rolloutStatus } from "../rollout/status.js";
import { ROLLOUT_LOG } from "../rollout/log.js";
import { PROJECT_ROOT } from "../verify/tools.js";

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

export function registerRollout(program: Command, root: string = PROJECT_ROOT): void {
  program
    .command("promote <constraint>")
    .description(`move a constraint (name or Kind/name) one step up ${LADDER.join(" → ")} on evidence that nothing violates it; edits its TypeScript, rebuilds out/ and appends to ${ROLLOUT_LOG}`)
    .addOption(new Option("--to <action>", "the new enforcementAction").choices(["warn", "deny"]).makeOptionMandatory())
    .option("--evidence <file>", "a `gkc audit --format json` report, or `kubectl get <kind> <name> -o yaml` / `kubectl get constraints -o yaml` after Gatekeeper's audit")
    .option("--reason <text>", "why, for the rollout log")
    .option("--force", "promote despite missing or bad evidence or a skipped step (logged as forced)")
    .action(async (reference: string, options: { to: Rung; evidence?: string; reason?: string; force?: boolean }) => {
      process.exitCode = await report(async () => {
        const result = await promote(root, reference, { to: options.to, force: options.force ?? false, ...(options.evidence ? { evidence: options.evidence } : {}), ...(options.reason ? { reason: options.reason } : {}) });
        const { entry } = result;
        if (result.overridden.length) console.error(pc.yellow(`forced past: ${result.overridden.join("; ")}`));
        console.log(`promoted ${entry.constraint.kind}/${entry.constraint.name}: ${entry.from} → ${entry.to}${entry.evidence ? ` (${entry.evidence.summary})` : ""}; rebuilt out/, logged in ${ROLLOUT_LOG}`);
      });
    });

  program
    .command("demote <constraint>")
    .description("move a constraint one step down (deny → warn → dryrun) without evidence, for emergencies")
    .option("--reason <text>", "why, for the rollout log")
    .action(async (reference: string, options: { reason?: string }) => {
      process.exitCode = await report(async () => {
        const { entry } = await demote(root, reference, { ...(options.reason ? { reason: options.reason } : {}) });
        console.log(`demoted ${entry.constraint.kind}/${entry.constraint.name}: ${entry.from} → ${entry.to}; rebuilt out/, logged in ${ROLLOUT_LOG}`);
      });
    });

  program
    .command("status")
    .description("every constraint with its enforcement action and the violations in the last evidence given")
    .option("--evidence <file>", "read violations from this evidence instead of the rollout log")
    .option("--json", "machine-readable output")
    .action(async (options: { evidence?: string; json?: boolean }) => {
      process.exitCode = await report(async () => {
        const rows = await rolloutStatus(root, options.evidence);
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
    });
}
