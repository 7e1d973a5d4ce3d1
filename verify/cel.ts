// What the CEL engine of a template must say, computed from the TypeScript: the correspondence of
// compiler/emit/cel/source.ts (one validation per yield; its message is that yield's messages
// joined, as compiler/cel-messages.ts writes it down). Also: a template with its CEL only, and the
// predicate instrumented to say which yield produced each message.
import { Project, SyntaxKind } from "ts-morph";
import { celRegexRaises } from "../compiler/emit/cel/regex.js";
import { siteVariable } from "../compiler/emit/cel/source.js";
import { celMessages, type SiteMessage } from "../compiler/cel-messages.js";
import { isValidRegex } from "../sdk/regex.js";

export { byCodePoint, type SiteMessage } from "../compiler/cel-messages.js";

/**
 * The set of messages the CEL validations give (sorted, unique), from the TypeScript's messages
 * and the yields that produced them (compiler/cel-messages.ts).
 */
export const expectedCelMessages = celMessages;

/** A ConstraintTemplate (parsed) whose code keeps only the K8sNativeValidation entry. */
export function celOnlyTemplate(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template) as { spec: { targets: { code: { engine: string }[] }[] } };
  for (const target of copy.spec.targets) target.code = target.code.filter((c) => c.engine === "K8sNativeValidation");
  if (!copy.spec.targets.some((t) => t.code.length)) throw new Error("the template has no K8sNativeValidation code");
  return copy as unknown as Record<string, unknown>;
}

/** The key under which an instrumented predicate yields `{ line, message }` objects. */
export const SITE_KEY = "__gkcYieldLine";

/** The global through which an instrumented predicate reports its calls of the SDK's regular-expression helpers. */
export const REGEX_HOOK_KEY = "__gkcRegexCall";

/** A call of isValidRegex or regexMatches whose pattern is not a literal, with its arguments. */
export interface RegexCall {
  readonly helper: "isValidRegex" | "regexMatches";
  readonly args: readonly unknown[];
}

const REGEX_HELPERS: readonly string[] = ["isValidRegex", "regexMatches"];

/** The text with each edit applied (edits do not overlap). */
function applied(text: string, edits: { start: number; end: number; text: string }[]): string {
  // From the end, so earlier positions stay valid.
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
}

/**
 * The policy module's source with every `yield value` replaced by a yield of
 * `{ [SITE_KEY]: line, message: value }`: run, it tells which yield produced each message. Every
 * call of isValidRegex or regexMatches with a pattern that is not a literal goes through the
 * global REGEX_HOOK_KEY when one is installed (recordRegexCalls). Lines stay where they are.
 */
export function instrumentYields(file: string): string {
  const project = new Project({ useInMemoryFileSystem: false, skipFileDependencyResolution: true, compilerOptions: { noResolve: true } });
  const original = project.addSourceFileAtPath(file);
  const hook = `((globalThis as unknown as Record<string, (<F>(helper: string, f: F) => F) | undefined>)[${JSON.stringify(REGEX_HOOK_KEY)}] ?? (<F>(_helper: string, f: F): F => f))`;
  const calls = original.getDescendantsOfKind(SyntaxKind.CallExpression).filter((call) => {
    const callee = call.getExpression();
    const pattern = call.getArguments()[0];
    const literal = pattern !== undefined && (pattern.isKind(SyntaxKind.StringLiteral) || pattern.isKind(SyntaxKind.NoSubstitutionTemplateLiteral));
    return callee.isKind(SyntaxKind.Identifier) && REGEX_HELPERS.includes(callee.getText()) && !literal;
  });
  const hooked = applied(
    original.getFullText(),
    calls.map((call) => {
      const callee = call.getExpression();
      return { start: callee.getStart(), end: callee.getEnd(), text: `${hook}(${JSON.stringify(callee.getText())}, ${callee.getText()})` };
    }),
  );
  const source = project.createSourceFile(`${file}.gkc-hooked.ts`, hooked, { overwrite: true });
  const yields = source.getDescendantsOfKind(SyntaxKind.YieldExpression).filter((y) => y.getExpression() !== undefined);
  return applied(
    source.getFullText(),
    yields.map((y) => {
      const value = y.getExpression()!;
      return { start: value.getStart(), end: value.getEnd(), text: `({ ${SITE_KEY}: ${y.getStartLineNumber()}, message: (${value.getText()}) } as unknown as string)` };
    }),
  );
}

