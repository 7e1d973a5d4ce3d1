// How a template's CEL turns the messages of its yields into violations (README, CEL, rule 25):
// one per yield that yields, its distinct messages in code-point order joined by "; ", then what
// Kubernetes' validator does to a message (k8s.io/apiserver validating/validator.go: trimmed with
// Go's strings.TrimSpace; one that is empty, holds a newline or is longer than 5 KiB is replaced by
// the validation's `message`). Its own module, free of the compiler: `gkc audit` groups the Rego's
// messages so, for the templates that Gatekeeper judges by their CEL.

/** The key beside `msg` by which the Rego of a template with CEL names each violation's yield (its line). */
export const YIELD_KEY = "gkc_yield";

/** How the messages of one yield become one validation message. */
export const MESSAGE_SEPARATOR = "; ";

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes */
const MAX_MESSAGE_BYTES = 5 * 1024;

/** Go's unicode.IsSpace, which strings.TrimSpace trims at both ends. */
const GO_SPACE = "[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, "gu");

/** Go's string order (bytes of UTF-8, i.e. code points), which CEL's sort() uses; JavaScript's is UTF-16 units. */
export function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** The validation's fallback `message`: what Kubernetes shows when the joined messages cannot be. */
export function fallbackMessage(kind: string, sourceLabel: string, line: number): string {
  return `${kind}: violation at ${sourceLabel}:${line} (its message has a newline or is longer than 5 KiB)`;
}

/** A message the TypeScript (or the Rego) gave, and the line of the `yield` that gave it. */
export interface SiteMessage {
  readonly line: number;
  readonly message: string;
}

/** The messages the CEL validations give for these yielded ones: sorted, unique. */
export function celMessages(yielded: readonly SiteMessage[], kind: string, sourceLabel: string): string[] {
  const bySite = new Map<number, string[]>();
  for (const { line, message } of yielded) {
    const list = bySite.get(line) ?? [];
    list.push(message);
    bySite.set(line, list);
  }
  const out = new Set<string>();
  for (const [line, messages] of bySite) {
    const joined = [...new Set(messages)].sort(byCodePoint).join(MESSAGE_SEPARATOR).replace(GO_TRIM, "");
    const refused = joined === "" || joined.includes("\n") || Buffer.byteLength(joined, "utf8") > MAX_MESSAGE_BYTES;
    out.add(refused ? fallbackMessage(kind, sourceLabel, line) : joined);
  }
  return [...out].sort();
}
