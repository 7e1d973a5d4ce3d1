// A scan of emitted CEL text for identifiers, outside string literals, with whether each sits
// inside a comprehension macro's arguments (where it may be evaluated once per element).

/** Comprehension macros: an expression inside their parentheses may be evaluated many times. */
const LOOPS = new Set(["map", "filter", "exists", "all", "exists_one", "transformList", "transformMap", "transformMapEntry", "sortBy", "optMap", "optFlatMap"]);

/** The offset of the quote that closes the string literal opened at `open` (escapes skipped). */
function stringEnd(text: string, open: number): number {
  const quote = text[open]!;
  let i = open + 1;
  for (; i < text.length && text[i] !== quote; i++) if (text[i] === "\\") i++;
  return i;
}

/**
 * Calls `visit` for each identifier of `text` (a `variables.<name>` read as one), with its offset
 * and whether it is inside a comprehension. A member name after a dot (`x.map`, `o.spec`) is no
 * identifier of its own.
 */
export function scanIdentifiers(text: string, visit: (name: string, at: number, inLoop: boolean) => void): void {
  // One entry per open parenthesis: whether it opened a comprehension macro's arguments.
  const open: boolean[] = [];
  let loops = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      i = stringEnd(text, i);
      continue;
    }
    if (c === "(") {
      const before = /\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(text.slice(Math.max(0, i - 24), i));
      const loop = before !== null && LOOPS.has(before[1]!);
      open.push(loop);
      if (loop) loops++;
    } else if (c === ")") {
      if (open.pop()) loops--;
    } else if (/[A-Za-z_]/.test(c) && (i === 0 || !/[A-Za-z0-9_.]/.test(text[i - 1]!))) {
      const m = /^(?:variables\.)?[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 120))!;
      visit(m[0], i, loops > 0);
      i += m[0].length - 1;
    }
  }
}

/** How often `name` occurs in `text` as an identifier, whether any occurrence is in a comprehension, and the first one's offset. */
export function identifierUses(text: string, name: string): { readonly count: number; readonly inLoop: boolean; readonly at: number } {
  let count = 0;
  let inLoop = false;
  let at = -1;
  if (!text.includes(name)) return { count, inLoop, at };
  scanIdentifiers(text, (found, offset, loop) => {
    if (found !== name) return;
    if (count++ === 0) at = offset;
    inLoop ||= loop;
  });
  return { count, inLoop, at };
}

/** `text` with every occurrence of the identifier `name` replaced by `replacement`. */
export function replaceIdentifier(text: string, name: string, replacement: string): string {
  const offsets: number[] = [];
  scanIdentifiers(text, (found, offset) => {
    if (found === name) offsets.push(offset);
  });
  let out = "";
  let from = 0;
  for (const at of offsets) {
    out += text.slice(from, at) + replacement;
    from = at + name.length;
  }
  return out + text.slice(from);
}

/** The offset of the parenthesis that closes the one at `open` in `text` (string literals skipped), or -1. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = stringEnd(text, i);
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

/** Whether one pair of parentheses wraps all of `text`. */
export function isWrapped(text: string): boolean {
  return text.startsWith("(") && closing(text, 0) === text.length - 1;
}

/** The operand of `text` when it is one negation `!(x)` as a whole (as values.ts not() writes it); else undefined. */
export function negationOperand(text: string): string | undefined {
  return text.startsWith("!(") && closing(text, 1) === text.length - 1 ? text.slice(2, -1) : undefined;
}

/**
 * Calls `visit` with the offset of each character of wrapped `text` (isWrapped) that sits at its
 * top level: inside the wrapping parentheses, outside string literals and any nested bracket.
 * Stops where `visit` returns true.
 */
function forEachTopLevel(text: string, visit: (at: number) => boolean | void): void {
  let depth = 0;
  for (let i = 1; i < text.length - 1; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = stringEnd(text, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (depth === 0 && visit(i) === true) return;
  }
}

/**
 * The operands of `text` when it is one parenthesized chain `(a op b op ...)` of the operator `op`
 * (`&&` or `||`) at its top level, with no other operator beside them there; else undefined.
 */
export function chainOperands(text: string, op: "&&" | "||"): string[] | undefined {
  if (!isWrapped(text)) return undefined;
  const operands: string[] = [];
  let from = 1;
  let other = false;
  forEachTopLevel(text, (i) => {
    const c = text[i]!;
    if (c === op[0] && text.startsWith(` ${op} `, i - 1)) {
      operands.push(text.slice(from, i - 1));
      from = i + op.length + 1;
    } else if (i >= from && (c === "?" || c === ":" || ((c === "&" || c === "|") && text[i + 1] === c))) {
      other = true;
      return true;
    }
    return false;
  });
  if (other || operands.length === 0) return undefined;
  operands.push(text.slice(from, text.length - 1));
  return operands;
}

/** Whether `text` is one call `dyn(...)` as a whole. */
export function isDynCall(text: string): boolean {
  return text.startsWith("dyn(") && closing(text, 3) === text.length - 1;
}

/**
 * `text` without the `dyn()` that wraps only another `dyn()` (`dyn(dyn(x))` is `dyn(x)`), nor the
 * parentheses that wrap only a `dyn()` call: `dyn` is an identity call that CEL evaluates (and
 * charges) like any other, and the emitter's forms nest them.
 */
export function collapseDyn(text: string): string {
  let out = text;
  for (let from = 0; ; ) {
    const at = nextInCode(out, "dyn(dyn(", from);
    if (at < 0) break;
    const preceding = at === 0 ? "" : out[at - 1]!;
    const inner = closing(out, at + 7);
    // Only a call of `dyn` itself (not `to_dyn(` or `x.dyn(`), whose argument is the inner call alone.
    if (!/[A-Za-z0-9_.]/.test(preceding) && inner >= 0 && out[inner + 1] === ")") {
      out = `${out.slice(0, at)}${out.slice(at + 4, inner + 1)}${out.slice(inner + 2)}`;
      from = at;
    } else from = at + 4;
  }
  return out;
}

/** The offset of the first `needle` at or after `from` (a position in code) that is code, not inside a string literal; -1 if none. */
function nextInCode(text: string, needle: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") i = stringEnd(text, i);
    else if (text.startsWith(needle, i)) return i;
  }
  return -1;
}

/**
 * The test and the two arms of `text` when it is one parenthesized conditional `(t ? a : b)` as
 * values.ts cond() writes it, with exactly one `?` and one `:` at its top level (so no arm or test
 * is itself an unparenthesized conditional); else undefined.
 */
export function conditionalParts(text: string): { readonly test: string; readonly then: string; readonly otherwise: string } | undefined {
  if (!isWrapped(text)) return undefined;
  const marks: { readonly at: number; readonly mark: string }[] = [];
  forEachTopLevel(text, (i) => {
    const c = text[i]!;
    if (c === "?" || c === ":") marks.push({ at: i, mark: c });
  });
  const [question, colon] = marks;
  if (marks.length !== 2 || question?.mark !== "?" || colon?.mark !== ":") return undefined;
  // cond() writes " ? " and " : ", with a space either side.
  const spaced = (at: number): boolean => text[at - 1] === " " && text[at + 1] === " ";
  if (!spaced(question.at) || !spaced(colon.at)) return undefined;
  return { test: text.slice(1, question.at - 1), then: text.slice(question.at + 2, colon.at - 1), otherwise: text.slice(colon.at + 2, text.length - 1) };
}
