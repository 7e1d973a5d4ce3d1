// Proves the differential check can fail, in every policy: mutants of the shipped Rego
// (out/templates/<kind>.yaml) must be told apart from the TypeScript by verifyPolicy (the policy's
// fixtures plus generated inputs, on the OPA wasm engine), i.e. killed.
//
// Per policy: the hand-written CURATED faults, plus up to PER_POLICY systematic mutants
// (test/support/mutants.ts: one operator at one site of the policy's own rules, chosen
// deterministically), plus the unmutated Rego as a control that must not be killed. All of a
// policy's mutants are compiled by one `opa build` into one wasm module (packages renamed), and
// builds run ahead of evaluation. Every curated mutant must be killed. A systematic mutant that
// survives must be listed: in EQUIVALENT (no input can kill it; the reason is given, and a listed
// one that gets killed fails the test) or in KNOWN_GAPS (an input kills it, but the fixtures and
// generated inputs lack one: a weakness reported, not hidden). Listed entries must still be
// generated. Per policy, killed / (mutants - equivalent) must reach MIN_KILL_RATE. A table (kind,
// mutants, killed, equivalent, gaps, rate) is printed.
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { verifyPolicy } from "../verify/differential.js";
import { RegoEngine, readTemplateRego, type TemplateRego } from "../verify/engines.js";
import { RegoCompileError } from "../verify/wasm.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { describeMutant, mutationSites, renamePackage, selectMutants, type Mutant, type Operator } from "./support/mutants.js";
import type { Listed } from "./data/fault-injection/listed.js";
import * as core from "./data/fault-injection/core.js";
import * as psp1 from "./data/fault-injection/psp1.js";
import * as psp2 from "./data/fault-injection/psp2.js";
import * as images from "./data/fault-injection/images.js";
import * as general from "./data/fault-injection/general.js";
import * as referential from "./data/fault-injection/referential.js";
import * as schema from "./data/fault-injection/schema.js";
import { faultPolicies, testSeed } from "./support/seed.js";


const SEED = testSeed(20260502, "fault-injection");
/**
 * For working on the listed survivors of a few policies: GKC_FAULT_POLICIES=psp-users,psp-volumes
 * (file names without .ts) builds and runs only those; every other policy's test is skipped.
 * Unset (as in CI), every policy runs. GKC_FAULT_DEBUG=1 prints each unlisted survivor in full
 * (the assertion's diff shortens the list).
 */
const ONLY = faultPolicies();
const selected = (file: string) => ONLY === undefined || ONLY.includes(basename(file, ".ts"));
/** Systematic mutants per policy. */
const PER_POLICY = 12;
/** Generated inputs per mutant (after the fixtures). */
const RUNS = 500;
/** Per policy: killed / (mutants - equivalent mutants). */
const MIN_KILL_RATE = 0.85;
/** opa builds in flight while mutants are evaluated. */
const BUILDS_IN_FLIGHT = 2;

interface Fault {
  readonly kind: string;
  readonly description: string;
  readonly mutate: (rego: string) => string;
}

function replaceOnce(rego: string, search: string | RegExp, replacement: string): string {
  const mutated = rego.replace(search, replacement);
  if (mutated === rego) throw new Error(`fault not applicable: ${String(search)} not found`);
  return mutated;
}

