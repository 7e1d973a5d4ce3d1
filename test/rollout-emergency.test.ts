// Findings 3 and 4: an emergency demote works while an unrelated policy is broken (updating only
// that constraint's generated files), promote still needs a clean build, and every failure
// names the file at fault.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { buildProject } from "../compiler/build.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { writeTreeAtomically } from "../compiler/output.js";
import { demote, promote, RefusedError } from "../rollout/change.js";
import { readRollout, ROLLOUT_LOG } from "../rollout/log.js";
import {
  breakWithSyntaxError,
  breakWithTypeError,
  builtAction,
  declaredAction,
  FIRST,
  gatekeeperStatus,
  makeScratchProject,
  runGkc,
  type Scratch,
} from "./data/rollout/scratch.js";

let scratch: Scratch;

/** FIRST starts at deny, built; the bundle embeds it. */
beforeEach(async () => {
  scratch = await makeScratchProject({ bundle: true });
  writeFileSync(scratch.policy, readFileSync(scratch.policy, "utf8").replace('enforcementAction: "dryrun"', 'enforcementAction: "deny"'));
  writeTreeAtomically(scratch.layout.out, (await buildProject(scratch.layout, undefined, { fresh: true })).files);
  writeFileSync(join(scratch.root, "evidence.yaml"), gatekeeperStatus([{ name: FIRST }]));
}, 60_000);
afterEach(() => rmSync(scratch.root, { recursive: true, force: true }));

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) visit(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  visit(dir);
  return files;
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).sort();
}

