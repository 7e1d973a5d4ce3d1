// Finding 2: promote and demote are serialized by a project lock and journaled, so racing CLI
// processes lose no edit and log each change once, and an interrupt or a crash leaves the
// policy file, out/ and the log agreeing. These run the real CLI (bin/gkc.js → dist/).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { demote, promote, RefusedError } from "../rollout/change.js";
import { InterruptedError } from "../rollout/interrupt.js";
import { LOCK_FILE } from "../rollout/lock.js";
import { JOURNAL_FILE } from "../rollout/journal.js";
import { readRollout, ROLLOUT_LOG } from "../rollout/log.js";
import { builtAction, declaredAction, FIRST, gatekeeperStatus, makeScratchProject, runGkc, SECOND, startGkc, type Scratch } from "./data/rollout/scratch.js";

let scratch: Scratch;
beforeEach(async () => {
  // One policy file: the races are about it, and smaller builds keep 20 rounds quick.
  scratch = await makeScratchProject({ alone: true });
  writeFileSync(join(scratch.root, "evidence.yaml"), gatekeeperStatus([{ name: FIRST }, { name: SECOND }]));
}, 60_000);
afterEach(() => rmSync(scratch.root, { recursive: true, force: true }));

const promoteArgs = (name: string) => ["promote", name, "--to", "warn", "--evidence", "evidence.yaml"];

/** The policy source, the built constraints and the log all tell the same story. */
function expectConsistent(): void {
  const source = readFileSync(scratch.policy, "utf8");
  const log = readRollout(scratch.root);
  for (const name of [FIRST, SECOND]) {
    const declared = declaredAction(source, name);
    expect(builtAction(readFileSync(scratch.constraintFile(name), "utf8")), `out/ for ${name}`).toBe(declared);
    const last = log.filter((e) => e.constraint.name === name).at(-1);
    expect(last?.to ?? "dryrun", `log for ${name}`).toBe(declared);
  }
  expect(existsSync(join(scratch.root, JOURNAL_FILE))).toBe(false);
  expect(existsSync(join(scratch.root, LOCK_FILE))).toBe(false);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return false;
}

