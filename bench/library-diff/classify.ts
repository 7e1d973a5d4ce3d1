// Sorts each tuple's pair of gator outcomes (gkc's template, the library's) into agreement or a
// divergence class.
import type { RunOutcome, Tuple } from "../../test/support/gator-tuples.js";
import { patternSet } from "./patterns.js";

/** A tuple both sides judged, with both message sets (sorted, unique). */
export interface Divergence {
  readonly tuple: Tuple;
  readonly gkc: readonly string[];
  readonly library: readonly string[];
}

/** Message divergences that read the same once values are placeholders. */
export interface MessagePattern {
  readonly key: string;
  readonly gkc: readonly string[];
  readonly library: readonly string[];
  readonly divergences: Divergence[];
}

/** A tuple one side could not judge as the other did: a refusal, a failed run, an evaluation error. */
export interface Failure {
  readonly tuple: Tuple;
  readonly gkc: string;
  readonly library: string;
}

export interface Classified {
  compared: number;
  agreeing: number;
  readonly skipped: Map<string, number>;
  readonly gkcOnly: Divergence[];
  readonly libraryOnly: Divergence[];
  /** Message divergences whose wording differs, by pattern. */
  readonly messages: Map<string, MessagePattern>;
  /** Message divergences with the same wording: only how values are written differs. */
  readonly valuesOnly: Divergence[];
  /** Parameters gkc's schema accepts and the library's rejects (ajv, or gator itself). */
  readonly schema: Failure[];
  /** A side's Rego failed at evaluation (gator reports the error as the violation's message). */
  readonly evaluation: Divergence[];
  /** gator failed in a way that is no verdict: a tool failure. */
  readonly tool: Failure[];
}

export function emptyClassified(): Classified {
  return { compared: 0, agreeing: 0, skipped: new Map(), gkcOnly: [], libraryOnly: [], messages: new Map(), valuesOnly: [], schema: [], evaluation: [], tool: [] };
}

/** An error OPA raised while evaluating, which the constraint framework reports as a result's msg. */
const EVALUATION_ERROR = /^template:\d+: \w+_error: |\beval_\w+_error\b/;

export function isEvaluationError(message: string): boolean {
  return EVALUATION_ERROR.test(message);
}

/** The key of a message divergence: the patterns of each side's messages the other side does not have. */
export function patternKey(gkc: readonly string[], library: readonly string[], tuple: Tuple): string {
  return JSON.stringify([patternSet(gkc.filter((m) => !library.includes(m)), tuple), patternSet(library.filter((m) => !gkc.includes(m)), tuple)]);
}

function describe(outcome: RunOutcome): string {
  if (outcome.status === "ran") return outcome.messages.length ? `violations ${JSON.stringify(outcome.messages)}` : "no violations";
  return `${outcome.status}: ${outcome.reason.split("\n").slice(0, 4).join(" / ").slice(0, 600)}`;
}

function skipReason(reason: string): string {
  const head = reason.split(":")[0]!;
  return head === "parameters the template's schema rejects" || head.startsWith("gator rejects") ? head : reason.split("\n")[0]!.slice(0, 120);
}

export function skip(into: Classified, reason: string): void {
  const key = skipReason(reason);
  into.skipped.set(key, (into.skipped.get(key) ?? 0) + 1);
}

export function classify(into: Classified, tuple: Tuple, gkc: RunOutcome, library: RunOutcome): void {
  if (gkc.status === "skipped" && library.status === "skipped") return skip(into, gkc.reason);
  if (gkc.status !== "ran" || library.status !== "ran") {
    const failure = { tuple, gkc: describe(gkc), library: describe(library) };
    if ([gkc, library].some((o) => o.status === "error")) into.tool.push(failure);
    else if ([gkc, library].some((o) => o.status === "skipped" && o.reason.startsWith("gator rejects the parameters"))) into.schema.push(failure);
    else into.tool.push(failure);
    return;
  }
  into.compared++;
  if ([...gkc.messages, ...library.messages].some(isEvaluationError)) {
    into.evaluation.push({ tuple, gkc: gkc.messages, library: library.messages });
    return;
  }
  const divergence: Divergence = { tuple, gkc: gkc.messages, library: library.messages };
  if (gkc.messages.length && !library.messages.length) into.gkcOnly.push(divergence);
  else if (!gkc.messages.length && library.messages.length) into.libraryOnly.push(divergence);
  else if (JSON.stringify(gkc.messages) !== JSON.stringify(library.messages)) {
    const key = patternKey(gkc.messages, library.messages, tuple);
    const [gkcPatterns, libraryPatterns] = JSON.parse(key) as [string[], string[]];
    const known = into.messages.get(key);
    if (JSON.stringify(gkcPatterns) === JSON.stringify(libraryPatterns)) into.valuesOnly.push(divergence);
    else if (known) known.divergences.push(divergence);
    else into.messages.set(key, { key, gkc: gkcPatterns, library: libraryPatterns, divergences: [divergence] });
  } else into.agreeing++;
}
