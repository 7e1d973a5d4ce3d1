// The CEL half of the differential check: the inputs the Rego side sees (fixtures, then the same
// generated inputs, topped up until enough are comparable) reviewed by Gatekeeper's CEL driver
// (CelEngine) and compared with what the TypeScript says CEL must give: per input, the instrumented
// predicate's messages and their yields, through `expect` (by default verify/cel.ts
// expectedCelMessages, the documented correspondence).
import type { LoadedPolicy, Predicate } from "../compiler/policies.js";
import { inventoryOf } from "../sdk/inventory.js";
import { celDisagreement, celRaisingPatterns, DELIBERATE_CEL_ERROR_HINT, expectedCelMessages, isDeliberateCelError, recordRegexCalls, siteMessagesOf, unprintedNumberDisagreement, type SiteMessage } from "./cel.js";
import type { CelCase, CelEngine, CelResult } from "./cel-engine.js";
import { asGoJson, kubernetesRequest } from "./cel-native.js";
import { runNative, type Outcome } from "./engines.js";
import { admissionReview, type RequestSpec } from "./review.js";

/** One input of the comparison, as the Rego side saw it. */
export interface CelInput {
  readonly source: "fixture" | "generated";
  readonly caseName: string;
  readonly object: unknown;
  readonly parameters: unknown;
  /** Objects synced into the inventory (CEL templates read none; the TypeScript gets them all the same). */
  readonly inventory: readonly unknown[];
  readonly request?: RequestSpec;
}

/**
 * What CEL must give for an input: exactly these messages, or (`deniedWithError`, for an input on
 * which the CEL is documented to fail evaluation, e.g. an invalid run-time regex) a denial whose
 * message is Kubernetes' error text, which the TypeScript cannot predict word for word.
 */
export type CelExpected = { readonly messages: readonly string[] } | { readonly deniedWithError: string };

/** Decides CEL's expected result from the instrumented TypeScript's yields on `input`. */
export type CelExpectation = (yielded: readonly SiteMessage[], input: CelInput) => CelExpected;

/** The template to compare and how. */
export interface CelTarget {
  readonly engine: CelEngine;
  /** The template's kind, under which it was added to the engine. */
  readonly kind: string;
  /** The policy's source label in the template's fallback messages (compiler/compile.ts sourceLabel). */
  readonly sourceLabel: string;
  /** The kind the fallback messages name, when the template was loaded under another (default `kind`). */
  readonly messageKind?: string;
  /** The predicate with instrumented yields (cel-native.ts instrumentedPredicate). */
  readonly instrumented: Predicate;
  readonly expect?: CelExpectation;
}

export interface CelMismatch {
  readonly input: CelInput;
  readonly typescript: Outcome;
  readonly cel: Outcome;
  readonly expected?: readonly string[];
  readonly detail: string;
}

export interface CelReport {
  readonly fixtures: number;
  readonly generated: number;
  /** Inputs Gatekeeper never reviews (an object without a kind, a constraint it refuses), by reason. */
  readonly skipped: ReadonlyMap<string, number>;
  readonly mismatches: readonly CelMismatch[];
  /** Mismatches beyond `mismatches` (only the first few per source are kept). */
  readonly unreported: number;
}

const KEPT_PER_SOURCE = 3;

/** How Kubernetes' validator words a validation whose expression failed to evaluate (k8s.io/apiserver pkg/admission/plugin/cel/activation.go). */
const EVALUATION_ERROR = /^expression '.*' resulted in error: /s;

function sortedUnique(messages: Iterable<string>): string[] {
  return [...new Set(messages)].sort();
}

function describe(outcome: Outcome | CelExpected): string {
  if ("error" in outcome) return `ERROR ${outcome.error}`;
  if ("deniedWithError" in outcome) return `a denial with Kubernetes' error (${outcome.deniedWithError})`;
  return JSON.stringify(outcome.messages);
}

