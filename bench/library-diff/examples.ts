// The examples of a kind's report: the smallest divergent tuples of each class, shrunk while
// they still diverge the same way, with both sides' messages on the shrunk tuple.
import type { ValidateFunction } from "ajv";
import type { Tuple } from "../../test/support/gator-tuples.js";
import { evaluateCandidates, type CandidateContext, type Side } from "./candidates.js";
import { isEvaluationError, patternKey, type Classified, type Divergence } from "./classify.js";
import type { KindCase } from "./kinds.js";
import type { Example, KindReport } from "./report.js";
import { shrink, type Keeps, type ShrinkBudget } from "./shrink.js";

const EXAMPLES = 3;
const BUDGET: ShrinkBudget = { runs: 40, removals: 200 };
/** Referential candidates run one per gator run: fewer removals per round. */
const REFERENTIAL_BUDGET: ShrinkBudget = { runs: 80, removals: 30 };

function size(tuple: Tuple): number {
  return JSON.stringify([tuple.object, tuple.parameters, tuple.inventory]).length;
}

function smallest(divergences: readonly Divergence[], count: number): Divergence[] {
  return [...divergences].sort((a, b) => size(a.tuple) - size(b.tuple)).slice(0, count);
}

const clean = (messages: readonly string[]): boolean => !messages.some(isEvaluationError);
const gkcOnly: Keeps = (g, l) => g.length > 0 && l.length === 0 && clean(g);
const libraryOnly: Keeps = (g, l) => g.length === 0 && l.length > 0 && clean(l);
const bothDenyDifferently = (g: readonly string[], l: readonly string[]): boolean => g.length > 0 && l.length > 0 && JSON.stringify(g) !== JSON.stringify(l) && clean([...g, ...l]);
const samePattern = (d: Divergence): Keeps => {
  const key = patternKey(d.gkc, d.library, d.tuple);
  return (g, l, t) => bothDenyDifferently(g, l) && patternKey(g, l, t) === key;
};
const valuesOnly: Keeps = (g, l, t) => {
  const [gkcPatterns, libraryPatterns] = JSON.parse(patternKey(g, l, t)) as [string[], string[]];
  return bothDenyDifferently(g, l) && JSON.stringify(gkcPatterns) === JSON.stringify(libraryPatterns);
};
const failingSides = (g: readonly string[], l: readonly string[]): string => JSON.stringify([g.some(isEvaluationError), l.some(isEvaluationError)]);
const sameFailure = (d: Divergence): Keeps => (g, l) => failingSides(g, l) === failingSides(d.gkc, d.library);

/** Shrinks a divergence while `keeps` holds; as sampled if shrinking is off or loses it. */
async function example(d: Divergence, keeps: Keeps, sides: readonly [Side, Side], context: CandidateContext, budget: ShrinkBudget | undefined): Promise<Example> {
  const asSampled: Example = { original: d.tuple, shrunk: d.tuple, gkc: d.gkc, library: d.library };
  if (!budget) return asSampled;
  const shrunk = await shrink(d.tuple, sides, keeps, context, budget);
  const [[gkc], [library]] = (await evaluateCandidates(sides, [shrunk], context)) as [(string[] | undefined)[], (string[] | undefined)[]];
  return gkc !== undefined && library !== undefined && keeps(gkc, library, shrunk) ? { original: d.tuple, shrunk, gkc, library } : asSampled;
}

export async function examples(c: KindCase, classified: Classified, validators: readonly ValidateFunction[], shrinking: boolean): Promise<KindReport["examples"]> {
  const sides: [Side, Side] = [{ template: c.gkcTemplate }, { template: c.reference.template }];
  const context: CandidateContext = { kind: c.kind, referential: c.referential, validators, runs: 0 };
  const budget = shrinking ? (c.referential ? REFERENTIAL_BUDGET : BUDGET) : undefined;
  const run = async (list: readonly Divergence[], keeps: (d: Divergence) => Keeps): Promise<Example[]> => {
    const out: Example[] = [];
    for (const d of list) out.push(await example(d, keeps(d), sides, context, budget));
    return out;
  };
  const patterns = [...classified.messages.values()].sort((a, b) => b.divergences.length - a.divergences.length).slice(0, EXAMPLES);
  return {
    gkcOnly: await run(smallest(classified.gkcOnly, EXAMPLES), () => gkcOnly),
    libraryOnly: await run(smallest(classified.libraryOnly, EXAMPLES), () => libraryOnly),
    messages: await run(patterns.map((p) => smallest(p.divergences, 1)[0]!), samePattern),
    valuesOnly: await run(smallest(classified.valuesOnly, 1), () => valuesOnly),
    evaluation: await run(smallest(classified.evaluation, EXAMPLES), sameFailure),
  };
}
