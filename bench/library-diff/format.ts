// Small readable JSON: a value on one line when it fits, else one member per line.
const WIDTH = 100;

export function compactJson(value: unknown, indent = ""): string {
  const inline = JSON.stringify(value) ?? "undefined";
  if (inline.length + indent.length <= WIDTH || typeof value !== "object" || value === null) return inline;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (!value.length) return "[]";
    return `[\n${value.map((v) => `${inner}${compactJson(v, inner)}`).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (!entries.length) return "{}";
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

/** Markdown inline code for any text: a fence longer than any run of backticks in it. */
export function code(text: string): string {
  if (text === "") return "(an empty message)";
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\n/g, "\u21b5")}${pad}${fence}`;
}

/** Messages as markdown: each as inline code, "(none)" when there are none. */
export function messageList(messages: readonly string[]): string {
  return messages.length ? messages.map(code).join(", ") : "(none)";
}
