// `gkc conformance [DIR]`: the gator suites under DIR against gkc's own templates; without DIR,
// the gatekeeper-library's suites vendored with gkc (conformance/third_party/gatekeeper-library).
// Prints each suite run and every case, lists the suites of kinds gkc does not implement as
// skipped, and ends with exactly `N passed, M failed`; exit 1 on any failure.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import pc from "picocolors";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { runConformance } from "../conformance/run.js";
import { SuiteError } from "../conformance/suites.js";
import { ToolUnavailableError } from "../verify/tools.js";

/** The gatekeeper-library's suites and samples, vendored with gkc: the default suite directory. */
export const VENDORED_SUITES = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library");

export interface ConformanceCommandOptions {
  /** Searched for suite.yaml files; the vendored gatekeeper-library suites when absent. */
  readonly directory?: string;
  readonly out: string;
  readonly kinds?: readonly string[];
}

export async function runConformanceCommand(options: ConformanceCommandOptions, cwd: string = process.cwd()): Promise<number> {
  const templatesDirectory = join(resolve(cwd, options.out), "templates");
  if (!existsSync(templatesDirectory)) {
    console.error(`gkc conformance: ${options.out}/templates does not exist; run \`npx gkc build\``);
    return 2;
  }
  const directory = options.directory === undefined ? VENDORED_SUITES : resolve(cwd, options.directory);
  let report;
  try {
    report = await runConformance({ directory, templatesDirectory, ...(options.kinds ? { kinds: options.kinds } : {}) });
  } catch (error) {
    if (error instanceof SuiteError || error instanceof ToolUnavailableError) {
      console.error(`gkc conformance: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (options.kinds) {
    const ran = new Set(report.ran.flatMap((s) => s.kinds));
    const missing = options.kinds.filter((k) => !ran.has(k));
    if (missing.length) console.error(pc.yellow(`gkc conformance: no suite in ${options.directory ?? "the vendored gatekeeper-library"} tests ${missing.join(", ")} with a template in ${options.out}/templates`));
  }
  for (const suite of report.ran) {
    console.log(`${pc.bold(suite.kinds.join(", "))} ${pc.dim(suite.path)}`);
    for (const c of suite.cases) {
      if (c.status === "pass") console.log(`  ${pc.green("PASS")} ${c.name}`);
      else if (c.status === "skip") console.log(`  ${pc.yellow("SKIP")} ${c.name}: ${c.reason ?? ""}`);
      else console.log(`  ${pc.red("FAIL")} ${c.name}: ${c.reason ?? ""}`);
    }
  }
  if (report.unimplemented.length) {
    console.log(pc.dim(`skipped ${report.unimplemented.length} suite(s): no gkc template of their kind`));
    for (const s of report.unimplemented) console.log(pc.dim(`  SKIP ${s.kinds.join(", ") || "(no readable constraint)"} ${s.path}`));
  }
  if (report.passed + report.failed === 0) console.error(pc.red("gkc conformance: no case ran"));
  console.log(`${report.passed} passed, ${report.failed} failed`);
  return report.failed > 0 || report.passed === 0 ? 1 : 0;
}
