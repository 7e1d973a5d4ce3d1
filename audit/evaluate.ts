// Evaluates constraints on objects: match as Gatekeeper matches (match.ts), then the template's
// compiled Rego on OPA wasm. Each template's engine is built once per run and gets the inventory
// (every input object) once; it then evaluates every (matched object, constraint) pair.
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import type { RegoEngine } from "../verify/engines.js";
import { inventoryOf, type Inventory } from "../sdk/inventory.js";
import type { AuditConstraint } from "./constraints.js";
import { strongestAction } from "./enforcement.js";
import { autorejectMessage, gatorNamespaceFor, matches, matchTarget, namespacesOf, type MatchTarget } from "./match.js";
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
  /** Called as work proceeds: `done` of `total` (object, template) steps. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * input.review.operation (default CREATE: a manifest is audited as if it were being created).
   * gator sends none; gkc's compiled predicates never read it.
   */
  readonly operation?: string;
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

const YIELD_EVERY = 500;

export async function evaluateConstraints(
  objects: readonly AuditObject[],
  constraints: readonly AuditConstraint[],
  engines: ReadonlyMap<string, RegoEngine>,
  options: EvaluateOptions = {},
): Promise<EvaluationResult> {
  const operation = options.operation ?? "CREATE";
  const inventory: Inventory = inventoryOf(objects.map((o) => o.object));
  const namespaces = namespacesOf(objects.map((o) => o.object));
  const targets: MatchTarget[] = objects.map((o) => matchTarget(o.object, gatorNamespaceFor(o.object, namespaces)));
  const refs: ObjectRef[] = objects.map((o) => objectRef(o.object));

  const violations: { violation: Violation; objectIndex: number }[] = [];
  const errors: AuditError[] = [];
  const matched: number[][] = constraints.map(() => []);
  let evaluated = 0;

  // Group constraints by template, so one engine runs all of its constraints before the next.
  const byKind = new Map<string, number[]>();
  constraints.forEach((c, index) => {
    if (c.actions.length) byKind.set(c.ref.kind, [...(byKind.get(c.ref.kind) ?? []), index]);
  });
  const total = objects.length * byKind.size;
  let done = 0;
  for (const [kind, indices] of byKind) {
    const engine = engines.get(kind);
    if (!engine) {
      for (const i of indices) errors.push({ kind: "template", message: `no compiled template for ${kind}`, constraint: constraints[i]!.ref });
      done += objects.length;
      continue;
    }
    for (let objectIndex = 0; objectIndex < objects.length; objectIndex++) {
      const target = targets[objectIndex]!;
      const { object, source } = objects[objectIndex]!;
      // The constraints of this template that match the object, evaluated in one wasm call.
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
      const results = engine.evaluateMany(object, toEvaluate.map((i) => constraints[i]!.parameters), operation, inventory);
      toEvaluate.forEach((constraintIndex, k) => {
        const constraint = constraints[constraintIndex]!;
        const action = strongestAction(constraint.actions);
        const result = results[k]!;
        if ("error" in result) {
          errors.push({ kind: "evaluation", message: `${constraint.ref.kind}/${constraint.ref.name} on ${describe(refs[objectIndex]!)}: ${result.error}`, source, constraint: constraint.ref });
          return;
        }
        for (const message of result.messages) {
          violations.push({ objectIndex, violation: { constraint: constraint.ref, action, object: refs[objectIndex]!, source, message } });
        }
      });
      done++;
      if (done % YIELD_EVERY === 0) {
        options.onProgress?.(done, total);
        await yieldToEventLoop();
      }
    }
  }
  options.onProgress?.(total, total);
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
