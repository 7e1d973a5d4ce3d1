// `x := t ? a : undefined` where the body fails anyway once `x` is undefined: the binding is the
// test `t` as a step of its own, then `x := a`. The conjunction means the same (the body holds
// only where `t` held), but `t` becomes a plain test, not a lifted function called per element,
// and what it proves (`is_string(rawName)`) is a fact for `a` and for every later step. A call of
// a helper that is such a conditional (`containerName(c)`: undefined unless `c` is an object with
// a name) is split the same way, so the body tests the guards itself and calls nothing for them.
import type { Expr } from "../../ir.js";
import { guardedObject } from "./expressions.js";
import { freeLocals, substitute } from "../../ir-tools.js";
import { argumentsOf } from "../../optimize/inline-helpers.js";
import { simplify } from "../../optimize/simplify.js";
import { chainKey, failsWithoutLocal, type HelperForms, type Step } from "./strict.js";

/** The path with each such binding split into its tests and its defined value. */
export function splitDefinedConditionals(path: readonly Step[], helpers: HelperForms): Step[] {
  const out: Step[] = [];
  path.forEach((step, index) => {
    // A closed value stays whole: it is computed once per query (closed.ts).
    if (step.kind !== "bind" || freeLocals(step.value).size === 0 || !failsWithoutLocal(path.slice(index + 1), step.name, helpers)) {
      out.push(step);
      return;
    }
    let value = step.value;
    for (let split = definedBranch(value, helpers); split !== undefined; split = definedBranch(value, helpers)) {
      out.push({ kind: "test", value: split.test, negated: split.negated });
      value = split.value;
    }
    out.push(value === step.value ? step : { kind: "bind", name: step.name, value });
  });
  return out;
}

/** `t ? a : undefined` as test `t` and value `a`; `t ? undefined : a` as test `!t` and `a`. */
function definedBranch(expr: Expr, helpers: HelperForms): { test: Expr; negated: boolean; value: Expr } | undefined {
  if (expr.kind === "helperCall") {
    const body = inlinedBody(expr, helpers);
    return body?.kind === "conditional" ? definedBranch(body, helpers) : undefined;
  }
  // A guarded member read (`isObject(o) ? o[k] : undefined`) is one read already (expressions.ts decide).
  if (expr.kind !== "conditional" || isGuardedRead(expr.test, expr.then)) return undefined;
  if (expr.otherwise.kind === "undefined" && expr.then.kind !== "undefined") return { test: expr.test, negated: false, value: expr.then };
  if (expr.then.kind === "undefined" && expr.otherwise.kind !== "undefined") return { test: expr.test, negated: true, value: expr.otherwise };
  return undefined;
}

/** The helper's body with the call's arguments in place, where each is a local, literal or member chain (read again, not recomputed). */
function inlinedBody(call: Extract<Expr, { kind: "helperCall" }>, helpers: HelperForms): Expr | undefined {
  const form = helpers.get(call.name);
  if (form === undefined || !call.args.every((arg) => arg.kind === "literal" || chainKey(arg) !== undefined)) return undefined;
  const values = argumentsOf(form.params, form.body, call.args);
  return values === undefined ? undefined : simplify(substitute(form.body, values));
}

function isGuardedRead(test: Expr, then: Expr): boolean {
  const object = guardedObject(test, then);
  return object !== undefined && then.kind === "member" && JSON.stringify(then.object) === JSON.stringify(object);
}
