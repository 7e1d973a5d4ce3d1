// The gkc command line. This file only declares the commands: each command's module (and with
// it the compiler, OPA or the TypeScript loader) is imported when that command runs, so
// `gkc --help` and `gkc audit` start fast.
import { resolve } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { PACKAGE_VERSION } from "../compiler/package.js";
import { defaultLayout, displayPath, findConfig, findProject, type ProjectLayout } from "../compiler/project.js";

const AUDIT_FORMATS = ["text", "json", "junit", "sarif"] as const;

// A reader that stops early (`gkc audit out | head`) closes the pipe. Node ignores SIGPIPE and
// raises EPIPE on the next write; end as a tool killed by SIGPIPE would (128 + 13), never with a
// stack trace, and never 0: the command did not finish, so its verdict is unknown.
const SIGPIPE_EXIT = 141;
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(SIGPIPE_EXIT);
  });
}

const program = new Command()
  .name("gkc")
  .description("Compile typed TypeScript policies into Gatekeeper ConstraintTemplates and prove the Rego equals the TypeScript.")
  .version(PACKAGE_VERSION)
  .showHelpAfterError("(run with --help for usage)")
  // Exit codes: 0 fine, 1 the check found a problem, 2 usage or input error (never 1).
  .exitOverride((error: CommanderError) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  })
  .addHelpText(
    "after",
    "\nRun in your policy repository: gkc finds the nearest gkc.config.json at or above the current directory\n(`npx gkc init` creates one). Path flags are relative to where you stand.",
  );

/** The project, with the bundle directory overridden by --out (relative to the current directory). */
function project(out?: string): { layout: ProjectLayout; outLabel: string } {
  const found = findProject();
  const layout = out === undefined ? found : { ...found, out: resolveFromCwd(out) };
  return { layout, outLabel: out ?? displayPath(layout.out) };
}

function resolveFromCwd(path: string): string {
  return resolve(process.cwd(), path);
}

program
  .command("init")
  .description("scaffold gkc in this npm project: gkc.config.json, an example policy with fixtures, tsconfig, scripts, CI; never overwrites a file")
  .action(async () => {
    const { runInit } = await import("./init.js");
    process.exitCode = runInit(process.cwd());
  });

program
  .command("build")
  .description("compile the project's policies into the bundle directory (ConstraintTemplates, Constraints, kustomization.yaml, docs, gator suite)")
  .option("--check", "write nothing; exit 1 naming the files when the bundle is stale")
  .option("--out <dir>", "output directory (default: `out` of gkc.config.json)")
  .option("--policy <file...>", "only these policy files (for a scratch --out while developing)")
  .addOption(
    new Option("--engine <engine>", "Gatekeeper engines of each template that does not choose its own (template.engine): rego, cel (CEL only where the predicate has an exact CEL form, else Rego) or both (default: gkc.config.json's engine, else both)").choices(["rego", "cel", "both"]),
  )
  .option("--vap", "also write <out>/vap/: ValidatingAdmissionPolicies, bindings and parameter resources from the templates' CEL, for clusters without Gatekeeper (needs CEL: --engine both or cel; default: gkc.config.json's vap)")
  .option("--gatekeeper-vap", "set generateVAP: true on each template with CEL, so Gatekeeper generates its own ValidatingAdmissionPolicy whatever its flags (needs CEL)")
  .option("--no-gatekeeper-vap", "set generateVAP: false on each template with CEL (default for both: gkc.config.json's gatekeeperVap, else left out, so Gatekeeper's --default-create-vap-for-templates decides)")
  .action(async (options: { check?: boolean; out?: string; policy?: string[]; engine?: "rego" | "cel" | "both"; vap?: boolean; gatekeeperVap?: boolean }) => {
    const { runBuild } = await import("./build.js");
    const { layout, outLabel } = project(options.out);
    process.exitCode = await runBuild(
      {
        check: options.check ?? false,
        outLabel,
        ...(options.engine ? { engine: options.engine } : {}),
        ...(options.vap ? { vap: true } : {}),
        ...(options.gatekeeperVap !== undefined ? { gatekeeperVap: options.gatekeeperVap } : {}),
        ...(options.policy ? { policies: options.policy.map(resolveFromCwd) } : {}),
      },
      layout,
    );
  });

