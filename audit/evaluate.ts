// Evaluates constraints on objects: match as Gatekeeper matches (match.ts), then the templates'
// compiled Rego on OPA wasm. Every template is in one wasm module (RegoBundle), built once per run
// and given the inventory (every input object) once; each object is then reviewed against all of
// its matching constraints in one call, in this thread or, for many objects, in worker threads.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { inventoryJson, type RegoBundle } from "../verify/bundle.js";
import { poolRunner, threadsFor } from "./evaluate-pool.js";
import { inventoryOf } from "../sdk/inventory.js";
import { evaluateTasks, type EvaluationTask, type TaskOutcomes } from "./evaluate-tasks.js";
import type { AuditConstraint } from "./constraints.js";
import { strongestAction } from "./enforcement.js";
import { autorejectMessage, gatorNamespaceFor, matches, matchTarget, namespacesOf } from "./match.js";
import type { AuditError, AuditObject, ObjectRef, Violation } from "./types.js";

export interface EvaluationResult {
  readonly violations: Violation[];
  readonly errors: AuditError[];
  /** (object, constraint) pairs that matched (autorejections included). */
  readonly evaluated: number;
  /** For each constraint (same order as given), the indices of the objects it matched. */
  readonly matched: number[][];
}

export interface EvaluateOptions {
  /** Called as work proceeds: `done` of `total` objects reviewed. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * input.review.operation (default CREATE: a manifest is audited as if it were being created).
   * gator sends none; gkc's compiled predicates never read it.
   */
  readonly operation?: string;
  /**
   * Threads to review objects on: 1 evaluates in this thread; by default one per core (up to 8)
   * when there are at least POOL_MIN_TASKS objects to review, else 1.
   */
  readonly threads?: number;
}

export function objectRef(object: Readonly<Record<string, unknown>>): ObjectRef {
  const metadata = object["metadata"] as Record<string, unknown>;
  const namespace = metadata["namespace"];
  return {
    apiVersion: object["apiVersion"] as string,
    kind: object["kind"] as string,
    namespace: typeof namespace === "string" && namespace !== "" ? namespace : null,
    name: metadata["name"] as string,
  };
}

/** Evaluates the tasks (in worker threads when there are many); `onProgress` counts tasks done. */
export type TaskRunner = (tasks: readonly EvaluationTask[], onProgress: (done: number) => void) => Promise<TaskOutcomes[]>;

const YIELD_EVERY = 512;

/** The tasks in this thread, yielding to the event loop now and then (progress, signals). */
function inThread(bundle: RegoBundle, parameters: readonly unknown[], operation: string): TaskRunner {
  return async (tasks, onProgress) => {
    const results: TaskOutcomes[] = [];
    for (let start = 0; start < tasks.length; start += YIELD_EVERY) {
      results.push(...evaluateTasks(bundle, tasks.slice(start, start + YIELD_EVERY), parameters, operation));
      onProgress(results.length);
      await yieldToEventLoop();
    }
    return results;
  };
}

export async function evaluateConstraints(
  objects: readonly AuditObject[],
  constraints: readonly AuditConstraint[],
  bundle: RegoBundle | undefined,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const operation = options.operation ?? "CREATE";
  const namespaces = namespacesOf(objects.map((o) => o.object));
  const refs: ObjectRef[] = objects.map((o) => objectRef(o.object));
  const parameters = constraints.map((c) => c.parameters);

  const violations: { violation: Violation; objectIndex: number }[] = [];
  const errors: AuditError[] = [];
  const matched: number[][] = constraints.map(() => []);
  let evaluated = 0;

  // Enforced constraints, grouped by template (in order of first appearance).
  const byKind = new Map<string, number[]>();
  constraints.forEach((c, index) => {
    if (c.actions.length) byKind.set(c.ref.kind, [...(byKind.get(c.ref.kind) ?? []), index]);
  });
  for (const [kind, indices] of byKind) {
    if (bundle?.has(kind)) continue;
    for (const i of indices) errors.push({ kind: "template", message: `no compiled template for ${kind}`, constraint: constraints[i]!.ref });
    byKind.delete(kind);
  }

  // Matching, in this thread: each object's task lists the constraints whose match it satisfies.
  const tasks: EvaluationTask[] = [];
  const taskObjects: number[] = [];
  objects.forEach(({ object, source }, objectIndex) => {
    const target = matchTarget(object, gatorNamespaceFor(object, namespaces));
    const perKind: [string, number[]][] = [];
    for (const [kind, indices] of byKind) {
      const toEvaluate: number[] = [];
      for (const constraintIndex of indices) {
        const constraint = constraints[constraintIndex]!;
        const outcome = matches(constraint.match, target);
        if ("matched" in outcome && !outcome.matched) continue;
        evaluated++;
        matched[constraintIndex]!.push(objectIndex);
        if ("error" in outcome) {
          // The constraint framework records a matching error as a violation (autoreject).
          const action = strongestAction(constraint.actions);
          violations.push({ objectIndex, violation: { constraint: constraint.ref, action, object: refs[objectIndex]!, source, message: autorejectMessage(target.name, outcome.error) } });
          continue;
        }
        toEvaluate.push(constraintIndex);
      }
      if (toEvaluate.length) perKind.push([kind, toEvaluate]);
    }
    if (perKind.length) {
      tasks.push({ object, constraints: perKind });
      taskObjects.push(objectIndex);
    }
  });

  if (bundle && tasks.length) {
    const inventory = bundle.needsInventory ? inventoryOf(objects.map((o) => o.object)) : undefined;
    const threads = threadsFor(tasks.length, options.threads);
    let run: TaskRunner;
    if (threads > 1) {
      run = poolRunner({ wasm: bundle.wasm, templates: bundle.templates, parameters, operation, inventory: inventory && inventoryJson(inventory) }, threads);
    } else {
      if (inventory) bundle.setInventory(inventory);
      run = inThread(bundle, parameters, operation);
    }
    const total = tasks.length;
    const results = await run(tasks, (done) => options.onProgress?.(done, total));
    results.forEach((outcomes, t) => {
      const objectIndex = taskObjects[t]!;
      const source = objects[objectIndex]!.source;
      tasks[t]!.constraints.forEach(([, indices], k) => {
        indices.forEach((constraintIndex, j) => {
          const constraint = constraints[constraintIndex]!;
          const result = outcomes[k]![j]!;
          if ("error" in result) {
            errors.push({ kind: "evaluation", message: `${constraint.ref.kind}/${constraint.ref.name} on ${describe(refs[objectIndex]!)}: ${result.error}`, source, constraint: constraint.ref });
            return;
          }
          const action = strongestAction(constraint.actions);
          for (const message of result.messages) {
            violations.push({ objectIndex, violation: { constraint: constraint.ref, action, object: refs[objectIndex]!, source, message } });
          }
        });
      });
    });
    options.onProgress?.(total, total);
  }
  violations.sort(
    (a, b) =>
      a.objectIndex - b.objectIndex ||
      compare(a.violation.constraint.kind, b.violation.constraint.kind) ||
      compare(a.violation.constraint.name, b.violation.constraint.name) ||
      compare(a.violation.message, b.violation.message),
  );
  return { violations: violations.map((v) => v.violation), errors, evaluated, matched };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function describe(ref: ObjectRef): string {
  return `${ref.apiVersion} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}
