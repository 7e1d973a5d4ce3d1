// Shrinks a divergent tuple to a small one that still diverges the same way: greedy removal of
// object fields, array items, parameters and inventory objects, re-run in gator on both sides.
// Each round tries every single removal (largest first), then the union of the successful ones
// and halves of it, and keeps the largest removal that still diverges.
import type { Tuple } from "../../test/support/gator-tuples.js";
import { evaluateCandidates, type CandidateContext, type Side } from "./candidates.js";

type Path = readonly (string | number)[];

/** Whether a candidate's messages (gkc's, the library's) still show the divergence. */
export type Keeps = (gkc: readonly string[], library: readonly string[], candidate: Tuple) => boolean;

export interface ShrinkBudget {
  /** Gator runs one shrink may make. */
  readonly runs: number;
  /** Single removals tried per round (largest first). */
  readonly removals: number;
}

interface Removal {
  readonly path: Path;
  readonly size: number;
}

function removals(tuple: Tuple): Removal[] {
  const found: Removal[] = [];
  const walk = (value: unknown, path: Path): void => {
    const children: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : typeof value === "object" && value !== null
        ? Object.entries(value)
        : [];
    for (const [key, child] of children) {
      const childPath = [...path, key];
      found.push({ path: childPath, size: JSON.stringify(child)?.length ?? 0 });
      walk(child, childPath);
    }
  };
  walk(tuple.object, ["object"]);
  walk(tuple.parameters, ["parameters"]);
  walk(tuple.inventory, ["inventory"]);
  return found.sort((a, b) => b.size - a.size);
}

/** The tuple without the nodes at `removed` (paths as JSON). */
function without(tuple: Tuple, removed: ReadonlySet<string>): Tuple {
  const copy = (value: unknown, path: Path): unknown => {
    if (Array.isArray(value)) return value.flatMap((v, i) => (removed.has(JSON.stringify([...path, i])) ? [] : [copy(v, [...path, i])]));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, v] of Object.entries(value)) {
        if (removed.has(JSON.stringify([...path, key]))) continue;
        // defineProperty: keys such as __proto__ stay data.
        Object.defineProperty(out, key, { value: copy(v, [...path, key]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  };
  return {
    index: tuple.index,
    object: copy(tuple.object, ["object"]),
    parameters: copy(tuple.parameters, ["parameters"]),
    inventory: copy(tuple.inventory, ["inventory"]) as unknown[],
  };
}

/** The smallest variant of `tuple` found within the budget for which `keeps` still holds. */
export async function shrink(tuple: Tuple, sides: readonly [Side, Side], keeps: Keeps, context: CandidateContext, budget: ShrinkBudget): Promise<Tuple> {
  let current = tuple;
  const startRuns = context.runs;
  const kept = async (candidates: readonly Tuple[]): Promise<boolean[]> => {
    const [gkc, library] = await evaluateCandidates(sides, candidates, context);
    return candidates.map((c, i) => gkc![i] !== undefined && library![i] !== undefined && keeps(gkc![i]!, library![i]!, c));
  };
  while (context.runs - startRuns < budget.runs) {
    const singles = removals(current).slice(0, budget.removals);
    if (!singles.length) break;
    const ok = await kept(singles.map((r) => without(current, new Set([JSON.stringify(r.path)]))));
    const keepers = singles.filter((_, i) => ok[i]);
    if (!keepers.length) break;
    // The union of all successful removals, then halves of it; else the largest single one.
    const sizes: number[] = [];
    for (let n = keepers.length; n > 1; n = Math.ceil(n / 2)) sizes.push(n);
    const unions = sizes.map((n) => without(current, new Set(keepers.slice(0, n).map((r) => JSON.stringify(r.path)))));
    const unionOk = unions.length ? await kept(unions) : [];
    const best = unionOk.indexOf(true);
    current = best >= 0 ? unions[best]! : without(current, new Set([JSON.stringify(keepers[0]!.path)]));
  }
  return current;
}