program
  .command("verify")
  .description("evaluate the Rego shipped in the bundle with the real OPA (wasm), its CEL with Gatekeeper's CEL driver, and the TypeScript natively, on fixtures and generated inputs; exit 1 on any difference")
  .option("--out <dir>", "bundle directory to verify (default: `out` of gkc.config.json)")
  .addOption(new Option("--runs <n>", "generated inputs per policy").default(500).argParser((v) => parseCount(v, "--runs")))
  .option("--policy <kind...>", "only these template kinds")
  .option("--seed <n>", "fast-check seed, to replay a failure", (v) => parseSeed(v))
  .addOption(new Option("--engine <engine>", "engines to compare with the TypeScript (default: every engine each template carries)").choices(["rego", "cel", "both"]))
  .action(async (options: { out?: string; runs: number; policy?: string[]; seed?: number; engine?: "rego" | "cel" | "both" }) => {
    const { runVerify } = await import("./verify.js");
    const { layout, outLabel } = project(options.out);
    process.exitCode = await runVerify(
      { outLabel, runs: options.runs, ...(options.policy ? { policy: options.policy } : {}), ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.engine ? { engine: options.engine } : {}) },
      layout,
    );
  });

program
  .command("audit")
  .description("audit Kubernetes manifests against the constraints with the compiled templates (OPA wasm), as Gatekeeper's gator would; exit 1 on a deny violation, 2 on an input error")
  .argument("[paths...]", "manifest files or directories (.yaml, .yml, .json, recursively); - reads stdin")
  .option("--constraints <path>", "Gatekeeper Constraint YAML file or directory, repeatable; when given, only these constraints are enforced (default: the project's own, from its policies)", (value: string, previous: string[] = []) => [...previous, value])
  .addOption(new Option("--format <format>", "output format").choices([...AUDIT_FORMATS]).default("text"))
  .option("--out <dir>", "bundle directory with the compiled templates (default: `out` of gkc.config.json)")
  .option("--allow-empty", "pass (exit 0) when the input holds no object, instead of failing closed")
  .addOption(new Option("--max-input-bytes <n>", "refuse input larger than this in total").default(256 * 1024 * 1024, "256 MiB").argParser((v) => parseCount(v, "--max-input-bytes")))
  .addOption(new Option("--threads <n>", "threads to evaluate on (default: one per core, up to 8, from 1,000 objects on; 1 below)").argParser((v) => parseThreads(v)))
  .option("--no-progress", "never show a progress bar")
  .option("--no-color", "no colours in text output")
  .addHelpText(
    "after",
    "\nExit status: 0 no deny-level violation; 1 a deny-level violation; 2 a usage or input error: no object\nread (unless --allow-empty), no constraint in --constraints, malformed, binary or oversized input, a\nmissing template.",
  )
  .action(async (paths: string[], options: { constraints?: string[]; format: (typeof AUDIT_FORMATS)[number]; out?: string; progress: boolean; color: boolean; allowEmpty?: boolean; maxInputBytes: number; threads?: number }) => {
    const { runAuditCommand } = await import("./audit.js");
    // Gatekeeper-native constraints and a bundle directory need no gkc project around them.
    const standalone = options.constraints?.length && options.out !== undefined && !findConfig(process.cwd());
    const { layout, outLabel } = standalone ? { layout: { ...defaultLayout(process.cwd()), out: resolveFromCwd(options.out!) }, outLabel: options.out! } : project(options.out);
    process.exitCode = await runAuditCommand(paths, { ...options, outLabel }, layout);
  });

