// The cluster's child processes. Each runs in its own process group (detached), so stopping it
// also stops anything it forked. They are stopped on stop(), on this process's exit, on SIGINT
// and SIGTERM, and, if this process is killed outright (SIGKILL: nothing runs), by a watchdog
// process that polls our pid and kills every group recorded in a file.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, closeSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly log: string;
  /** Set once the process has exited (code or signal). */
  exited: string | undefined;
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export class Processes {
  private readonly children: { managed: Managed; child: ChildProcess }[] = [];
  private readonly groupsFile: string;
  private readonly watchdog: ChildProcess;
  private readonly onExit = (): void => this.killAllNow();
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.killAllNow();
    process.exit(SIGNAL_EXIT[signal] ?? 1);
  };

  constructor(private readonly logDir: string) {
    this.groupsFile = join(logDir, "process-groups");
    writeFileSync(this.groupsFile, "");
    // Node, not sh: dash's kill cannot signal a process group (it reads "-pgid" as an option).
    const script = `const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === "EPERM"; } };
const timer = setInterval(() => {
  if (alive(${process.pid})) return;
  clearInterval(timer);
  for (const g of require("node:fs").readFileSync(${JSON.stringify(this.groupsFile)}, "utf8").split("\\n").filter(Boolean)) {
    try { process.kill(-Number(g), "SIGKILL"); } catch {}
  }
}, 500);`;
    this.watchdog = spawn(process.execPath, ["-e", script], { detached: true, stdio: "ignore" });
    this.watchdog.unref();
    process.on("exit", this.onExit);
    process.on("SIGINT", this.onSignal);
    process.on("SIGTERM", this.onSignal);
  }

  /** Starts `command` in a new process group, stdout and stderr appended to `<logDir>/<name>.log`. */
  start(name: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Managed {
    const log = join(this.logDir, `${name}.log`);
    const fd = openSync(log, "a");
    let child: ChildProcess;
    try {
      child = spawn(command, args, { detached: true, stdio: ["ignore", fd, fd], env });
    } finally {
      closeSync(fd);
    }
    if (child.pid === undefined) throw new Error(`${name} did not start (${command})`);
    appendFileSync(this.groupsFile, `${child.pid}\n`);
    const managed: Managed = { name, pid: child.pid, log, exited: undefined };
    child.on("exit", (code, signal) => {
      managed.exited = signal ? `signal ${signal}` : `exit code ${code}`;
    });
    child.unref();
    this.children.push({ managed, child });
    return managed;
  }

  /** Throws, with the tail of its log, if a process has died. */
  assertRunning(managed: Managed): void {
    if (managed.exited) throw new Error(`${managed.name} exited (${managed.exited}):\n${tail(managed.log)}`);
  }

  /** Every process group still alive (a leader that exited may leave children behind). */
  liveGroups(): number[] {
    return this.children.map(({ managed }) => managed.pid).filter(groupAlive);
  }

  /** SIGTERM to one process's group, SIGKILL after `graceMs`; resolves once the group is gone. */
  async stop(managed: Managed, graceMs = 5_000): Promise<void> {
    signalGroup(managed.pid, "SIGTERM");
    const deadline = Date.now() + graceMs;
    while (groupAlive(managed.pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(managed.pid)) signalGroup(managed.pid, "SIGKILL");
    while (groupAlive(managed.pid)) await sleep(50);
  }

  /** SIGKILL to one process's group, as a crash would; resolves once the group is gone. */
  async kill(managed: Managed): Promise<void> {
    signalGroup(managed.pid, "SIGKILL");
    while (groupAlive(managed.pid)) await sleep(50);
  }

  /** Stops everything, newest first (Gatekeeper before the API server before etcd). */
  async stopAll(graceMs = 5_000): Promise<void> {
    for (const { managed } of [...this.children].reverse()) await this.stop(managed, graceMs);
    this.detach();
  }

  /** Synchronous last resort for exit paths: SIGKILL to every group. */
  killAllNow(): void {
    for (const { managed } of this.children) signalGroup(managed.pid, "SIGKILL");
    this.detach();
  }

  private detach(): void {
    signalGroup(this.watchdog.pid, "SIGKILL");
    process.off("exit", this.onExit);
    process.off("SIGINT", this.onSignal);
    process.off("SIGTERM", this.onSignal);
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Whether any process of the group `pgid` still exists (signal 0 checks without sending). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
