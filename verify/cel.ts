// What the CEL engine of a template must say, computed from the TypeScript: the correspondence of
// compiler/emit/cel/source.ts (one validation per yield; its message is that yield's messages
// joined), followed by what Kubernetes' validator does to a message (k8s.io/apiserver
// validating/validator.go: trimmed with Go's strings.TrimSpace; a message with a newline, longer
// than 5 KiB or empty is replaced by the validation's `message`). Also: a template with its CEL
// only, and the predicate instrumented to say which yield produced each message.
import { Project, SyntaxKind } from "ts-morph";
import { fallbackMessage, MESSAGE_SEPARATOR } from "../compiler/emit/cel/source.js";

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes */
const MAX_MESSAGE_BYTES = 5 * 1024;

/** Go's unicode.IsSpace, which strings.TrimSpace trims at both ends. */
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "gu");

/** Go's string order (bytes of UTF-8, i.e. code points), which CEL's sort() uses; JavaScript's is UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return Buffer.compare(x, y);
}

/** A message the TypeScript yielded, and the line of the `yield` that produced it. */
export interface SiteMessage {
  readonly line: number;
  readonly message: string;
}

/**
 * The set of messages the CEL validations give (sorted, unique), from the TypeScript's messages
 * and the yields that produced them: per yield, its distinct messages in code-point order joined
 * by "; ", then trimmed as Go trims, or the validation's fallback message when Kubernetes refuses
 * the result (empty, a newline, over 5 KiB).
 */
export function expectedCelMessages(yielded: readonly SiteMessage[], kind: string, sourceLabel: string): string[] {
  const bySite = new Map<number, string[]>();
  for (const { line, message } of yielded) {
    const list = bySite.get(line) ?? [];
    list.push(message);
    bySite.set(line, list);
  }
  const out = new Set<string>();
  for (const [line, messages] of bySite) {
    const joined = [...new Set(messages)].sort(byCodePoint).join(MESSAGE_SEPARATOR).replace(GO_TRIM, "");
    const shown = joined === "" || joined.includes("\n") || Buffer.byteLength(joined, "utf8") > MAX_MESSAGE_BYTES;
    out.add(shown ? fallbackMessage(kind, sourceLabel, line) : joined);
  }
  return [...out].sort();
}

/** A ConstraintTemplate (parsed) whose code keeps only the K8sNativeValidation entry. */
export function celOnlyTemplate(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template) as { spec: { targets: { code: { engine: string }[] }[] } };
  for (const target of copy.spec.targets) target.code = target.code.filter((c) => c.engine === "K8sNativeValidation");
  if (!copy.spec.targets.some((t) => t.code.length)) throw new Error("the template has no K8sNativeValidation code");
  return copy as unknown as Record<string, unknown>;
}

/** The key under which an instrumented predicate yields `{ line, message }` objects. */
export const SITE_KEY = "__gkcYieldLine";

/**
 * The policy module's source with every `yield value` replaced by a yield of
 * `{ [SITE_KEY]: line, message: value }`: run, it tells which yield produced each message.
 * Only the yields change; lines stay where they are.
 */
export function instrumentYields(file: string): string {
  const project = new Project({ useInMemoryFileSystem: false, skipFileDependencyResolution: true, compilerOptions: { noResolve: true } });
  const source = project.addSourceFileAtPath(file);
  const yields = source.getDescendantsOfKind(SyntaxKind.YieldExpression).filter((y) => y.getExpression() !== undefined);
  // Innermost last: replace from the end so earlier positions stay valid.
  const edits = yields
    .map((y) => {
      const value = y.getExpression()!;
      return { start: value.getStart(), end: value.getEnd(), text: `({ ${SITE_KEY}: ${y.getStartLineNumber()}, message: (${value.getText()}) } as unknown as string)` };
    })
    .sort((a, b) => b.start - a.start);
  let text = source.getFullText();
  for (const edit of edits) text = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
  return text;
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
