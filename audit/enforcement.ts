// Which action a constraint takes in CI. `gkc audit` is Gatekeeper's gator enforcement point,
// `gator.gatekeeper.sh`. As in the constraint framework (apis/constraints
// GetEnforcementActionsForEP) and Gatekeeper (pkg/util/enforcement_action.go):
// - no enforcementAction means `deny` (the CRD default), and so does "" (Gatekeeper's
//   util.GetEnforcementAction, which the webhook and audit use; gator alone reports "" as an
//   action of its own that never fails the run: gkc follows the cluster);
// - `deny`, `warn`, `dryrun` apply as they are;
// - `scoped` takes the actions of every scopedEnforcementActions entry that names the gator point
//   or `*` (all points); a scoped constraint with none is not enforced in CI at all;
// - any other action, scoped action or enforcement point is invalid (Gatekeeper refuses it).
// Exit status: a `deny` among a violation's actions fails the run (gator's enforceableFailure).
import type { Action } from "./types.js";

export const GATOR_ENFORCEMENT_POINT = "gator.gatekeeper.sh";
export const ALL_ENFORCEMENT_POINTS = "*";
const KNOWN_POINTS = new Set(["validation.gatekeeper.sh", "audit.gatekeeper.sh", GATOR_ENFORCEMENT_POINT, "vap.k8s.io", ALL_ENFORCEMENT_POINTS]);
const ACTIONS: readonly Action[] = ["deny", "warn", "dryrun"];

/** The actions at the gator point (empty: not enforced in CI), or the problems with the declaration. */
export type CiEnforcement = { readonly actions: readonly Action[] } | { readonly errors: string[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isAction(value: unknown): value is Action {
  return typeof value === "string" && (ACTIONS as readonly string[]).includes(value);
}

export function ciEnforcement(enforcementAction: unknown, scopedEnforcementActions: unknown): CiEnforcement {
  const action = enforcementAction ?? "deny";
  if (typeof action !== "string") return { errors: ["spec.enforcementAction must be a string"] };
  if (action === "") return { actions: ["deny"] };
  if (isAction(action)) return { actions: [action] };
  if (action !== "scoped") return { errors: [`spec.enforcementAction ${JSON.stringify(action)} is not one of deny, dryrun, warn, scoped`] };
  if (!Array.isArray(scopedEnforcementActions)) return { errors: ["spec.scopedEnforcementActions must be a list when spec.enforcementAction is scoped"] };
  const errors: string[] = [];
  const actions = new Set<Action>();
  scopedEnforcementActions.forEach((entry: unknown, index) => {
    const where = `spec.scopedEnforcementActions[${index}]`;
    if (!isRecord(entry)) {
      errors.push(`${where} must be {action, enforcementPoints: [{name}]}`);
      return;
    }
    const scopedAction = entry["action"];
    if (!isAction(scopedAction)) errors.push(`${where}.action ${JSON.stringify(scopedAction)} is not one of deny, dryrun, warn`);
    const points = entry["enforcementPoints"];
    if (!Array.isArray(points) || points.length === 0) {
      errors.push(`${where}.enforcementPoints must list at least one enforcement point`);
      return;
    }
    let applies = false;
    points.forEach((point: unknown, pointIndex) => {
      const name = isRecord(point) ? point["name"] : undefined;
      if (typeof name !== "string" || !KNOWN_POINTS.has(name)) {
        errors.push(`${where}.enforcementPoints[${pointIndex}].name ${JSON.stringify(name)} is not one of ${[...KNOWN_POINTS].join(", ")}`);
      } else if (name === GATOR_ENFORCEMENT_POINT || name === ALL_ENFORCEMENT_POINTS) {
        applies = true;
      }
    });
    if (applies && isAction(scopedAction)) actions.add(scopedAction);
  });
  if (errors.length) return { errors };
  return { actions: ACTIONS.filter((a) => actions.has(a)) };
}

/** The action a violation is reported with: the strongest of the actions (deny > warn > dryrun). */
export function strongestAction(actions: readonly Action[]): Action {
  for (const action of ACTIONS) if (actions.includes(action)) return action;
  return "dryrun";
}