/** Runs `run` (which runs an instrumented predicate to its end) and returns its value and the regular-expression calls it made. */
export function recordRegexCalls<T>(run: () => T): { readonly value: T; readonly calls: readonly RegexCall[] } {
  const calls: RegexCall[] = [];
  const global = globalThis as unknown as Record<string, unknown>;
  const previous = global[REGEX_HOOK_KEY];
  global[REGEX_HOOK_KEY] =
    <F>(helper: string, f: F): F =>
    ((...args: unknown[]) => {
      calls.push({ helper: helper as RegexCall["helper"], args });
      return (f as (...a: unknown[]) => unknown)(...args);
    }) as F;
  try {
    return { value: run(), calls };
  } finally {
    global[REGEX_HOOK_KEY] = previous;
  }
}

/**
 * The patterns on which gkc's CEL raises an error at these calls (compiler/emit/cel/regex.ts):
 * a string pattern the TypeScript calls invalid or the two RE2s may disagree on, where the CEL
 * evaluates matches() (regexMatches: only when the value is a string too).
 */
export function celRaisingPatterns(calls: readonly RegexCall[]): string[] {
  const out = new Set<string>();
  for (const { helper, args } of calls) {
    const [pattern, value] = args;
    if (typeof pattern !== "string" || (helper === "regexMatches" && typeof value !== "string")) continue;
    if (celRegexRaises(pattern)) out.add(pattern);
  }
  return [...out];
}

/**
 * Kubernetes' message for a validation whose expression raised an error: `expression '<the
 * validation's expression>' resulted in error: <CEL's error>` (k8s.io/apiserver
 * pkg/admission/plugin/cel activation.go; a variable's error is wrapped as `composited variable
 * "<name>" fails to evaluate: <error>`), which Gatekeeper passes on. Here CEL's error is Go's
 * regexp refusing the pattern (`error parsing regexp: ...`), or the error gkc raises on purpose on
 * a pattern the two RE2s may disagree on: its `int("... gkc: ...")` (compiler/emit/cel/
 * expressions.ts failure) reads `type conversion error from 'string' to 'int'`, without the text.
 */
const REGEXP_REFUSED = /^expression '[\s\S]*' resulted in error: [\s\S]*error parsing regexp: /;

/** Whether `message` is Kubernetes' message for a validation that failed on a regular expression. */
export function isCelRegexError(message: string): boolean {
  return REGEXP_REFUSED.test(message) || isDeliberateCelError(message);
}

/**
 * Where gator's CEL messages and the TypeScript's disagree on one input, or undefined when they
 * agree (README, CEL, rules 23 and 25). With no pattern on which gkc's CEL raises an error
 * (`raising`, celRaisingPatterns), the messages are exactly expectedCelMessages, except where a
 * yield shows a number CEL cannot print (unprintedNumberDisagreement). With one, the
 * CEL denies with at least one evaluation error of a regular expression, every other message is one the TypeScript
 * implies, and it denies exactly when the TypeScript yields, unless a raising pattern is one the
 * TypeScript calls valid (a pattern the RE2s may disagree on: a denial the TypeScript may not give).
 */
export function celDisagreement(gator: readonly string[], yielded: readonly SiteMessage[], kind: string, sourceLabel: string, raising: readonly string[] = []): string | undefined {
  const expected = expectedCelMessages(yielded, kind, sourceLabel);
  if (raising.length === 0) {
    if (JSON.stringify(gator) === JSON.stringify(expected)) return undefined;
    return unprintedNumberDisagreement(gator, yielded, kind, sourceLabel) === undefined ? undefined : `messages differ: expected ${JSON.stringify(expected)}`;
  }
  if (!gator.some(isCelRegexError)) return `no evaluation error of a regular expression, though CEL raises one on ${JSON.stringify(raising)}`;
  const unexpected = gator.filter((m) => !isCelRegexError(m) && !expected.includes(m));
  if (unexpected.length) return `messages the TypeScript does not imply: ${JSON.stringify(unexpected)}`;
  const exactVerdict = raising.every((p) => !isValidRegex(p));
  if (exactVerdict && yielded.length === 0) return "CEL denies where the TypeScript yields nothing, on patterns the TypeScript calls invalid";
  return undefined;
}

