// gkc promote / demote / status on a scratch copy of the project.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tempProject } from "./support/temp-project.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { demote, promote, RefusedError } from "../rollout/change.js";
import { LadderError } from "../rollout/ladder.js";
import { readRollout, ROLLOUT_LOG } from "../rollout/log.js";
import { rolloutStatus } from "../rollout/status.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

let root: string;
const NOW = new Date("2026-11-27T00:00:00Z");
const POLICY = () => join(root, "policies", "naming-convention.ts");
const CONSTRAINT_FILE = () => join(root, "out", "constraints", "k8snamingconvention-dns-label-names.yaml");

function evidence(name: string, content: unknown): string {
  const path = join(root, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const CLEAN_GATEKEEPER_AUDIT = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sNamingConvention
metadata:
  name: dns-label-names
status:
  auditTimestamp: "2026-11-26T10:00:00Z"
  totalViolations: 0
`;

beforeEach(() => {
  const policy = (file: string) => readFileSync(join(PACKAGE_ROOT, "policies", file), "utf8");
  root = tempProject({ "policies/naming-convention.ts": policy("naming-convention.ts"), "policies/required-labels.ts": policy("required-labels.ts") }, "gkc-rollout-");
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("gkc promote", () => {
  test("refuses without evidence and changes nothing", async () => {
    const before = readFileSync(POLICY(), "utf8");
    await expect(promote(root, "dns-label-names", { to: "warn", force: false })).rejects.toThrow(/no evidence given/);
    expect(readFileSync(POLICY(), "utf8")).toBe(before);
    expect(existsSync(join(root, ROLLOUT_LOG))).toBe(false);
  });

  test("promotes on clean Gatekeeper audit evidence: one literal changes, out/ is rebuilt, the change is logged", async () => {
    const before = readFileSync(POLICY(), "utf8");
    const file = evidence("audit.yaml", CLEAN_GATEKEEPER_AUDIT);
    const result = await promote(root, "dns-label-names", { to: "warn", evidence: file, reason: "a week clean", force: false, now: new Date("2026-11-27T00:00:00Z") });
    const after = readFileSync(POLICY(), "utf8");
    const changed = before.split("\n").filter((line, i) => line !== after.split("\n")[i]);
    expect(changed).toEqual(['    enforcementAction: "dryrun",']);
    expect(after.replace('enforcementAction: "warn"', 'enforcementAction: "dryrun"')).toBe(before);
    expect(readFileSync(CONSTRAINT_FILE(), "utf8")).toMatch(/enforcementAction: warn/);
    expect(readRollout(root)).toEqual([
      {
        when: "2026-11-27T00:00:00.000Z",
        change: "promote",
        constraint: { kind: "K8sNamingConvention", name: "dns-label-names" },
        from: "dryrun",
        to: "warn",
        evidence: { file, violations: 0, summary: "Gatekeeper audit at 2026-11-26T10:00:00Z: 0 violation(s) of K8sNamingConvention/dns-label-names" },
        reason: "a week clean",
        forced: false,
      },
    ]);
    expect(result.overridden).toEqual([]);
  }, 60_000);

  test("refuses evidence that shows violations, that is about another constraint, or that has no audit data", async () => {
    const violating = evidence("violating.yaml", CLEAN_GATEKEEPER_AUDIT.replace("totalViolations: 0", "totalViolations: 3"));
    await expect(promote(root, "dns-label-names", { to: "warn", evidence: violating, force: false, now: NOW })).rejects.toThrow(/shows violations.*3 violation/);
    const other = evidence("other.yaml", CLEAN_GATEKEEPER_AUDIT.replace("name: dns-label-names", "name: something-else"));
    await expect(promote(root, "dns-label-names", { to: "warn", evidence: other, force: false, now: NOW })).rejects.toThrow(/not K8sNamingConvention\/dns-label-names/);
    const noStatus = evidence("nostatus.yaml", CLEAN_GATEKEEPER_AUDIT.split("status:")[0]!);
    await expect(promote(root, "dns-label-names", { to: "warn", evidence: noStatus, force: false, now: NOW })).rejects.toThrow(/no status.totalViolations/);
    const auditWithout = evidence("audit.json", { version: 1, summary: { objects: 10 }, constraints: [{ kind: "K8sRequiredLabels", name: "namespaces-must-have-owner" }], violations: [] });
    await expect(promote(root, "dns-label-names", { to: "warn", evidence: auditWithout, force: false })).rejects.toThrow(/did not evaluate/);
    expect(existsSync(join(root, ROLLOUT_LOG))).toBe(false);
  });

  test("accepts a clean gkc audit report and a kubectl List; a skipped step needs --force and is logged as forced", async () => {
    const audit = evidence("audit.json", {
      version: 1,
      summary: { objects: 250, errors: 0, exitCode: 0 },
      constraints: [{ kind: "K8sNamingConvention", name: "dns-label-names", action: "dryrun", matched: 40 }],
      violations: [{ constraint: { kind: "K8sRequiredLabels", name: "namespaces-must-have-owner" }, message: "x" }],
      errors: [],
    });
    await expect(promote(root, "K8sNamingConvention/dns-label-names", { to: "deny", evidence: audit, force: false })).rejects.toThrow(/skips a step/);
    const forced = await promote(root, "K8sNamingConvention/dns-label-names", { to: "deny", evidence: audit, force: true });
    expect(forced.entry.forced).toBe(true);
    expect(forced.entry.evidence?.summary).toBe("gkc audit over 250 object(s): 0 violation(s) of K8sNamingConvention/dns-label-names");
    await demote(root, "dns-label-names", { reason: "incident 42" });
    const list = evidence("list.yaml", `apiVersion: v1\nkind: List\nitems:\n- ${CLEAN_GATEKEEPER_AUDIT.replace(/\n(?=.)/g, "\n  ").replace("totalViolations: 0", "totalViolations: 0")}`);
    await expect(promote(root, "dns-label-names", { to: "deny", evidence: list, force: false, now: NOW })).resolves.toBeDefined();
    expect(readRollout(root).map((e) => `${e.change} ${e.from}→${e.to}${e.forced ? " forced" : ""}`)).toEqual([
      "promote dryrun→deny forced",
      "demote deny→warn",
      "promote warn→deny",
    ]);
    const status = await rolloutStatus(root);
    expect(status.find((r) => r.constraint === "K8sNamingConvention/dns-label-names")).toMatchObject({ action: "deny", violations: 0 });
    expect(status.find((r) => r.constraint === "K8sRequiredLabels/namespaces-must-have-owner")).toMatchObject({ action: "dryrun", violations: null });
  }, 120_000);

  test("demote stops at dryrun; an ambiguous or unknown constraint is refused", async () => {
    await expect(demote(root, "dns-label-names", {})).rejects.toBeInstanceOf(LadderError);
    await expect(promote(root, "no-such-constraint", { to: "warn", force: true })).rejects.toThrow(/no constraint 'no-such-constraint'; known:/);
  });

  test("a failing rebuild restores the policy file and logs nothing", async () => {
    // A type error elsewhere makes the rebuild fail after the edit.
    const broken = join(root, "policies", "required-labels.ts");
    writeFileSync(broken, readFileSync(broken, "utf8").replace("const custom = parameters.message", "const custom: number = parameters.message"));
    const before = readFileSync(POLICY(), "utf8");
    await expect(promote(root, "dns-label-names", { to: "warn", force: true })).rejects.toBeInstanceOf(RefusedError);
    expect(readFileSync(POLICY(), "utf8")).toBe(before);
    expect(existsSync(join(root, ROLLOUT_LOG))).toBe(false);
  }, 60_000);
});
