// Evaluation across cores: the audit's tasks (evaluate-tasks.ts) in worker threads, each with its
// own instance of the same wasm (V8 compiles it once per process) and the inventory loaded once.
// Tasks go out in chunks to whichever thread is free; results come back in task order, so the
// report is the same whatever the number of threads.
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { TemplateRego } from "../verify/engines.js";
import type { EvaluationTask, TaskOutcomes } from "./evaluate-tasks.js";
import type { TaskRunner } from "./evaluate.js";

/** Below this many objects to review, starting threads costs more than it saves. */
export const POOL_MIN_TASKS = 1_000;
const MAX_THREADS = 8;
/** As the audit thread (audit-thread.ts): JSON.stringify of a deep object recurses per level. */
const STACK_MB = 64;

/**
 * The thread's script: the compiled JavaScript beside this module. From the TypeScript sources
 * (tests, `bin/run-ts.js`) a thread does not inherit tsx's loader: a bootstrap imports the .ts
 * file through tsx's API (tsx is a development dependency).
 */
function startWorker(setup: PoolSetup): Worker {
  const options = { workerData: setup, resourceLimits: { stackSizeMb: STACK_MB } };
  if (!import.meta.url.endsWith(".ts")) return new Worker(new URL("./evaluate-worker.js", import.meta.url), options);
  // tsx's ESM API (the .mjs twin of what require resolves): tsImport loads a .ts module graph.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const script = new URL("./evaluate-worker.ts", import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${JSON.stringify(script)}, ${JSON.stringify(script)}));`, { ...options, eval: true });
}

export interface PoolSetup {
  readonly wasm: Uint8Array;
  readonly templates: readonly TemplateRego[];
  readonly parameters: readonly unknown[];
  readonly operation: string;
  /** `{"inventory": ...}` as JSON bytes, when a template reads it. */
  readonly inventory: ArrayBuffer | undefined;
}

export type PoolRequest = { readonly chunk: number; readonly tasks: readonly EvaluationTask[] };
export type PoolReply = { readonly chunk: number; readonly results: TaskOutcomes[] } | { readonly failure: string };

/** How many threads to evaluate `tasks` tasks on: `requested` when given, else one per core for many tasks. */
export function threadsFor(tasks: number, requested?: number): number {
  if (requested !== undefined) return Math.max(1, Math.floor(requested));
  return tasks >= POOL_MIN_TASKS ? Math.min(availableParallelism(), MAX_THREADS) : 1;
}

export function poolRunner(setup: PoolSetup, threads: number): TaskRunner {
  return (tasks, onProgress) =>
    new Promise<TaskOutcomes[]>((resolve, reject) => {
      // Small enough chunks that threads finish together, large enough that messages stay few.
      const size = Math.max(25, Math.ceil(tasks.length / (threads * 8)));
      const chunks = Math.ceil(tasks.length / size);
      const results: TaskOutcomes[][] = new Array<TaskOutcomes[]>(chunks);
      const workers: Worker[] = [];
      let next = 0;
      let done = 0;
      let reviewed = 0;
      let settled = false;
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        for (const worker of workers) void worker.terminate();
        if (error) reject(error);
        else resolve(results.flat());
      };
      const send = (worker: Worker): void => {
        if (next >= chunks) return;
        const chunk = next++;
        const request: PoolRequest = { chunk, tasks: tasks.slice(chunk * size, (chunk + 1) * size) };
        worker.postMessage(request);
      };
      for (let i = 0; i < Math.min(threads, chunks); i++) {
        const worker = startWorker(setup);
        workers.push(worker);
        worker.on("message", (reply: PoolReply) => {
          if ("failure" in reply) return finish(new Error(`an evaluation thread failed: ${reply.failure}`));
          results[reply.chunk] = reply.results;
          reviewed += reply.results.length;
          onProgress(reviewed);
          if (++done === chunks) return finish();
          send(worker);
        });
        worker.on("error", (error: Error) => finish(new Error(`an evaluation thread failed: ${error.message}`)));
        worker.on("exit", (code) => finish(new Error(`an evaluation thread stopped (exit code ${code}) before its results`)));
        send(worker);
      }
    });
}