describe("racing CLI processes", () => {
  test("two promotes of two constraints in one policy file, 20 times: no lost edit, one log line per change", async () => {
    const original = readFileSync(scratch.policy, "utf8");
    for (let round = 0; round < 20; round++) {
      writeFileSync(scratch.policy, original);
      rmSync(join(scratch.root, ROLLOUT_LOG), { force: true });
      const [first, second] = await Promise.all([runGkc(scratch.root, promoteArgs(FIRST)), runGkc(scratch.root, promoteArgs(SECOND))]);
      expect(first!.code, `round ${round}: ${first!.stderr}`).toBe(0);
      expect(second!.code, `round ${round}: ${second!.stderr}`).toBe(0);
      const source = readFileSync(scratch.policy, "utf8");
      expect([declaredAction(source, FIRST), declaredAction(source, SECOND)], `round ${round}`).toEqual(["warn", "warn"]);
      expect(readRollout(scratch.root).map((e) => e.constraint.name).sort(), `round ${round}`).toEqual([FIRST, SECOND]);
      expectConsistent();
    }
  }, 600_000);

  test("two promotes of the same constraint: one succeeds, the other is refused, one log line", async () => {
    const runs = await Promise.all([runGkc(scratch.root, promoteArgs(FIRST)), runGkc(scratch.root, promoteArgs(FIRST))]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    const refused = runs.find((r) => r.code === 1)!;
    expect(refused.stderr).toMatch(/K8sNamingConvention\/dns-label-names \(policies\/naming\.ts\) is already at 'warn'/);
    expect(readRollout(scratch.root)).toHaveLength(1);
    expectConsistent();
  }, 60_000);
});

describe("interrupts", () => {
  test.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s during the rebuild rolls the change back: file, out/ and log agree; exit %d", async (signal, code) => {
    const before = readFileSync(scratch.policy, "utf8");
    const { child, done } = startGkc(scratch.root, promoteArgs(FIRST));
    // The journal is written just before the file; the rebuild follows.
    const inCriticalSection = await waitFor(() => existsSync(join(scratch.root, JOURNAL_FILE)), 30_000);
    expect(inCriticalSection).toBe(true);
    child.kill(signal);
    const run = await done;
    expect(run.code, run.stderr).toBe(code);
    expect(run.stderr).toMatch(new RegExp(`interrupted by ${signal}: .*restored policies/naming\\.ts`));
    expect(readFileSync(scratch.policy, "utf8")).toBe(before);
    expect(existsSync(join(scratch.root, ROLLOUT_LOG))).toBe(false);
    expectConsistent();
  }, 60_000);

  test("SIGKILL mid-change leaves a journal; the next promote restores the file, reports it, then runs", async () => {
    const before = readFileSync(scratch.policy, "utf8");
    const { child, done } = startGkc(scratch.root, promoteArgs(FIRST));
    // Kill once the edited file is on disk (and the rebuild is running).
    expect(await waitFor(() => existsSync(join(scratch.root, JOURNAL_FILE)) && readFileSync(scratch.policy, "utf8") !== before, 30_000)).toBe(true);
    child.kill("SIGKILL");
    await done;
    expect(existsSync(join(scratch.root, JOURNAL_FILE))).toBe(true);
    expect(existsSync(join(scratch.root, LOCK_FILE))).toBe(true);
    expect(declaredAction(readFileSync(scratch.policy, "utf8"), FIRST)).toBe("warn");
    expect(existsSync(join(scratch.root, ROLLOUT_LOG))).toBe(false);

    const next = await runGkc(scratch.root, promoteArgs(SECOND));
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/removed a stale lock .*pid \d+.*not running/);
    expect(next.stderr).toMatch(/recovered an interrupted promote of K8sNamingConvention\/dns-label-names .*restored policies\/naming\.ts/);
    const source = readFileSync(scratch.policy, "utf8");
    expect([declaredAction(source, FIRST), declaredAction(source, SECOND)]).toEqual(["dryrun", "warn"]);
    expect(readRollout(scratch.root).map((e) => e.constraint.name)).toEqual([SECOND]);
    expectConsistent();
  }, 60_000);
});

