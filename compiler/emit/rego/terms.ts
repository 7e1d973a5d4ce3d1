// Rego source text as terms: string literals told apart from code, names replaced outside them,
// and whether a term can stand as an operand without parentheses.

/** A Rego string literal: quoted with escapes, or raw between backticks. */
const LITERAL = /"(?:[^"\\]|\\.)*"|`[^`]*`/;

/** Text split into code (even indexes) and string literals (odd). */
export function splitLiterals(text: string): string[] {
  return text.split(new RegExp(`(${LITERAL.source})`));
}

/** Text with each string literal emptied (`""`), so that only its code is searched. */
export function blankLiterals(text: string): string {
  return text.replace(new RegExp(LITERAL.source, "g"), '""');
}

/** A name as a whole identifier: not part of a longer name, nor a field after a dot. */
export function identifierPattern(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_.])${name}(?![A-Za-z0-9_])`, "g");
}

/** How often `name` occurs in the code of `text` (outside its string literals). */
export function countIdentifier(text: string, name: string): number {
  return splitLiterals(text).reduce((n, part, i) => n + (i % 2 ? 0 : (part.match(identifierPattern(name)) ?? []).length), 0);
}

/** Whether the code of `text` (outside its string literals) names `name`. */
export function readsIdentifier(text: string, name: string): boolean {
  return countIdentifier(text, name) > 0;
}

export function replaceIdentifier(text: string, name: string, replacement: string): string {
  return splitLiterals(text).map((part, i) => (i % 2 ? part : part.replace(identifierPattern(name), () => replacement))).join("");
}

/** Text with each shared rule's name (`gkc_shared_N`, outside string literals) replaced by its new name in `renamed`. */
export function renameShared(text: string, renamed: ReadonlyMap<string, string>): string {
  return splitLiterals(text)
    .map((part, i) => (i % 2 ? part : part.replace(identifierPattern("gkc_shared_\\d+"), (name) => renamed.get(name) ?? name)))
    .join("");
}

/** A number, boolean or null literal (never set()). */
export function isScalarLiteral(term: string): boolean {
  return /^(?:-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)$/.test(term);
}

/** A name, a reference of names (`range.min_replicas`) or a scalar literal: a term that costs no call to read again. */
export function isNameOrScalar(term: string): boolean {
  return /^(?:[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(term) || isScalarLiteral(term);
}

/** One string literal and nothing else. */
export function isStringLiteral(term: string): boolean {
  const parts = splitLiterals(term);
  return parts.length === 3 && parts[0] === "" && parts[2] === "";
}

/**
 * A term that reads the same wherever an operand can stand, without parentheses: a name or a
 * reference, a call, a literal, an array, or a set().
 */
export function isAtomicTerm(term: string): boolean {
  if (isNameOrScalar(term) || isStringLiteral(term)) return true;
  const open = /^(?:[A-Za-z_][A-Za-z0-9_.]*\(|\[)/.exec(term);
  if (open === null) return false;
  // The bracket the term opens must close at its very end.
  let depth = 0;
  const code = blankLiterals(term);
  for (let i = open[0].length - 1; i < code.length; i++) {
    const c = code[i]!;
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    if (depth === 0) return i === code.length - 1;
  }
  return false;
}

/**
 * An `object.get(…, set())` term with `fallback` as its default instead; undefined for any
 * other term. set() is what the read gives where the member is missing, so where that would
 * then be replaced (`??`, an array for `asArray`), the read can give the replacement itself.
 */
export function withReadDefault(term: string, fallback: string): string | undefined {
  const suffix = ", set())";
  if (!term.startsWith("object.get(") || !term.endsWith(suffix) || !isAtomicTerm(term)) return undefined;
  return `${term.slice(0, -suffix.length)}, ${fallback})`;
}

/**
 * The characters of a Rego term outside its string literals and brackets, with their indexes;
 * a closing bracket with no opening one in `text` is one of them.
 */
export function* topLevel(text: string): Generator<readonly [number, string]> {
  let depth = 0;
  let quoted: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted !== undefined) {
      if (c === "\\" && quoted === '"') i++;
      else if (c === quoted) quoted = undefined;
    } else if (c === '"' || c === "`") quoted = c;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c) && depth > 0) depth--;
    else if (depth === 0) yield [i, c];
  }
}

/**
 * The elements of a list's text (what is between `[` and `]`), split at its top-level commas and
 * trimmed; undefined when a bracket closes before the end (the text is not one list's elements).
 */
export function listElements(list: string, separator = ","): string[] | undefined {
  const elements: string[] = [];
  let start = 0;
  for (const [i, c] of topLevel(list)) {
    if (")]}".includes(c)) return undefined;
    if (c === separator) {
      elements.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  elements.push(list.slice(start).trim());
  return elements;
}

/**
 * `object.get(input, ["a", "b"], default)`, a read of the input by string-literal keys: the keys'
 * literals and the default's text; undefined for any other term.
 */
export function inputRead(term: string): { keys: string[]; fallback: string } | undefined {
  const read = /^object\.get\(input, \[(.*)\], (.+)\)$/.exec(term);
  if (read === null || !isAtomicTerm(term)) return undefined;
  const keys = listElements(read[1]!);
  return keys !== undefined && keys.every(isStringLiteral) ? { keys, fallback: read[2]! } : undefined;
}

/** Where `text`'s string literals are (splitLiterals' odd parts), as [start, end) ranges. */
export function literalRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let at = 0;
  splitLiterals(text).forEach((part, i) => {
    if (i % 2) ranges.push([at, at + part.length]);
    at += part.length;
  });
  return ranges;
}

/** Whether index `at` of `text` is inside a string literal. */
export function inLiteral(literals: readonly [number, number][], at: number): boolean {
  return literals.some(([from, to]) => from <= at && at < to);
}

/** The ranges of `text` inside a comprehension's brackets (a group with a top-level `|`), in one pass. */
export function comprehensionSpans(text: string, literals: readonly [number, number][]): [number, number][] {
  const spans: [number, number][] = [];
  const open: { at: number; bar: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inLiteral(literals, i)) continue;
    if ("([{".includes(c)) open.push({ at: i, bar: false });
    else if (c === "|" && open.length > 0) open[open.length - 1]!.bar = true;
    else if (")]}".includes(c)) {
      const group = open.pop();
      if (group?.bar) spans.push([group.at, i]);
    }
  }
  return spans;
}

/** Builtins that give a boolean for any arguments they accept. */
const BOOLEAN_BUILTIN = /^(?:is_[a-z]+|startswith|endswith|contains|regex\.match)\(/;

/** Whether a term's value is a boolean wherever it is defined: a comparison, or a boolean builtin's or helper's call. */
export function isBooleanTerm(term: string, booleanHelpers: ReadonlySet<string> = new Set()): boolean {
  if (BOOLEAN_BUILTIN.test(term) && isAtomicTerm(term)) return true;
  const called = /^([A-Za-z_][A-Za-z0-9_]*)\(/.exec(term)?.[1];
  if (called !== undefined && booleanHelpers.has(called) && term.endsWith(")") && isAtomicTerm(term)) return true;
  const code = blankLiterals(term);
  return [...topLevel(code)].some(([i]) => /^ (?:==|!=|<=?|>=?|in) /.test(code.slice(i)));
}
