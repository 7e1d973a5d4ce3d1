// The harness itself: the three processes start and serve, and whatever way the process that
// started them ends (stop(), SIGTERM, SIGKILL), none of them survives.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { startCluster } from "./cluster.js";
import { groupAlive, sleep } from "./processes.js";

/** Pids of live processes whose command line mentions `dir` (every cluster process names its directory). */
function processesUsing(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(join("/proc", entry, "cmdline"), "utf8").includes(dir)) pids.push(Number(entry));
    } catch {
      // exited while we looked
    }
  }
  return pids;
}

async function gone(groups: number[], dir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((groups.some(groupAlive) || processesUsing(dir).length > 0) && Date.now() < deadline) await sleep(100);
  expect(groups.filter(groupAlive)).toEqual([]);
  expect(processesUsing(dir)).toEqual([]);
}

/** Runs test/cluster/driver.ts, which starts a cluster and prints its process groups. */
async function startDriver(): Promise<{ child: ReturnType<typeof spawn>; groups: number[]; dir: string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, "bin", "run-ts.js"), join(PACKAGE_ROOT, "test", "cluster", "driver.ts")], {
    cwd: PACKAGE_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, GKC_CLUSTER_KEEP: "1" },
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? -1 : null))));
  const stdout = child.stdout;
  if (!stdout) throw new Error("no stdout");
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: stdout }).once("line", resolve);
    void exit.then((code) => reject(new Error(`driver exited (${code}) before the cluster was up`)));
  });
  const { groups, dir } = JSON.parse(line) as { groups: number[]; dir: string };
  return { child, groups, dir, exit };
}

describe("the cluster harness", () => {
  it("starts etcd, kube-apiserver and Gatekeeper, serves the pinned Kubernetes minor, and stop() leaves no process", async () => {
    const cluster = await startCluster();
    const dir = cluster.dir;
    try {
      const groups = cluster.processes.liveGroups();
      expect(groups).toHaveLength(3);
      const version = (await cluster.api.request("GET", "/version")).body as { major: string; minor: string };
      expect(`v${version.major}.${version.minor}.`).toBe(cluster.binaries.versions.kubernetes.replace(/^(v\d+\.\d+\.).*/, "$1"));
      // ValidatingAdmissionPolicy is GA here (served at admissionregistration.k8s.io/v1).
      expect((await cluster.api.request("GET", "/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies")).status).toBe(200);
      expect((await cluster.api.request("GET", "/apis/templates.gatekeeper.sh/v1/constrainttemplates")).status).toBe(200);
      await cluster.stop();
      await gone(groups, dir, 10_000);
    } finally {
      await cluster.stop();
    }
  });

  it("SIGTERM to the process that started the cluster stops every process of it", async () => {
    const driver = await startDriver();
    try {
      expect(driver.groups).toHaveLength(3);
      expect(driver.groups.every(groupAlive)).toBe(true);
      driver.child.kill("SIGTERM");
      expect(await driver.exit).toBe(143);
      await gone(driver.groups, driver.dir, 10_000);
    } finally {
      rmSync(driver.dir, { recursive: true, force: true });
    }
  });

  it("SIGKILL to it (no handler runs) still stops every process, by the watchdog", async () => {
    const driver = await startDriver();
    try {
      expect(driver.groups.every(groupAlive)).toBe(true);
      driver.child.kill("SIGKILL");
      await driver.exit;
      // The watchdog polls once a second.
      await gone(driver.groups, driver.dir, 10_000);
    } finally {
      rmSync(driver.dir, { recursive: true, force: true });
    }
  });
});