describe("the project lock", () => {
  const evidence = () => join(scratch.root, "evidence.yaml");

  test("a live holder makes a promote wait, then refuse, naming the lock file and the holder; nothing changes", async () => {
    // This test process is alive and on this host: a genuine holder.
    const holder = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), command: "promote other --to warn" };
    writeFileSync(join(scratch.root, LOCK_FILE), JSON.stringify(holder));
    const before = readFileSync(scratch.policy, "utf8");
    const started = Date.now();
    const error = await promote(scratch.layout, FIRST, { to: "warn", evidence: evidence(), force: false, lockTimeoutMs: 400 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(new RegExp(`\\.gkc-rollout\\.lock.*pid ${process.pid} on ${hostname()}.*promote other --to warn`));
    expect(readFileSync(scratch.policy, "utf8")).toBe(before);
    expect(JSON.parse(readFileSync(join(scratch.root, LOCK_FILE), "utf8"))).toEqual(holder);
  });

  test("an interrupt while waiting for the lock stops the wait at once", async () => {
    writeFileSync(join(scratch.root, LOCK_FILE), JSON.stringify({ pid: process.pid, hostname: hostname(), started: new Date().toISOString(), command: "promote other" }));
    const controller = new AbortController();
    setTimeout(() => controller.abort("SIGTERM"), 100);
    const error = await promote(scratch.layout, FIRST, { to: "warn", evidence: evidence(), force: false, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(143);
    expect((error as Error).message).toMatch(/interrupted by SIGTERM while waiting for the rollout lock: nothing had changed/);
  });

  test("the lock of a dead process, and one older than 10 minutes, are recovered and reported", async () => {
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid;
    writeFileSync(join(scratch.root, LOCK_FILE), JSON.stringify({ pid: dead, hostname: hostname(), started: new Date().toISOString(), command: "promote x" }));
    const first = await promote(scratch.layout, FIRST, { to: "warn", evidence: evidence(), force: false, lockTimeoutMs: 2_000 });
    expect(first.notes.join("\n")).toMatch(new RegExp(`removed a stale lock .*pid ${dead} .*not running`));
    const old = new Date(Date.now() - 11 * 60_000).toISOString();
    writeFileSync(join(scratch.root, LOCK_FILE), JSON.stringify({ pid: process.pid, hostname: hostname(), started: old, command: "promote y" }));
    const second = await demote(scratch.layout, FIRST, { lockTimeoutMs: 2_000 });
    expect(second.notes.join("\n")).toMatch(/removed a stale lock .*held for more than 10 minutes/);
    expect(existsSync(join(scratch.root, LOCK_FILE))).toBe(false);
  }, 60_000);

  test("in-process changes queue on the lock too", async () => {
    const results = await Promise.all([
      promote(scratch.layout, FIRST, { to: "warn", evidence: evidence(), force: false }),
      promote(scratch.layout, SECOND, { to: "warn", evidence: evidence(), force: false }),
    ]);
    expect(results.map((r) => r.entry.to)).toEqual(["warn", "warn"]);
    expectConsistent();
  }, 60_000);
});

describe("the journal", () => {
  /** What a process killed mid-promote of FIRST leaves behind (pid: one that does not exist). */
  function writeJournal(contents: { before: string; after: string; entry: unknown }): void {
    const journal = { version: 1, pid: 999_999_999, hostname: hostname(), started: new Date().toISOString(), file: "policies/naming.ts", constraint: { kind: "K8sNamingConvention", name: FIRST }, change: "promote", ...contents };
    writeFileSync(join(scratch.root, JOURNAL_FILE), JSON.stringify(journal));
  }

  test("a journal whose change was never logged is rolled back by the next change", async () => {
    const before = readFileSync(scratch.policy, "utf8");
    const after = before.replace('name: "dns-label-names",\n    enforcementAction: "dryrun"', 'name: "dns-label-names",\n    enforcementAction: "warn"');
    expect(after).not.toBe(before);
    writeFileSync(scratch.policy, after);
    const entry = { when: "2026-11-27T00:00:00.000Z", change: "promote", constraint: { kind: "K8sNamingConvention", name: FIRST }, from: "dryrun", to: "warn", evidence: null, reason: null, forced: false };
    writeJournal({ before, after, entry });
    const result = await promote(scratch.layout, SECOND, { to: "warn", evidence: join(scratch.root, "evidence.yaml"), force: false });
    expect(result.notes.join("\n")).toMatch(/recovered an interrupted promote of K8sNamingConvention\/dns-label-names .*restored policies\/naming\.ts/);
    expect(declaredAction(readFileSync(scratch.policy, "utf8"), FIRST)).toBe("dryrun");
    expectConsistent();
  }, 60_000);

  test("a journal whose change reached the log is simply removed", async () => {
    await promote(scratch.layout, FIRST, { to: "warn", evidence: join(scratch.root, "evidence.yaml"), force: false });
    const [entry] = readRollout(scratch.root);
    const source = readFileSync(scratch.policy, "utf8");
    writeJournal({ before: source.replace('enforcementAction: "warn"', 'enforcementAction: "dryrun"'), after: source, entry });
    const result = await demote(scratch.layout, FIRST, {});
    expect(result.notes.join("\n")).toMatch(/interrupted promote of K8sNamingConvention\/dns-label-names \(pid \d+, started [^)]+\) had completed/);
    expect(readRollout(scratch.root).map((e) => `${e.change} ${e.to}`)).toEqual(["promote warn", "demote dryrun"]);
    expectConsistent();
  }, 60_000);

  test("a journal that no longer matches the file is left alone and the change refused, naming both files", async () => {
    writeJournal({ before: "a", after: "b", entry: {} });
    const error = await promote(scratch.layout, FIRST, { to: "warn", evidence: join(scratch.root, "evidence.yaml"), force: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toMatch(/\.gkc-rollout\.journal.*policies\/naming\.ts.*changed since/);
    expect(existsSync(join(scratch.root, JOURNAL_FILE))).toBe(true);
    expect(existsSync(join(scratch.root, LOCK_FILE))).toBe(false);
  });
});
