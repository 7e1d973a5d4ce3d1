// The evaluation step of an audit, the same in every thread: each object with, for each template
// that has matching constraints, the parameters of those constraints, reviewed by the bundle
// (RegoBundle), several objects per wasm call. Plain data in and out, so a worker thread can run
// a share of the tasks.
import type { RegoBundle } from "../verify/bundle.js";
import type { Outcome } from "../verify/engines.js";

/** One object to review: for each template kind, the indices of its matching constraints. */
export interface EvaluationTask {
  readonly object: unknown;
  readonly constraints: readonly (readonly [kind: string, constraintIndices: readonly number[]])[];
}

/** For each entry of a task's `constraints`, one outcome per constraint index, in order. */
export type TaskOutcomes = readonly (readonly Outcome[])[];

/**
 * Objects per wasm call. A call's set-up and OPA's per-call caches are shared by its objects (the
 * wasm runtime compiles each regex once per call): most of the gain comes by about 16 objects,
 * while a call's memory grows with each.
 */
export const OBJECTS_PER_CALL = 32;

/** The outcomes of `tasks`, in order, OBJECTS_PER_CALL objects per wasm call. */
export function evaluateTasks(bundle: RegoBundle, tasks: readonly EvaluationTask[], parameters: readonly unknown[], operation: string): TaskOutcomes[] {
  const results: TaskOutcomes[] = [];
  for (let start = 0; start < tasks.length; start += OBJECTS_PER_CALL) {
    const slice = tasks.slice(start, start + OBJECTS_PER_CALL);
    const items = slice.map((task) => {
      const parametersByKind = new Map<string, unknown[]>();
      for (const [kind, indices] of task.constraints) parametersByKind.set(kind, indices.map((i) => parameters[i]));
      return { object: task.object, parametersByKind };
    });
    bundle.evaluateBatch(items, operation).forEach((outcomes, i) => results.push(slice[i]!.constraints.map(([kind]) => outcomes.get(kind)!)));
  }
  return results;
}