program
  .command("promote <constraint>")
  .description("move a constraint (name or Kind/name) one step up dryrun → warn → deny on evidence that nothing violates it; edits its TypeScript, rebuilds the bundle and appends to rollout-log.jsonl")
  .addOption(new Option("--to <action>", "the new enforcementAction").choices(["warn", "deny"]).makeOptionMandatory())
  .option("--evidence <file>", "a `gkc audit --format json` report, or `kubectl get <kind> <name> -o yaml` / `kubectl get constraints -o yaml` after Gatekeeper's audit")
  .option("--reason <text>", "why, for the rollout log")
  .option("--force", "promote despite missing or bad evidence or a skipped step (logged as forced)")
  .addOption(new Option("--max-evidence-age <hours>", "refuse Gatekeeper audit evidence older than this").default(24).argParser((v) => parsePositiveNumber(v, "--max-evidence-age")))
  .action(async (reference: string, options: { to: "warn" | "deny"; evidence?: string; reason?: string; force?: boolean; maxEvidenceAge: number }) => {
    const { runPromote } = await import("./rollout.js");
    process.exitCode = await runPromote(findProject(), reference, options);
  });

program
  .command("demote <constraint>")
  .description("move a constraint one step down (deny → warn → dryrun) without evidence, for emergencies")
  .option("--reason <text>", "why, for the rollout log")
  .action(async (reference: string, options: { reason?: string }) => {
    const { runDemote } = await import("./rollout.js");
    process.exitCode = await runDemote(findProject(), reference, options);
  });

program
  .command("status")
  .description("every constraint with its enforcement action and the violations in the last evidence given")
  .option("--evidence <file>", "read violations from this evidence instead of the rollout log")
  .option("--json", "machine-readable output")
  .action(async (options: { evidence?: string; json?: boolean }) => {
    const { runStatus } = await import("./rollout.js");
    process.exitCode = await runStatus(findProject(), options);
  });

program
  .command("docs")
  .description("write the Markdown reference of every template (parameters, examples, constraints) and an index")
  .option("--out <dir>", "output directory (default: docs/ inside the bundle directory)")
  .option("--policy <file...>", "only these policy files")
  .action(async (options: { out?: string; policy?: string[] }) => {
    const { runDocs } = await import("./docs.js");
    const layout = findProject();
    const out = options.out === undefined ? `${layout.out}/docs` : resolveFromCwd(options.out);
    process.exitCode = await runDocs({ out, outLabel: options.out ?? displayPath(out), ...(options.policy ? { policies: options.policy.map(resolveFromCwd) } : {}) }, layout);
  });

program
  .command("conformance")
  .description("run gator test suites against gkc's compiled templates: those under DIR, or without DIR the gatekeeper-library's suites vendored with gkc")
  .argument("[dir]", "directory searched for suite.yaml files (default: the vendored gatekeeper-library suites)")
  .option("--out <dir>", "bundle directory whose templates/ are tested (default: `out` of gkc.config.json)")
  .option("--kind <kind...>", "only suites of these constraint kinds")
  .action(async (directory: string | undefined, options: { out?: string; kind?: string[] }) => {
    const { runConformanceCommand } = await import("./conformance.js");
    const out = options.out ?? displayPath(findProject().out);
    process.exitCode = await runConformanceCommand({ ...(directory === undefined ? {} : { directory }), out, ...(options.kind ? { kinds: options.kind } : {}) });
  });

function parseCount(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer, got '${value}'`);
  return n;
}

function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`--threads must be an integer from 1 to 64, got '${value}'`);
  return n;
}

function parsePositiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number, got '${value}'`);
  return n;
}

/** Every seed gkc prints can be replayed: fast-check seeds are 32-bit signed integers. */
function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new Error(`--seed must be an integer, got '${value}'`);
  return n;
}

await program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`gkc: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