/** Reads an instrumented predicate's yields back: messages with their lines, or an error. */
export function siteMessagesOf(yields: Iterable<unknown>): SiteMessage[] | { readonly error: string } {
  const out: SiteMessage[] = [];
  try {
    for (const y of yields) {
      const record = y as { [SITE_KEY]?: unknown; message?: unknown };
      if (typeof record !== "object" || record === null || typeof record[SITE_KEY] !== "number") return { error: "a yield the instrumentation did not mark" };
      if (typeof record.message !== "string") return { error: `yielded a ${record.message === null ? "null" : typeof record.message}, not a string` };
      out.push({ line: record[SITE_KEY], message: record.message });
    }
  } catch (error) {
    return { error: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
  }
  return out;
}

const TWO_53 = 2n ** 53n;

/** A number as JavaScript prints it, standing alone (not part of a word or a longer number; a full stop may follow). */
const PRINTED_NUMBER = /(?<![\w.])-?\d+(?:\.\d+)?(?:e[+-]\d+)?(?!\w|\.\d)/g;

/**
 * Whether `message` shows a number as JavaScript prints it that gkc's CEL cannot print so (README,
 * CEL, rule 21), and where it raises an evaluation error instead: an exponent (below 1e-6, from
 * 1e21), an integer beyond 2^53, a fraction from 1e6 up. The message holds only the printed text,
 * so a string of such digits counts too; the check that uses this then accepts either outcome.
 */
export function showsUnprintableNumber(message: string): boolean {
  for (const [token] of message.matchAll(PRINTED_NUMBER)) {
    if (token.includes("e")) return true;
    const [whole = ""] = token.replace("-", "").split(".");
    if (token.includes(".") ? whole.length > 6 : BigInt(whole) > TWO_53) return true;
  }
  return false;
}

/**
 * Whether `message` is Kubernetes' message for a validation that failed on the error gkc's CEL
 * raises on purpose (compiler/emit/cel/expressions.ts failure: an `int()` of a string, whose text
 * Kubernetes drops).
 */
export function isDeliberateCelError(message: string): boolean {
  return /^expression '[\s\S]*' resulted in error: [\s\S]*type conversion error from 'string' to 'int'$/.test(message);
}

/** What to tell a user whose CEL gave isDeliberateCelError. */
export const DELIBERATE_CEL_ERROR_HINT =
  "hint: \"type conversion error from 'string' to 'int'\" is the error gkc's CEL raises on purpose where it cannot do what JavaScript does (README, Semantics, rules 20-23: print a number beyond 2^53 or an object, a regular expression the two RE2s may read differently, arithmetic beyond 2^53, case changes outside ASCII); gkc_yield_<line> names the yield. A value formatted but never yielded raises too: format it where it is yielded, or print it through a helper that abbreviates what CEL cannot print";

/** Kubernetes' message for the validation of the yield at `line` failing on an error gkc's CEL raises on purpose. */
function isSiteRaise(message: string, line: number): boolean {
  return isDeliberateCelError(message) && new RegExp(`\\b${siteVariable(line)}\\b`).test(message);
}

/**
 * Where CEL's messages and the TypeScript's disagree once a yield whose messages show a number CEL
 * cannot print (showsUnprintableNumber) may give, in place of its message, CEL's evaluation error
 * on that yield's validation (rule 21: an error, a denial, never a wrong message). Every other
 * yield's message must be exact. Undefined when they agree.
 */
export function unprintedNumberDisagreement(gator: readonly string[], yielded: readonly SiteMessage[], kind: string, sourceLabel: string): string | undefined {
  const raisingLines = new Set(yielded.filter((y) => showsUnprintableNumber(y.message)).map((y) => y.line));
  if (raisingLines.size === 0) return "no yield shows a number CEL cannot print";
  const others = expectedCelMessages(yielded.filter((y) => !raisingLines.has(y.line)), kind, sourceLabel);
  const missing = others.filter((m) => !gator.includes(m));
  if (missing.length) return `missing ${JSON.stringify(missing)}`;
  const rest = gator.filter((m) => !others.includes(m));
  const accepted = [...raisingLines].map((line) => {
    const own = expectedCelMessages(yielded.filter((y) => y.line === line), kind, sourceLabel);
    return { line, matches: (m: string) => own.includes(m) || isSiteRaise(m, line) };
  });
  const unexplained = rest.filter((m) => !accepted.some((site) => site.matches(m)));
  if (unexplained.length) return `messages the TypeScript does not imply: ${JSON.stringify(unexplained)}`;
  const silent = accepted.filter((site) => !rest.some(site.matches)).map((site) => site.line);
  if (silent.length) return `no message for the yield at line ${silent.join(", ")}`;
  return undefined;
}