/** The refusal's gist, to count skips by reason without every parameter value in the key. */
function refusalReason(refused: string): string {
  const gist = refused.replace(/\[.*$/, "").replace(/:\s*$/, "").trim();
  return `Gatekeeper refuses the constraint (${gist.slice(0, 120)})`;
}

/** Compares one reviewed input; a string says how it fails, undefined that it agrees. */
function judge(target: CelTarget, policy: LoadedPolicy, input: CelInput, result: CelResult): CelMismatch | undefined {
  const inventory = inventoryOf(input.inventory);
  const typescript = runNative(policy.predicate, input.object, input.parameters, inventory, input.request);
  const cel: Outcome =
    "error" in result ? { error: `Gatekeeper's CEL review failed: ${result.error}` }
    : "violations" in result ? { messages: sortedUnique(result.violations.map((v) => v.msg)) }
    : { error: "refused" in result ? result.refused : result.undecodable };
  const mismatch = (detail: string, expected?: readonly string[]): CelMismatch => ({ input, typescript, cel, ...(expected ? { expected } : {}), detail });
  if ("error" in typescript) return mismatch(`TypeScript ${typescript.error}`);
  // The regular-expression calls with a pattern from the input: where the CEL raises an error (rule 23).
  const { value: yielded, calls } = recordRegexCalls((): ReturnType<typeof siteMessagesOf> => {
    try {
      return siteMessagesOf(target.instrumented(input.object, input.parameters ?? {}, inventory, admissionReview(input.object, input.request)));
    } catch (error) {
      return { error: `threw ${String(error)}` };
    }
  });
  if ("error" in yielded) return mismatch(`the instrumented TypeScript ${yielded.error} where the plain one did not`);
  const instrumented = sortedUnique(yielded.map((y) => y.message));
  if (JSON.stringify(instrumented) !== JSON.stringify(typescript.messages)) return mismatch(`the instrumented TypeScript yields ${JSON.stringify(instrumented)} (a bug in gkc's instrumentation)`);
  if ("error" in cel) return mismatch(cel.error);
  const messageKind = target.messageKind ?? target.kind;
  const raising = celRaisingPatterns(calls);
  if (raising.length > 0 && !target.expect) {
    const disagreement = celDisagreement(cel.messages, yielded, messageKind, target.sourceLabel, raising);
    return disagreement === undefined ? undefined : mismatch(disagreement);
  }
  const expected = target.expect ? target.expect(yielded, input) : { messages: expectedCelMessages(yielded, messageKind, target.sourceLabel) };
  if ("deniedWithError" in expected) {
    // Kubernetes words an evaluation error as "expression '<validation>' resulted in error: …".
    if (cel.messages.some((m) => EVALUATION_ERROR.test(m))) return undefined;
    return mismatch(`expected ${describe(expected)}, CEL ${cel.messages.length ? `gives ${JSON.stringify(cel.messages)}` : "allows"}`);
  }
  const same = expected.messages.length === cel.messages.length && expected.messages.every((m, i) => m === cel.messages[i]);
  if (same && (cel.messages.length > 0) === (typescript.messages.length > 0)) return undefined;
  // A yield that prints a number CEL cannot print may give CEL's evaluation error instead (rule 21).
  if (!target.expect && unprintedNumberDisagreement(cel.messages, yielded, messageKind, target.sourceLabel) === undefined) return undefined;
  const onlyExpected = expected.messages.filter((m) => !cel.messages.includes(m));
  const onlyCel = cel.messages.filter((m) => !expected.messages.includes(m));
  const lines = (m: string) => {
    const found = [...new Set(yielded.filter((y) => m.includes(y.message)).map((y) => y.line))];
    return found.length ? ` (yield at line ${found.join(", ")})` : "";
  };
  const detail = [...onlyExpected.map((m) => `only expected: ${JSON.stringify(m)}${lines(m)}`), ...onlyCel.map((m) => `only CEL: ${JSON.stringify(m)}`)].join("; ");
  return mismatch(detail || "the verdicts differ", expected.messages);
}

/**
 * Reviews `inputs` in CEL and compares; `more(n)` gives n further generated inputs, called while
 * fewer than `minGenerated` generated inputs were comparable (some are skipped), up to `maxRounds` times.
 */
export async function verifyCel(policy: LoadedPolicy, target: CelTarget, inputs: readonly CelInput[], minGenerated: number, more?: (count: number, round: number) => CelInput[], maxRounds = 10): Promise<CelReport> {
  const skipped = new Map<string, number>();
  const mismatches: CelMismatch[] = [];
  const kept = { fixture: 0, generated: 0 };
  let unreported = 0;
  const counts = { fixture: 0, generated: 0 };
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);

  const run = async (batch: readonly CelInput[]) => {
    // Both sides judge the value as Go decodes it.
    const normalised = batch.map((input): CelInput => ({
      ...input,
      object: asGoJson(input.object),
      parameters: asGoJson(input.parameters ?? {}),
      ...(input.request ? { request: asGoJson(input.request) as RequestSpec } : {}),
    }));
    const reviewable: CelInput[] = [];
    const cases: CelCase[] = [];
    for (const input of normalised) {
      const sent = kubernetesRequest(input.object, input.request);
      if ("never" in sent) {
        skip(`${sent.never} (the API server never sends one)`);
        continue;
      }
      reviewable.push(input);
      cases.push({ parameters: input.parameters, request: sent.request });
    }
    const results = await target.engine.review(target.kind, cases);
    for (const [i, input] of reviewable.entries()) {
      const result = results[i]!;
      if ("refused" in result) {
        skip(refusalReason(result.refused));
        continue;
      }
      if ("undecodable" in result) {
        const field = /Go struct field AdmissionRequest\.(?:request\.)?(\S+?) of type/.exec(result.undecodable)?.[1];
        skip(`the request's ${field ?? "shape"} is not an AdmissionRequest's (the API server never sends one)`);
        continue;
      }
      counts[input.source]++;
      const mismatch = judge(target, policy, input, result);
      if (!mismatch) continue;
      if (kept[input.source] < KEPT_PER_SOURCE) {
        kept[input.source]++;
        mismatches.push(mismatch);
      } else unreported++;
    }
  };

  await run(inputs);
  for (let round = 1; more && counts.generated < minGenerated && round <= maxRounds; round++) {
    const missing = minGenerated - counts.generated;
    await run(more(Math.max(missing * 2, 50), round));
  }
  return { fixtures: counts.fixture, generated: counts.generated, skipped, mismatches, unreported };
}

export function formatCelMismatch(m: CelMismatch): string {
  const { input } = m;
  return [
    `  ✗ CEL ${input.source} ${input.caseName}`,
    `    object:     ${JSON.stringify(input.object)}`,
    `    parameters: ${JSON.stringify(input.parameters)}`,
    ...(input.inventory.length ? [`    inventory:  ${JSON.stringify(input.inventory)}`] : []),
    ...(input.request ? [`    request:    ${JSON.stringify(input.request)}`] : []),
    `    TypeScript: ${describe(m.typescript)}`,
    ...(m.expected ? [`    expected:   ${JSON.stringify(m.expected)} (the TypeScript's messages as CEL gives them)`] : []),
    `    CEL:        ${describe(m.cel)}`,
    `    ${m.detail}`,
    ...("messages" in m.cel && m.cel.messages.some(isDeliberateCelError) ? [`    ${DELIBERATE_CEL_ERROR_HINT}`] : []),
  ].join("\n");
}
