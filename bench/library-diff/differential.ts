// One library kind's differential: the sampled tuples through gator with gkc's template and with
// the library's, sorted into agreement and divergence classes.
import type { ValidateFunction } from "ajv";
import { inParallel } from "../../test/support/gator.js";
import { entryFor, pack, parameterValidator, runEntries, sampleTuples, type Entry, type RunOutcome, type Tuple } from "../../test/support/gator-tuples.js";
import { classify, emptyClassified, skip, type Classified } from "./classify.js";
import type { KindCase } from "./kinds.js";

const PARALLEL_RUNS = 2;
const MAX_BATCH = 200;
/** Tuples of a run that one tuple's Constraint may also select (reviews wasted, not misattributed). */
const MAX_COLLISIONS = 8;

function parameterSchema(template: Record<string, unknown>): unknown {
  return (template as { spec?: { crd?: { spec?: { validation?: { openAPIV3Schema?: unknown } } } } }).spec?.crd?.spec?.validation?.openAPIV3Schema;
}

/**
 * A library template without a parameter schema takes no `spec.parameters` at all (gator: "unknown
 * fields"), where gkc's declares an empty one: empty parameters are left out, for both sides.
 */
function withoutEmptyParameters(tuple: Tuple, takesParameters: boolean): Tuple {
  const empty = tuple.parameters === null || (typeof tuple.parameters === "object" && Object.keys(tuple.parameters).length === 0);
  return !takesParameters && empty ? { ...tuple, parameters: undefined } : tuple;
}

export interface KindDifferential {
  readonly classified: Classified;
  readonly sampled: number;
  /** Both templates' parameter validators (gkc's, the library's). */
  readonly validators: readonly ValidateFunction[];
}

export async function differential(c: KindCase, samples: number, seed: number): Promise<KindDifferential> {
  const validate = parameterValidator(c.gkcTemplate);
  const libraryValidate = parameterValidator(c.reference.template);
  const takesParameters = parameterSchema(c.reference.template) !== undefined;
  const classified = emptyClassified();
  const entries: Entry[] = [];
  // Sampled as test/gator-generated.test.ts samples them, filtered by gkc's schema.
  const tuples = sampleTuples(c.arbitraries, validate, samples, seed).map((t) => withoutEmptyParameters(t, takesParameters));
  for (const tuple of tuples) {
    if (!takesParameters && tuple.parameters !== undefined) {
      classified.schema.push({ tuple, gkc: "accepted", library: "the library's template declares no parameters" });
      continue;
    }
    const entry = entryFor(tuple, c.kind, [c.gkcTemplate, c.reference.template], validate);
    if ("skipped" in entry) skip(classified, entry.skipped);
    else if (!libraryValidate(tuple.parameters ?? {})) {
      classified.schema.push({ tuple, gkc: "accepted", library: `the library's schema rejects the parameters: ${JSON.stringify(libraryValidate.errors?.[0])}` });
    } else entries.push(entry);
  }
  // Arbitraries draw few names, so runs that no Constraint crosses would hold one or two tuples.
  // Results are attributed by the whole object instead (runEntries "object"), and a tuple may
  // share a run with a few tuples its Constraint also selects.
  const batches = c.referential ? entries.map((e) => [e]) : pack(entries, MAX_BATCH, MAX_COLLISIONS);
  const attribution = c.referential ? "identity" : "object";
  const gkc = new Map<number, RunOutcome>();
  const library = new Map<number, RunOutcome>();
  const tasks = batches.flatMap((batch) => {
    const extra = c.referential ? batch[0]!.tuple.inventory : [];
    return [
      () => runEntries(c.gkcTemplate, batch, extra, gkc, undefined, attribution),
      () => runEntries(c.reference.template, batch, extra, library, undefined, attribution),
    ];
  });
  await inParallel(tasks, PARALLEL_RUNS);
  for (const { tuple } of entries) classify(classified, tuple, gkc.get(tuple.index)!, library.get(tuple.index)!);
  return { classified, sampled: tuples.length, validators: [validate, libraryValidate] };
}
