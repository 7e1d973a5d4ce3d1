// The gkc command line. Each command lives in its own module; this file only wires them up.
import { Command, Option } from "commander";
import { registerAudit } from "./audit.js";
import { runBuild } from "./build.js";
import { runVerify } from "./verify.js";
import { registerDocs } from "./docs.js";
import { registerConformance } from "./conformance.js";
import { registerRollout } from "./rollout.js";

const program = new Command()
  .name("gkc")
  .description("Compile typed TypeScript policies into Gatekeeper ConstraintTemplates and prove the Rego equals the TypeScript.")
  .version("0.1.0")
  .showHelpAfterError("(run with --help for usage)");

program
  .command("build")
  .description("compile policies/ into out/ (ConstraintTemplates, Constraints, kustomization.yaml)")
  .option("--check", "do not write; exit 1 naming the files when out/ is stale")
  .option("--out <dir>", "output directory", "out")
  .option("--policy <file...>", "only these policy files (for a scratch --out while developing)")
  .action(async (options: { check?: boolean; out: string; policy?: string[] }) => {
    process.exitCode = await runBuild({ check: options.check ?? false, out: options.out, ...(options.policy ? { policies: options.policy } : {}) });
  });

program
  .command("verify")
  .description("evaluate the Rego shipped in out/ with the real OPA (wasm) and the TypeScript natively; fail on any difference")
  .option("--out <dir>", "bundle directory to verify", "out")
  .addOption(new Option("--runs <n>", "generated inputs per policy").default(500).argParser((v) => parsePositive(v, "--runs")))
  .option("--policy <kind...>", "only these template kinds")
  .option("--seed <n>", "fast-check seed, to replay a failure", (v) => parsePositive(v, "--seed"))
  .action(async (options: { out: string; runs: number; policy?: string[]; seed?: number }) => {
    process.exitCode = await runVerify(options);
  });

registerRollout(program);

registerAudit(program);

registerDocs(program);
registerConformance(program);

function parsePositive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`${flag} must be a non-negative integer, got '${value}'`);
  }
  return n;
}

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`gkc: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