describe("emergency demote with a broken neighbour", () => {
  test.each([
    ["a type error", breakWithTypeError],
    ["a syntax error (it does not load)", breakWithSyntaxError],
  ])("another policy with %s: demote edits the literal, updates only its constraint in out/ and the bundle, names the broken file, logs", async (_, breakIt) => {
    breakIt(scratch.neighbour);
    const before = snapshot(scratch.layout.out);
    const result = await demote(scratch.layout, FIRST, { reason: "incident 42" });
    expect(result.output.mode).toBe("constraint-only");
    expect(result.output.failed).toEqual(["policies/required-labels.ts"]);
    expect(declaredAction(readFileSync(scratch.policy, "utf8"), FIRST)).toBe("warn");
    expect(changedFiles(before, snapshot(scratch.layout.out))).toEqual(["bundles/baseline.yaml", "constraints/k8snamingconvention-dns-label-names.yaml"]);
    expect(builtAction(readFileSync(scratch.constraintFile(FIRST), "utf8"))).toBe("warn");
    const bundle = readFileSync(join(scratch.layout.out, "bundles", "baseline.yaml"), "utf8");
    expect(bundle).toContain(readFileSync(scratch.constraintFile(FIRST), "utf8").trimEnd());
    const [entry] = readRollout(scratch.root);
    expect(entry).toMatchObject({ change: "demote", from: "deny", to: "warn", reason: "incident 42", build: { mode: "constraint-only", failed: ["policies/required-labels.ts"] } });
    // What was written is exactly what a full build makes once the neighbour is repaired.
    cpSync(join(PACKAGE_ROOT, "policies", "required-labels.ts"), scratch.neighbour);
    const full = (await buildProject(scratch.layout, undefined, { fresh: true })).files;
    for (const path of ["bundles/baseline.yaml", "constraints/k8snamingconvention-dns-label-names.yaml"]) {
      expect(readFileSync(join(scratch.layout.out, path), "utf8"), path).toBe(full.get(path));
    }
  }, 60_000);

  test("the CLI prints which files failed to build and what it skipped, and exits 0", async () => {
    breakWithTypeError(scratch.neighbour);
    const run = await runGkc(scratch.root, ["demote", FIRST, "--reason", "pager"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/demoted K8sNamingConvention\/dns-label-names: deny → warn/);
    expect(run.stderr).toMatch(/the full rebuild failed; files at fault: policies\/required-labels\.ts/);
    expect(run.stderr).toMatch(/policies\/required-labels\.ts:\d+:\d+ - error/);
    expect(run.stderr).toMatch(/updated only out\/constraints\/k8snamingconvention-dns-label-names\.yaml, out\/bundles\/baseline\.yaml/);
    expect(run.stderr).toMatch(/skipped: the rest of out\//);
    expect(readRollout(scratch.root)).toHaveLength(1);
  }, 60_000);

  test("with every policy building, demote rebuilds the whole bundle", async () => {
    const result = await demote(scratch.layout, FIRST, {});
    expect(result.output).toMatchObject({ mode: "full", failed: [] });
    expect(readRollout(scratch.root)[0]).not.toHaveProperty("build");
  }, 60_000);
});

describe("promote needs a clean build and names the file at fault", () => {
  test("a type error elsewhere: refused, naming required-labels.ts with its diagnostic; nothing changes", async () => {
    writeFileSync(scratch.policy, readFileSync(scratch.policy, "utf8").replace('enforcementAction: "deny"', 'enforcementAction: "dryrun"'));
    breakWithTypeError(scratch.neighbour);
    const source = readFileSync(scratch.policy, "utf8");
    const out = snapshot(scratch.layout.out);
    const error = await promote(scratch.layout, FIRST, { to: "warn", evidence: join(scratch.root, "evidence.yaml"), force: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/files at fault: policies\/required-labels\.ts/);
    expect((error as RefusedError).details.join("\n")).toMatch(/policies\/required-labels\.ts:\d+:\d+ - error/);
    expect(readFileSync(scratch.policy, "utf8")).toBe(source);
    expect(snapshot(scratch.layout.out)).toEqual(out);
    expect(existsSync(join(scratch.root, ROLLOUT_LOG))).toBe(false);
  }, 60_000);

  test("a policy that does not load: refused before any edit, naming it", async () => {
    writeFileSync(scratch.policy, readFileSync(scratch.policy, "utf8").replace('enforcementAction: "deny"', 'enforcementAction: "dryrun"'));
    breakWithSyntaxError(scratch.neighbour);
    const run = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "evidence.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/policies\/required-labels\.ts/);
  }, 60_000);
});

describe("every failure names the file at fault", () => {
  test("a ladder refusal names the policy file", async () => {
    const run = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "evidence.yaml"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/K8sNamingConvention\/dns-label-names \(policies\/naming\.ts\) is already at 'deny'/);
  }, 60_000);

  test("an unknown constraint is a usage error (exit 2) naming the policies that did not load", async () => {
    breakWithSyntaxError(scratch.neighbour);
    const run = await runGkc(scratch.root, ["demote", "no-such-constraint"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no constraint 'no-such-constraint'.*policies\/required-labels\.ts did not load/s);
  }, 60_000);

  test("unreadable evidence is an input error (exit 2) naming the file", async () => {
    writeFileSync(scratch.policy, readFileSync(scratch.policy, "utf8").replace('enforcementAction: "deny"', 'enforcementAction: "dryrun"'));
    const run = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "missing.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/missing\.yaml: cannot read evidence/);
  }, 60_000);

  test("a demoted policy that does not build itself is refused naming it, with its diagnostic; the file is restored", async () => {
    writeFileSync(scratch.policy, `${readFileSync(scratch.policy, "utf8")}\nexport const broken: number = "text";\n`);
    const source = readFileSync(scratch.policy, "utf8");
    const run = await runGkc(scratch.root, ["demote", FIRST]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/neither the whole bundle nor policies\/naming\.ts alone builds, so policies\/naming\.ts was restored; files at fault: policies\/naming\.ts/);
    expect(run.stderr).toMatch(/policies\/naming\.ts:\d+:\d+ - error/);
    expect(readFileSync(scratch.policy, "utf8")).toBe(source);
    expect(existsSync(join(scratch.root, ROLLOUT_LOG))).toBe(false);
  }, 60_000);
});
