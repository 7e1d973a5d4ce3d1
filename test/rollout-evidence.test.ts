// Finding 1: evidence counts only when it shows the constraint was exercised and passed. Each
// refusal names the rule that failed; --force overrides, and the log records what it overrode.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { promote, RefusedError } from "../rollout/change.js";
import { readEvidence } from "../rollout/evidence.js";
import { readRollout, ROLLOUT_LOG } from "../rollout/log.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { declaredAction, FIRST, gatekeeperStatus, KIND, makeScratchProject, runGkc, type Scratch } from "./data/rollout/scratch.js";

const DATA = join(PACKAGE_ROOT, "test", "data", "rollout");
const TARGET = { kind: KIND, name: FIRST };
const NOW = new Date("2026-11-27T12:00:00Z");

let scratch: Scratch;
beforeEach(async () => {
  scratch = await makeScratchProject();
}, 60_000);
afterEach(() => rmSync(scratch.root, { recursive: true, force: true }));

function evidence(name: string, content: string): string {
  const path = join(scratch.root, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(file: string, options: { maxEvidenceAgeHours?: number; now?: Date } = {}): Promise<string> {
  const before = readFileSync(scratch.policy, "utf8");
  const error = await promote(scratch.layout, FIRST, { to: "warn", evidence: file, force: false, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RefusedError);
  expect(readFileSync(scratch.policy, "utf8")).toBe(before);
  expect(existsSync(join(scratch.root, ROLLOUT_LOG))).toBe(false);
  return (error as Error).message;
}

describe("gkc audit reports as evidence", () => {
  test("an audit that failed on malformed YAML (exit 2, 0 objects, an input error) is refused, naming each rule", async () => {
    const message = await refusal(join(DATA, "audit-malformed-yaml.json"));
    expect(message).toMatch(/audit-malformed-yaml\.json/);
    expect(message).toMatch(/\[report-complete\] summary\.exitCode is 2/);
    expect(message).toMatch(/\[objects-read\] summary\.objects is 0/);
    expect(message).toMatch(/\[no-errors\] .*malformed YAML/);
    expect(message).toMatch(/\[constraint-matched\]/);
  });

  test("an audit in which the constraint matched none of the objects is refused", async () => {
    const message = await refusal(join(DATA, "audit-constraint-unmatched.json"));
    expect(message).toMatch(/\[constraint-matched\] K8sNamingConvention\/dns-label-names matched 0 of 1 object/);
    expect(message).not.toMatch(/\[(report-complete|objects-read|no-errors)\]/);
  });

  test("a report without a matched count for the constraint is refused", async () => {
    const report = JSON.parse(readFileSync(join(DATA, "audit-clean.json"), "utf8")) as { constraints: { matched?: number }[] };
    for (const c of report.constraints) delete c.matched;
    expect(await refusal(evidence("old.json", JSON.stringify(report)))).toMatch(/\[constraint-matched\] .*no matched count/);
  });

  test("a clean audit that matched the constraint is accepted", async () => {
    const result = await promote(scratch.layout, FIRST, { to: "warn", evidence: join(DATA, "audit-clean.json"), force: false });
    expect(result.entry.evidence?.summary).toBe("gkc audit over 1 object(s): 0 violation(s) of K8sNamingConvention/dns-label-names");
    expect(declaredAction(readFileSync(scratch.policy, "utf8"), FIRST)).toBe("warn");
  }, 60_000);
});

describe("Gatekeeper audit status as evidence", () => {
  test("totalViolations -7 is refused: it is not a count", async () => {
    expect(await refusal(evidence("neg.yaml", gatekeeperStatus([{ name: FIRST, totalViolations: -7 }])))).toMatch(/\[violation-count\] status\.totalViolations is -7/);
  });

  test("a non-integer or missing totalViolations is refused", async () => {
    expect(await refusal(evidence("frac.yaml", gatekeeperStatus([{ name: FIRST, totalViolations: 0.5 }])))).toMatch(/\[violation-count\]/);
    expect(await refusal(evidence("str.yaml", gatekeeperStatus([{ name: FIRST, totalViolations: "0" }])))).toMatch(/\[violation-count\]/);
  });

  test("audit errors in status.byPod are refused", async () => {
    const file = evidence("errors.yaml", gatekeeperStatus([{ name: FIRST, byPodErrors: [{ code: "audit_error", message: "listing Deployments: forbidden" }] }]));
    expect(await refusal(file)).toMatch(/\[no-audit-errors\] status\.byPod\[0\] \(gatekeeper-audit-7d9f\) reports 1 audit error.*forbidden/);
  });

  test("an auditTimestamp from 1999 is refused as stale; --max-evidence-age is the bound", async () => {
    const old = evidence("old.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: "1999-12-31T23:59:59Z" }]));
    expect(await refusal(old, { now: NOW })).toMatch(/\[audit-fresh\] status\.auditTimestamp 1999-12-31T23:59:59Z is \d+ hours old, more than --max-evidence-age 24/);
    const dayAndAHalf = evidence("36h.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: "2026-11-26T00:00:00Z" }]));
    expect(await refusal(dayAndAHalf, { now: NOW })).toMatch(/36 hours old, more than --max-evidence-age 24/);
    await expect(promote(scratch.layout, FIRST, { to: "warn", evidence: dayAndAHalf, force: false, now: NOW, maxEvidenceAgeHours: 48 })).resolves.toBeDefined();
  }, 60_000);

  test("a timestamp in the future, a missing one and an unparseable one are refused", async () => {
    const future = evidence("future.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: "2026-11-27T12:30:00Z" }]));
    expect(await refusal(future, { now: NOW })).toMatch(/\[audit-fresh\] .*in the future/);
    expect(await refusal(evidence("none.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: null }])), { now: NOW })).toMatch(/\[audit-fresh\] .*no status\.auditTimestamp/);
    expect(await refusal(evidence("junk.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: "last tuesday" }])), { now: NOW })).toMatch(/\[audit-fresh\] .*'last tuesday' is not an RFC 3339 time/);
    // A couple of minutes of clock skew is tolerated.
    const skewed = readEvidence(evidence("skew.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: "2026-11-27T12:02:00Z" }])), TARGET, { now: NOW });
    expect(skewed.problems).toEqual([]);
  });

  test("every item of a kubectl List is checked", () => {
    const file = evidence("list.yaml", gatekeeperStatus([{ name: "other" }, { name: FIRST, totalViolations: -1 }]));
    expect(readEvidence(file, TARGET, { now: new Date() }).problems.map((p) => p.rule)).toEqual(["violation-count"]);
  });
});

describe("--force", () => {
  test("overrides bad evidence; the log entry says forced and lists each overridden rule", async () => {
    const file = evidence("neg.yaml", gatekeeperStatus([{ name: FIRST, totalViolations: -7, auditTimestamp: "1999-12-31T23:59:59Z" }]));
    const result = await promote(scratch.layout, FIRST, { to: "deny", evidence: file, force: true, now: NOW });
    expect(result.overridden.map((o) => o.rule)).toEqual(["one-step", "violation-count", "audit-fresh"]);
    const [entry] = readRollout(scratch.root);
    expect(entry).toMatchObject({ forced: true, to: "deny" });
    expect(entry!.overrode?.map((o) => o.rule)).toEqual(["one-step", "violation-count", "audit-fresh"]);
    expect(entry!.overrode?.[1]?.detail).toMatch(/totalViolations is -7/);
  }, 60_000);

  test("the CLI prints what --force overrode and exits 0; without --force it exits 1 naming the rule", async () => {
    evidence("errors.yaml", gatekeeperStatus([{ name: FIRST, byPodErrors: [{ code: "x", message: "boom" }] }]));
    const refused = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "errors.yaml"]);
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/\[no-audit-errors\]/);
    expect(refused.stderr).toMatch(/errors\.yaml/);
    const forced = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "errors.yaml", "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(/--force overrode \(logged\):\n {2}\[no-audit-errors\] .*boom/);
    expect(readRollout(scratch.root)).toHaveLength(1);
  }, 60_000);

  test("--max-evidence-age reaches the check from the CLI", async () => {
    const twoDays = new Date(Date.now() - 48 * 3_600_000).toISOString();
    evidence("2d.yaml", gatekeeperStatus([{ name: FIRST, auditTimestamp: twoDays }]));
    const refused = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "2d.yaml"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\[audit-fresh\] .*more than --max-evidence-age 24/);
    const accepted = await runGkc(scratch.root, ["promote", FIRST, "--to", "warn", "--evidence", "2d.yaml", "--max-evidence-age", "72"]);
    expect(accepted.code, accepted.stderr).toBe(0);
  }, 60_000);
});
