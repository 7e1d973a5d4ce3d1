// The CEL engine of `gkc verify`: a template's K8sNativeValidation code evaluated by Gatekeeper's
// own CEL driver, in the pinned `celeval` (tools/celeval/main.go), one process per verify run.
// Requests and answers are JSON lines; many reviews go in one line.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { toolPath } from "./tools.js";

/** One review: an AdmissionRequest (as verify/review.ts builds it), judged by a constraint with these parameters. */
export interface CelCase {
  readonly parameters: unknown;
  readonly request: Record<string, unknown>;
}

/** A violation as Gatekeeper reports it. */
export interface CelViolation {
  readonly msg: string;
  readonly enforcementAction: string;
  readonly constraint: string;
}

/**
 * What Gatekeeper made of a case: its violations, or `refused` when Gatekeeper refuses the
 * constraint (parameters outside the template's schema: it never runs), or an evaluation error.
 */
export type CelResult = { readonly violations: readonly CelViolation[] } | { readonly refused: string } | { readonly undecodable: string } | { readonly error: string };

/** The CEL engine's process failed (died, or answered nonsense): the whole verify run stops. */
export class CelEngineError extends Error {}

interface Answer {
  readonly id: number;
  readonly error?: string;
  readonly results?: readonly { violations?: CelViolation[] | null; refused?: string; undecodable?: string; error?: string }[];
}

/** Reviews per request line: big enough to amortise the round trip, small enough to keep lines short. */
const CASES_PER_LINE = 250;

export class CelEngine {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (answer: Answer) => void; reject: (error: Error) => void }>();
  private failure: Error | undefined;
  private stderrTail = "";
  /** Reviews evaluated, and the time spent waiting for them (for the evaluations-per-second figure). */
  readonly stats = { reviews: 0, ms: 0 };

  private constructor(private readonly child: ChildProcessWithoutNullStreams, private readonly binary: string) {
    createInterface({ input: child.stdout }).on("line", (line) => this.answer(line));
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    child.on("error", (error) => this.fail(`cannot run ${binary}: ${error.message}`));
    // "close", not "exit": by then its stderr has been read, for the reason.
    child.on("close", (code, signal) => this.fail(`celeval (${binary}) exited (${signal ?? `code ${code}`})${this.lastStderrLine()}`));
    // A broken pipe is reported by the exit above; do not let it crash the process.
    child.stdin.on("error", () => undefined);
  }

  /** Starts the pinned celeval (built on first use; GKC_CELEVAL_BIN overrides). Throws ToolUnavailableError. */
  static start(): CelEngine {
    const binary = toolPath("celeval");
    const child = spawn(binary, [], { stdio: ["pipe", "pipe", "pipe"] });
    return new CelEngine(child, binary);
  }

  private lastStderrLine(): string {
    const line = this.stderrTail.trim().split("\n").pop();
    return line ? `: ${line}` : "";
  }

  private fail(message: string): void {
    this.failure ??= new CelEngineError(message);
    for (const { reject } of this.pending.values()) reject(this.failure);
    this.pending.clear();
  }

  private answer(line: string): void {
    let answer: Answer;
    try {
      answer = JSON.parse(line) as Answer;
    } catch {
      this.fail(`celeval (${this.binary}) answered a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    const waiting = this.pending.get(answer.id);
    if (!waiting) {
      this.fail(`celeval (${this.binary}) answered an unknown request ${answer.id}${answer.error ? `: ${answer.error}` : ""}`);
      return;
    }
    this.pending.delete(answer.id);
    waiting.resolve(answer);
  }

  private send(request: Record<string, unknown>): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Loads a ConstraintTemplate (parsed; its CEL only, see celOnlyTemplate); rejects with Gatekeeper's reason. */
  async addTemplate(template: Record<string, unknown>): Promise<void> {
    const answer = await this.send({ op: "template", template });
    if (answer.error !== undefined) throw new Error(`Gatekeeper refuses the template: ${answer.error}`);
  }

  /** Reviews every case against the template of `kind` (added before); results in order. */
  async review(kind: string, cases: readonly CelCase[]): Promise<CelResult[]> {
    const started = Date.now();
    const lines: Promise<Answer>[] = [];
    for (let i = 0; i < cases.length; i += CASES_PER_LINE) {
      const chunk = cases.slice(i, i + CASES_PER_LINE).map((c) => ({ parameters: c.parameters ?? {}, request: c.request }));
      lines.push(this.send({ op: "review", kind, cases: chunk }));
    }
    const results: CelResult[] = [];
    for (const [index, line] of lines.entries()) {
      const answer = await line;
      const expected = Math.min(CASES_PER_LINE, cases.length - index * CASES_PER_LINE);
      if (answer.error !== undefined || answer.results?.length !== expected) {
        const reason = answer.error ?? `${answer.results?.length ?? "no"} results for ${expected} reviews`;
        for (let i = 0; i < expected; i++) results.push({ error: reason });
        continue;
      }
      for (const r of answer.results) {
        if (r.refused) results.push({ refused: r.refused });
        else if (r.undecodable) results.push({ undecodable: r.undecodable });
        else if (r.error) results.push({ error: r.error });
        else results.push({ violations: r.violations ?? [] });
      }
    }
    this.stats.reviews += cases.length;
    this.stats.ms += Date.now() - started;
    return results;
  }

  /** Ends the process (its stdin closed, it exits by itself). */
  close(): void {
    this.failure ??= new CelEngineError("the CEL engine was closed");
    this.child.removeAllListeners("close");
    this.child.stdin.end();
  }
}