/** Hand-written faults in the shared runtime and in policy rules; each must be killed. */
const CURATED: Fault[] = [
  {
    kind: "K8sAllowedRepos",
    description: "the message function's first branch prints the image where the container's name goes",
    mutate: (rego) => replaceOnce(rego, /(gkc_msg_\d+\(name, image\) := concat\("", \["container <", )name, /, "$1image, "),
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    description: "the message function's integer branch prints maxReplicas where minReplicas goes",
    mutate: (rego) => replaceOnce(rego, /("> minReplicas ", format_int\()gkc_arg_1(, 10\), " or maxReplicas ", format_int\(gkc_arg_2, 10\))/, "$1gkc_arg_2$2"),
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    description: "rangeText's integer variant prints min_replicas where max_replicas goes",
    mutate: (rego) => replaceOnce(rego, /(rangeText\(range\) := concat\("", \["\{\\"max_replicas\\": ", format_int\()max_2(, 10\))/, "$1min_2$2"),
  },
  {
    kind: "K8sHorizontalPodAutoscaler",
    description: "the message function's integer branch without its test that maxReplicas is an integer (format_int truncates)",
    mutate: (rego) => replaceOnce(rego, /(gkc_msg_\d+\([^\n]*\n(?:[^\n]*\n)*?\tis_number\(gkc_arg_2\)\n)\tgkc_arg_2 % 1 == 0\n(\tgkc_arg_2 < 2147483648\n\tgkc_arg_2 > -2147483648\n)/, "$1$2"),
  },
  {
    kind: "K8sNamingConvention",
    description: "flipped comparison of the name's length with maxLength",
    mutate: (rego) => replaceOnce(rego, /(\tgkc_shared_\d+) > (object\.get\(input, \["parameters", "maxLength"\], 63\))\n/, "$1 < $2\n"),
  },
  {
    kind: "K8sRequiredLabels",
    description: "dropped `not` before is_string",
    mutate: (rego) => replaceOnce(rego, "\tnot is_string(value)\n", "\tis_string(value)\n"),
  },
  {
    kind: "K8sContainerLimits",
    description: "quantity comparison off by one direction",
    mutate: (rego) => replaceOnce(rego, /gkc_compare_quantities\((\w+), (\w+)\) > 0/, "gkc_compare_quantities($1, $2) > -1"),
  },
  {
    kind: "K8sApprovedRegistries",
    description: "prefix check without the '/' boundary",
    mutate: (rego) => replaceOnce(rego, /concat\("", \[(entry\w*), "\/"\]\)/, "$1"),
  },
  {
    kind: "K8sContainerLimits",
    description: "null no longer counts as missing (== null)",
    mutate: (rego) => replaceOnce(rego, "[cpu] in {[set()], [null]}", '[cpu] in {[set()], ["null"]}'),
  },
];

/** Explained survivors, one module per group of policies (test/data/fault-injection/). */
const GROUPS = [core, psp1, psp2, images, general, referential, schema];
const EQUIVALENT: readonly Listed[] = GROUPS.flatMap((g) => g.EQUIVALENT);
const KNOWN_GAPS: readonly Listed[] = GROUPS.flatMap((g) => g.KNOWN_GAPS);

interface Candidate {
  readonly label: string;
  readonly curated: boolean;
  readonly control: boolean;
  readonly mutant?: Mutant;
  readonly rego: string;
}

interface Verdict {
  readonly candidate: Candidate;
  /** undefined: the mutant did not compile (reported, not counted). */
  readonly killed: boolean | undefined;
  readonly by?: "fixture" | "generated";
  readonly detail: string;
}

interface PolicyResult {
  readonly kind: string;
  readonly file: string;
  readonly verdicts: readonly Verdict[];
  readonly ms: number;
}

const policies: { file: string; policy: LoadedPolicy; template: TemplateRego; candidates: Candidate[] }[] = [];
const results = new Map<string, Promise<PolicyResult>>();

function candidatesOf(kind: string, template: TemplateRego): Candidate[] {
  const curated = CURATED.filter((f) => f.kind === kind).map((f) => ({ label: `curated: ${f.description}`, curated: true, control: false, rego: f.mutate(template.rego) }));
  const systematic = selectMutants(mutationSites(template.rego), PER_POLICY).map((m) => ({ label: describeMutant(m), curated: false, control: false, mutant: m, rego: m.rego }));
  return [{ label: "control: the unmutated Rego", curated: false, control: true, rego: template.rego }, ...curated, ...systematic];
}

/**
 * One wasm module for all of a policy's candidates; a candidate that does not compile is dropped
 * (and reported) and the rest built again.
 */
async function buildEngines(template: TemplateRego, candidates: readonly Candidate[]): Promise<Map<number, RegoEngine | string>> {
  const engines = new Map<number, RegoEngine | string>();
  let pending = candidates.map((_, i) => i);
  while (pending.length) {
    const templates = pending.map((i) => {
      const packageName = `${template.packageName}_m${i}`;
      return { kind: template.kind, packageName, rego: renamePackage(candidates[i]!.rego, packageName), ...(template.parametersSchema ? { parametersSchema: template.parametersSchema } : {}) };
    });
    try {
      const built = await RegoEngine.fromTemplates(templates);
      pending.forEach((i, k) => engines.set(i, built[k]!));
      return engines;
    } catch (error) {
      if (!(error instanceof RegoCompileError)) throw error;
      // Modules are [template, batch] per candidate: policy.rego is 0, module-<n>.rego is n.
      const bad = new Set([...error.message.matchAll(/\b(policy|module-(\d+))\.rego:\d+/g)].map((m) => Math.floor((m[2] === undefined ? 0 : Number(m[2])) / 2)));
      if (!bad.size) throw error;
      for (const k of bad) engines.set(pending[k]!, error.message.split("\n").find((l) => l.includes(k === 0 ? "policy.rego" : `module-${2 * k}.rego`)) ?? error.message);
      pending = pending.filter((_, k) => !bad.has(k));
    }
  }
  return engines;
}

/** Starts `tasks` with at most `limit` running at a time; one promise per task, in order. */
function limited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T>[] {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<void> => {
    if (running < limit) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve)); // the slot is handed over
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return tasks.map(async (task) => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  });
}

beforeAll(async () => {
  for (const file of discoverPolicies(PACKAGE_ROOT).filter(selected)) {
    const policy = await loadPolicy(file);
    const template = readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`));
    policies.push({ file, policy, template, candidates: candidatesOf(policy.meta.kind, template) });
  }
  // Builds (opa child processes) run ahead; evaluation (in this process) follows in order.
  const builds = limited(
    policies.map(({ template, candidates }) => () => buildEngines(template, candidates)),
    BUILDS_IN_FLIGHT,
  );
  // Awaited in turn below; handled now, so a failed build is not an unhandled rejection meanwhile.
  for (const build of builds) build.catch(() => undefined);
  let previous: Promise<unknown> = Promise.resolve();
  policies.forEach(({ file, policy, candidates }, index) => {
    const result = previous.then(async (): Promise<PolicyResult> => {
      const engines = await builds[index]!;
      const started = Date.now();
      const verdicts: Verdict[] = [];
      for (const [i, candidate] of candidates.entries()) {
        const engine = engines.get(i);
        if (typeof engine === "string" || engine === undefined) {
          verdicts.push({ candidate, killed: undefined, detail: engine ?? "not built" });
          continue;
        }
        const report = await verifyPolicy(policy, engine, { runs: RUNS, seed: SEED });
        const first = report.mismatches[0];
        verdicts.push(first ? { candidate, killed: true, by: first.source, detail: `${first.caseName}: ${first.detail}` } : { candidate, killed: false, detail: `${report.fixtures} fixtures and ${report.generated} generated inputs agree` });
      }
      return { kind: policy.meta.kind, file, verdicts, ms: Date.now() - started };
    });
    // Evaluate one policy at a time; a failure of one does not stop the others.
    previous = result.catch(() => undefined);
    results.set(policy.meta.kind, result);
  });
}, 120_000);

const rows: PolicyResult[] = [];

function listedIn(list: readonly Listed[], kind: string, mutant: Mutant | undefined): Listed | undefined {
  return mutant && list.find((e) => e.kind === kind && e.operator === mutant.operator && e.before === mutant.before && e.after === mutant.after && (e.line === undefined || e.line === mutant.line));
}

function rateOf(kind: string, verdicts: readonly Verdict[]): { mutants: number; killed: number; equivalent: number; gaps: number; rate: number } {
  const mutants = verdicts.filter((v) => !v.candidate.control && v.killed !== undefined);
  const killed = mutants.filter((v) => v.killed).length;
  const equivalent = mutants.filter((v) => v.killed === false && listedIn(EQUIVALENT, kind, v.candidate.mutant)).length;
  const gaps = mutants.filter((v) => v.killed === false && listedIn(KNOWN_GAPS, kind, v.candidate.mutant)).length;
  return { mutants: mutants.length, killed, equivalent, gaps, rate: killed / Math.max(1, mutants.length - equivalent) };
}

describe("fault injection: verification kills mutants of the shipped Rego in every policy", () => {
  const files = discoverPolicies(PACKAGE_ROOT);
  test.skipIf(ONLY !== undefined)("every policy is covered", () => {
    expect(policies.map((p) => p.file)).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(14);
    const kinds = new Set(policies.map((p) => p.policy.meta.kind));
    // Curated faults and equivalents name existing kinds.
    expect(CURATED.filter((f) => !kinds.has(f.kind)).map((f) => f.kind)).toEqual([]);
    expect([...EQUIVALENT, ...KNOWN_GAPS].filter((e) => !kinds.has(e.kind)).map((e) => e.kind)).toEqual([]);
  });

  for (const file of files) {
    test.skipIf(!selected(file))(`${file.slice(PACKAGE_ROOT.length + 1)}: its mutants are killed (curated: all; systematic: all but the listed, rate ≥ ${MIN_KILL_RATE * 100}%)`, async () => {
      const entry = policies.find((p) => p.file === file);
      if (!entry) throw new Error(`${file}: not loaded`);
      const kind = entry.policy.meta.kind;
      const result = await results.get(kind)!;
      rows.push(result);
      const describe = (v: Verdict) => `  ${v.candidate.label}\n    ${v.detail.slice(0, 400)}`;
      const control = result.verdicts.find((v) => v.candidate.control)!;
      expect(control.killed, `the unmutated Rego of ${kind} must agree with the TypeScript (is out/ stale?):\n${describe(control)}`).toBe(false);
      const stillborn = result.verdicts.filter((v) => v.killed === undefined);
      expect(stillborn.map(describe), "mutants that do not compile (fix the operator in test/support/mutants.ts)").toEqual([]);
      const systematic = result.verdicts.filter((v) => !v.candidate.curated && !v.candidate.control);
      expect(systematic.length, `${kind}: systematic mutants`).toBe(Math.min(PER_POLICY, mutationSites(entry.template.rego).length));
      expect(systematic.length).toBeGreaterThanOrEqual(Math.min(PER_POLICY, 6));
      const survivedCurated = result.verdicts.filter((v) => v.candidate.curated && v.killed === false);
      expect(survivedCurated.map(describe), `${kind}: curated faults that survived`).toEqual([]);
      const unexplained = systematic.filter((v) => v.killed === false && !listedIn(EQUIVALENT, kind, v.candidate.mutant) && !listedIn(KNOWN_GAPS, kind, v.candidate.mutant));
      if (process.env.GKC_FAULT_DEBUG) console.log(unexplained.map(describe).join("\n"));
      expect(unexplained.map(describe), `${kind}: surviving mutants not listed (a gap in the fixtures or arbitraries: add a fixture, or list it in KNOWN_GAPS; or an equivalent mutant: list it in EQUIVALENT with the reason)`).toEqual([]);
      const wronglyEquivalent = systematic.filter((v) => v.killed === true && listedIn(EQUIVALENT, kind, v.candidate.mutant));
      expect(wronglyEquivalent.map(describe), `${kind}: mutants listed in EQUIVALENT were killed, so they are not equivalent`).toEqual([]);
      const generated = (e: Listed) => systematic.some((v) => listedIn([e], kind, v.candidate.mutant));
      const stale = [...EQUIVALENT, ...KNOWN_GAPS].filter((e) => e.kind === kind && !generated(e));
      expect(stale.map((e) => `${e.operator}: ${e.before} ⇒ ${e.after}`), `${kind}: EQUIVALENT or KNOWN_GAPS entries no longer generated`).toEqual([]);
      const { rate } = rateOf(kind, result.verdicts);
      expect(rate, `${kind}: kill rate of the non-equivalent mutants`).toBeGreaterThanOrEqual(MIN_KILL_RATE);
    }, 120_000);
  }
});

afterAll(() => {
  if (!rows.length) return;
  rows.sort((a, b) => a.kind.localeCompare(b.kind));
  const line = (cells: readonly (string | number)[]) => `${String(cells[0]).padEnd(32)}${cells.slice(1).map((c) => String(c).padStart(10)).join("")}`;
  const table = [line(["kind", "mutants", "killed", "equiv", "gaps", "rate", "fixture", "generated", "ms"])];
  const sum = { mutants: 0, killed: 0, equivalent: 0 };
  for (const r of rows) {
    const { mutants, killed, equivalent, gaps, rate } = rateOf(r.kind, r.verdicts);
    sum.mutants += mutants;
    sum.killed += killed;
    sum.equivalent += equivalent;
    const by = (source: string) => r.verdicts.filter((v) => !v.candidate.control && v.by === source).length;
    table.push(line([r.kind, mutants, killed, equivalent, gaps, `${(rate * 100).toFixed(0)}%`, by("fixture"), by("generated"), r.ms]));
  }
  table.push(line(["all", sum.mutants, sum.killed, sum.equivalent, "", `${((sum.killed / Math.max(1, sum.mutants - sum.equivalent)) * 100).toFixed(1)}%`, "", "", ""]));
  const survivors = rows.flatMap((r) =>
    r.verdicts
      .filter((v) => v.killed === false && !v.candidate.control)
      .map((v) => {
        const listed = listedIn(EQUIVALENT, r.kind, v.candidate.mutant) ? "equivalent" : listedIn(KNOWN_GAPS, r.kind, v.candidate.mutant) ? "known gap" : "NOT LISTED";
        return `  ${r.kind} ${v.candidate.label} [${listed}]`;
      }),
  );
  console.info(
    `fault injection (seed ${SEED}; fixtures + ${RUNS} generated inputs per mutant; rate = killed / (mutants - equivalent)):\n${table.join("\n")}${survivors.length ? `\nsurvivors:\n${survivors.join("\n")}` : ""}`,
  );
});
