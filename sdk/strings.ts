// Trimming by a set of characters. Exact Rego counterpart: trim(s, cutset) (Go's strings.Trim).

/** Code points, each as its own string: a character outside the BMP is one entry, as in Go. */
function characters(s: string): string[] {
  return Array.from(s);
}

/**
 * `s` without the leading and trailing characters that occur in `cutset`, as Rego's
 * `trim(s, cutset)`: `trimCharacters("//a/b//", "/")` is `"a/b"`. Characters are code points (a
 * character outside the BMP is one character, as in Go and CEL, not two UTF-16 units). Undefined
 * when either argument is not a string.
 */
export function trimCharacters(s: string, cutset: string): string;
export function trimCharacters(s: unknown, cutset: unknown): string | undefined;
export function trimCharacters(s: unknown, cutset: unknown): string | undefined {
  if (typeof s !== "string" || typeof cutset !== "string") return undefined;
  if (cutset === "") return s;
  const cut = new Set(characters(cutset));
  const chars = characters(s);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start]!)) start++;
  while (end > start && cut.has(chars[end - 1]!)) end--;
  return start === 0 && end === chars.length ? s : chars.slice(start, end).join("");
}
