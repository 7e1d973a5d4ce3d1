// Evaluates arbitrary tuples (the shrinker's candidates) on one template in gator. Candidates are
// variants of one tuple: they share kind, namespace and name, so a Constraint cannot select one
// of them alone. Instead a run holds one Constraint per distinct parameters, matching the
// objects' kind, and a result belongs to a candidate when its Constraint carries the candidate's
// parameters and its violatingObject is the candidate's object (gator repeats it whole).
// Referential tuples run alone, as in the differential, so that the inventory is theirs.
import type { ValidateFunction } from "ajv";
import { CONSTRAINT_API_VERSION, inParallel, runGator } from "../../test/support/gator.js";
import { canonical, goView, refusal, type Tuple } from "../../test/support/gator-tuples.js";

/** A side of the differential: the template gator runs. */
export interface Side {
  readonly template: Record<string, unknown>;
}

export interface CandidateContext {
  readonly kind: string;
  readonly referential: boolean;
  /** Both templates' parameter validators: a candidate must be valid against both. */
  readonly validators: readonly ValidateFunction[];
  /** Counts gator runs (the shrinker's budget). */
  runs: number;
}

function evaluable(tuple: Tuple, context: CandidateContext): boolean {
  if (refusal(tuple.object) !== undefined || tuple.inventory.some((d) => refusal(d) !== undefined)) return false;
  return context.validators.every((validate) => validate(tuple.parameters ?? {}));
}

/** One gator run over candidates; undefined for a candidate when the run fails. */
async function runTogether(side: Side, candidates: readonly Tuple[], extra: readonly unknown[], context: CandidateContext): Promise<(string[] | undefined)[]> {
  const groups = [...new Set(candidates.map((c) => canonical(c.parameters ?? null)))];
  const objects = new Map(candidates.map((c) => [canonical(c.object), c.object] as const));
  const kinds = new Map([...objects.values()].map((o) => goView(o)).map((v) => [`${v.group}/${v.kind}`, { apiGroups: [v.group], kinds: [v.kind] }] as const));
  const constraints = groups.map((key, g) => {
    const parameters = candidates.find((c) => canonical(c.parameters ?? null) === key)!.parameters;
    return {
      apiVersion: CONSTRAINT_API_VERSION,
      kind: context.kind,
      metadata: { name: `candidate-${g}` },
      spec: { match: { kinds: [...kinds.values()] }, ...(parameters !== undefined ? { parameters } : {}) },
    };
  });
  context.runs++;
  const run = await runGator([side.template, ...constraints, ...objects.values(), ...extra]);
  if (run.results === undefined) return candidates.map(() => undefined);
  const messages = new Map<string, Set<string>>();
  for (const result of run.results) {
    const key = `${result.constraint.metadata?.name}\n${canonical(result.violatingObject)}`;
    if (!messages.has(key)) messages.set(key, new Set());
    // gator's report leaves out an empty msg (omitempty).
    messages.get(key)!.add(result.msg ?? "");
  }
  return candidates.map((c) => [...(messages.get(`candidate-${groups.indexOf(canonical(c.parameters ?? null))}\n${canonical(c.object)}`) ?? [])].sort());
}

/** Splits a failed run in halves until the failing candidates are alone. */
async function runSplitting(side: Side, candidates: readonly Tuple[], extra: readonly unknown[], context: CandidateContext): Promise<(string[] | undefined)[]> {
  const outcomes = await runTogether(side, candidates, extra, context);
  if (candidates.length === 1 || outcomes.some((o) => o !== undefined)) return outcomes;
  const half = Math.ceil(candidates.length / 2);
  return [...(await runSplitting(side, candidates.slice(0, half), extra, context)), ...(await runSplitting(side, candidates.slice(half), extra, context))];
}

/**
 * Each candidate's messages on each side (sorted, unique), or undefined where gator cannot take
 * the candidate or fails on it. Two gator runs at a time.
 */
export async function evaluateCandidates(sides: readonly Side[], candidates: readonly Tuple[], context: CandidateContext): Promise<(string[] | undefined)[][]> {
  const results = sides.map(() => candidates.map((): string[] | undefined => undefined));
  const usable = candidates.map((c, i) => [c, i] as const).filter(([c]) => evaluable(c, context));
  const tasks: (() => Promise<void>)[] = [];
  sides.forEach((side, s) => {
    if (context.referential) {
      for (const [c, i] of usable) tasks.push(async () => void (results[s]![i] = (await runTogether(side, [c], c.inventory, context))[0]));
      return;
    }
    // Candidates with the current parameters (object shrinks) in one run, the parameter
    // shrinks in another: a run reviews every object under every Constraint.
    const byParameters = new Map<string, (readonly [Tuple, number])[]>();
    for (const pair of usable) {
      const key = canonical(pair[0].parameters ?? null);
      byParameters.set(key, [...(byParameters.get(key) ?? []), pair]);
    }
    const groups = [...byParameters.values()].sort((a, b) => b.length - a.length);
    for (const group of [groups[0] ?? [], groups.slice(1).flat()]) {
      if (!group.length) continue;
      tasks.push(async () => {
        const outcomes = await runSplitting(side, group.map(([c]) => c), [], context);
        group.forEach(([, i], k) => (results[s]![i] = outcomes[k]));
      });
    }
  });
  await inParallel(tasks, 2);
  return results;
}
