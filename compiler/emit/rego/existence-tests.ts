// A local bound to a read of the inventory that the body only tests for Rego truthiness
// (`found === undefined || found === false`, what `not data.inventory.…` asks), or only as
// `isObject`'s argument, is that read in the test itself, and the binding goes: expressions.ts
// then emits the test as the reference, so OPA neither calls a function for the read nor builds
// the value it finds (for K8sHorizontalPodAutoscaler's scaleTargetRef, a whole Deployment).
import type { Expr } from "../../ir.js";
import { children, substitute } from "../../ir-tools.js";
import { readsLocal } from "./expressions.js";
import { literalComparisons } from "./literal-comparisons.js";
import type { Step } from "./strict.js";

/** The subject of `subject === undefined || subject === false` (in any order), if that is what `expr` is. */
export function falsyTestSubject(expr: Expr): Expr | undefined {
  const parsed = literalComparisons(expr);
  if (parsed === undefined || parsed.comparisons.length !== 2) return undefined;
  const literals = new Set(parsed.comparisons.map(({ literal }) => (literal.kind === "literal" ? JSON.stringify(literal.value) : "undefined")));
  return literals.has("undefined") && literals.has("false") ? parsed.subject : undefined;
}

/**
 * Whether `expr` reads the local `name` once, as the argument of `isObject`: there the read being
 * undefined and its default (set()) fail `is_object` alike, so the read can stand in the test
 * (K8sStorageClass's `isObject(synced) && …` of the class a claim names).
 */
function onlyObjectTested(expr: Expr, name: string): boolean {
  let objectTests = 0;
  let reads = 0;
  const visit = (e: Expr): void => {
    if (e.kind === "local" && e.name === name) reads++;
    if (e.kind === "sdkCall" && e.name === "isObject" && e.args.length === 1 && e.args[0]!.kind === "local" && e.args[0]!.name === name) objectTests++;
    children(e).forEach(visit);
  };
  visit(expr);
  return reads === 1 && objectTests === 1;
}

/** Whether `expr` reads the inventory at its root, through member reads and the first argument of calls (`field(o, key)`). */
function readsInventory(expr: Expr): boolean {
  if (expr.kind === "input") return expr.field === "inventory";
  if (expr.kind === "member") return readsInventory(expr.object);
  if (expr.kind === "helperCall" || expr.kind === "sdkCall") return expr.args[0] !== undefined && readsInventory(expr.args[0]);
  return false;
}

/**
 * The path, and the result, with each such local's one test reading the inventory in its place.
 * The test may be the result itself (a helper's `return isObject(synced) && …`).
 */
export function inlineExistenceReads(path: readonly Step[], result: Expr | undefined): { path: Step[]; result: Expr | undefined } {
  const out = [...path];
  let value = result;
  const dropped = new Set<number>();
  path.forEach((step, index) => {
    if (step.kind !== "bind" || !readsInventory(step.value)) return;
    if (path.some((other, i) => i !== index && other.kind === "bind" && other.name === step.name)) return;
    const readers = path.flatMap((other, i) => (i > index && stepReads(other, step.name) ? [i] : []));
    const values = new Map([[step.name, step.value]]);
    if (value !== undefined && readsLocal(value, step.name)) {
      if (readers.length !== 0 || !onlyObjectTested(value, step.name)) return;
      value = substitute(value, values);
      dropped.add(index);
      return;
    }
    const [reader] = readers;
    const test = reader === undefined ? undefined : path[reader];
    if (readers.length !== 1 || test?.kind !== "test") return;
    const subject = falsyTestSubject(test.value);
    if (!(subject?.kind === "local" && subject.name === step.name) && !onlyObjectTested(test.value, step.name)) return;
    out[reader!] = { ...test, value: substitute(test.value, values) };
    // Left in, the binding would be shared back into the test (shareBoundValues).
    dropped.add(index);
  });
  return { path: out.filter((_, index) => !dropped.has(index)), result: value };
}

/** Whether the step reads the local (a loop's iterable; its binding binds, it does not read). */
export function stepReads(step: Step, name: string): boolean {
  if (step.kind === "bind" || step.kind === "test") return readsLocal(step.value, name);
  return readsLocal(step.iterable, name);
}
