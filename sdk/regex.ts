// RE2 regular expressions, evaluated with re2js so TypeScript agrees with Rego's regex.match.
// Exact Rego counterparts: gkc_regex_matches (regex.match), gkc_is_valid_regex (regex.is_valid).
//
// OPA compiled to WebAssembly uses C++ RE2, whose parser differs from re2js (a port of Go's
// regexp) in a few corners; the pattern is adjusted before re2js sees it so both agree:
// - `{` that does not start a repetition is a literal (re2js rejects `{*`; C++ RE2 also treats
//   `{n}` with 10+ digits as a literal): such braces are escaped;
// - `[[:]` is a class of `[` and `:` for C++ RE2 and an invalid class name for re2js: that `[`
//   is escaped;
// - re2js crashes on a case-folded Unicode class whose table has no fold table of its own
//   (`(?i)\p{Han}`, `(?i)\pN`): such tables are closed under case folding, so the class is
//   spelled out as explicit ranges, which both engines fold to the same set;
// - duplicate group names are accepted by C++ RE2: groups are renamed g1, g2, ... (names never
//   affect matching);
// - `\C` (any byte), `(?<name>...)`, scripts of Unicode 14+ and patterns holding a NUL character
//   are rejected on both sides by UNSUPPORTED_REGEX_PATTERN, which the Rego applies too (the
//   engines disagree on them, Go's OPA included).
// Residual: the Unicode tables differ for code points assigned after Unicode 13 (C++ RE2 in
// OPA's wasm is older); patterns and values from older Unicode agree.
import { RE2JS, RE2JSException } from "re2js";

/** Scripts added in Unicode 14-16: known to re2js and Go, unknown to the RE2 in OPA's wasm. */
const NEWER_SCRIPTS = [
  "Cypro_Minoan",
  "Garay",
  "Gurung_Khema",
  "Kawi",
  "Kirat_Rai",
  "Nag_Mundari",
  "Ol_Onal",
  "Old_Uyghur",
  "Sunuwar",
  "Tangsa",
  "Todhri",
  "Toto",
  "Tulu_Tigalari",
  "Vithkuqi",
];

/**
 * Unescaped `\C`, `(?<` or `\p{<script of Unicode 14+>}`, or a NUL character (OPA's wasm cuts
 * the pattern there): rejected by isValidRegex here and by gkc_is_valid_regex in Rego.
 */
export const UNSUPPORTED_REGEX_PATTERN = String.raw`(?:^|[^\\])(?:\\\\)*(?:\\C|\(\?<|\\[pP]\{\^?(?:${NEWER_SCRIPTS.join("|")})\})|\x00`;
const UNSUPPORTED_RE = new RegExp(UNSUPPORTED_REGEX_PATTERN);

/**
 * Substrings of every pattern UNSUPPORTED_REGEX_PATTERN matches (each of its alternatives ends in
 * one): the Rego tests these first, with `contains`, and searches with the pattern only when one
 * is there.
 */
export const UNSUPPORTED_REGEX_MARKERS: readonly string[] = ["\\C", "(?<", "\\p", "\\P", "\u0000"];

/** `{lo}`, `{lo,}` or `{lo,hi}` exactly as C++ RE2 parses a repetition: no leading zeros, at most 9 digits. */
const REPEAT_RE = /\{(?:0|[1-9][0-9]{0,8})(?:,(?:0|[1-9][0-9]{0,8})?)?\}/y;
const GROUP_NAME_RE = /\(\?P<[A-Za-z0-9_]+>/y;

/** `re` (sticky) matched at `i`, or null. */
function stickyMatch(re: RegExp, p: string, i: number): string | null {
  re.lastIndex = i;
  return re.exec(p)?.[0] ?? null;
}

/** The end of an escape starting at `i` (a backslash), including `\p{..}`, `\x{..}` and `\Q..\E`. */
function escapeEnd(p: string, i: number): number {
  const next = p[i + 1];
  if (next === "Q") {
    const end = p.indexOf("\\E", i + 2);
    return end < 0 ? p.length : end + 2;
  }
  if ((next === "p" || next === "P" || next === "x") && p[i + 2] === "{") {
    const close = p.indexOf("}", i + 3);
    return close < 0 ? p.length : close + 1;
  }
  return Math.min(i + 2, p.length);
}

/** A `\p` / `\P` escape at `i`: the table name, whether it is negated, and the escape's end. */
function unicodeClass(p: string, i: number): { name: string; negated: boolean; end: number } | null {
  const kind = p[i + 1];
  if (p[i] !== "\\" || (kind !== "p" && kind !== "P")) return null;
  let name: string;
  let end: number;
  if (p[i + 2] === "{") {
    const close = p.indexOf("}", i + 3);
    if (close < 0) return null;
    name = p.slice(i + 3, close);
    end = close + 1;
  } else {
    name = p[i + 2] ?? "";
    end = i + 3;
  }
  let negated = kind === "P";
  if (name.startsWith("^")) {
    negated = !negated;
    name = name.slice(1);
  }
  return name === "" ? null : { name, negated, end };
}

const MAX_RUNE = 0x10ffff;
/** Per table name: its ranges [lo, hi, lo, hi, ...] when re2js cannot case-fold it, else null. */
const foldlessTables = new Map<string, readonly number[] | null>();

/** The ranges of a Unicode table that re2js cannot case-fold (a crash, not a syntax error), else null. */
function foldlessTable(name: string): readonly number[] | null {
  const hit = foldlessTables.get(name);
  if (hit !== undefined) return hit;
  let ranges: readonly number[] | null = null;
  try {
    RE2JS.compile(`(?i)\\p{${name}}`);
  } catch (error) {
    if (!(error instanceof RE2JSException)) ranges = tableRanges(name);
  }
  foldlessTables.set(name, ranges);
  return ranges;
}

/** The rune ranges of `\p{name}`, read from the program re2js compiles for it (one rune instruction). */
function tableRanges(name: string): readonly number[] | null {
  try {
    const re = RE2JS.compile(`\\p{${name}}`) as unknown as { re2Input?: { prog?: { inst?: { runes?: ArrayLike<number> }[] } } };
    const classes = (re.re2Input?.prog?.inst ?? []).filter((inst) => inst.runes !== undefined && inst.runes.length > 0);
    const runes = classes.length === 1 ? Array.from(classes[0]?.runes ?? []) : [];
    if (runes.length === 1) return [runes[0] ?? 0, runes[0] ?? 0];
    return runes.length >= 2 && runes.length % 2 === 0 ? runes : null;
  } catch {
    return null;
  }
}

function complement(ranges: readonly number[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (let k = 0; k + 1 < ranges.length; k += 2) {
    const lo = ranges[k] ?? 0;
    const hi = ranges[k + 1] ?? 0;
    if (lo > next) out.push(next, lo - 1);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

/** Explicit class items for the ranges, e.g. `\x{41}-\x{5a}\x{61}-\x{61}`. */
function rangeItems(ranges: readonly number[]): string {
  let out = "";
  for (let k = 0; k + 1 < ranges.length; k += 2) {
    const lo = (ranges[k] ?? 0).toString(16);
    const hi = (ranges[k + 1] ?? 0).toString(16);
    // Always a range, so that a `-` after the last item cannot extend it.
    out += `\\x{${lo}}-\\x{${hi}}`;
  }
  return out;
}

/**
 * A `\p` escape at `i` rewritten for re2js when its table cannot be case-folded there: explicit
 * ranges (bare inside a class, bracketed outside one). Null when no rewrite is needed.
 */
function foldlessClass(p: string, i: number, insideClass: boolean): { text: string; end: number } | null {
  const escape = unicodeClass(p, i);
  if (escape === null) return null;
  const ranges = foldlessTable(escape.name);
  if (ranges === null) return null;
  if (insideClass) return { text: rangeItems(escape.negated ? complement(ranges) : ranges), end: escape.end };
  return { text: `[${escape.negated ? "^" : ""}${rangeItems(ranges)}]`, end: escape.end };
}

/**
 * The character class starting at `i` (a `[`) as re2js must see it, and its end past the closing
 * `]`. Items are read as RE2 reads them (a `]` first is a literal; `x-y` is a range unless `y` is
 * the closing `]`) so that only a `\p` item, never a range end, is spelled out. Inside a class,
 * C++ RE2 looks for the `:]` closing a `[:name:]` from the third character on, re2js from the
 * second: a `[` that starts `[:]` with no `:]` after it is a literal for C++ RE2, so it is escaped.
 */
function characterClass(p: string, i: number): { text: string; end: number } {
  let j = i + 1;
  if (p[j] === "^") j++;
  let text = p.slice(i, j);
  let first = true;
  while (j < p.length && (p[j] !== "]" || first)) {
    first = false;
    if (p.startsWith("[:", j)) {
      const close = p.indexOf(":]", j + 2);
      if (close >= 0) {
        text += p.slice(j, close + 2);
        j = close + 2;
        continue;
      }
    }
    if (p[j] === "\\") {
      const foldless = foldlessClass(p, j, true);
      if (foldless !== null) {
        text += foldless.text;
        j = foldless.end;
        continue;
      }
      if (unicodeClass(p, j) !== null || "dDsSwW".includes(p[j + 1] ?? "_")) {
        const itemEnd = escapeEnd(p, j);
        text += p.slice(j, itemEnd);
        j = itemEnd;
        continue;
      }
    }
    // A single character, maybe the start of a range.
    const lowEnd = p[j] === "\\" ? escapeEnd(p, j) : j + 1;
    text += p.startsWith("[:]", j) ? "\\[" : p.slice(j, lowEnd);
    j = lowEnd;
    if (p[j] === "-" && j + 1 < p.length && p[j + 1] !== "]") {
      const highEnd = p[j + 1] === "\\" ? escapeEnd(p, j + 1) : j + 2;
      text += p.slice(j, highEnd);
      j = highEnd;
    }
  }
  const end = Math.min(j + 1, p.length);
  return { text: text + p.slice(j, end), end };
}

/** The pattern as re2js must see it to parse like C++ RE2 (see the header comment). */
function forRe2js(p: string): string {
  let out = "";
  let i = 0;
  let groups = 0;
  while (i < p.length) {
    const c = p[i];
    let end = i + 1;
    if (c === "\\") {
      const foldless = foldlessClass(p, i, false);
      if (foldless !== null) {
        out += foldless.text;
        i = foldless.end;
        continue;
      }
      end = escapeEnd(p, i);
    } else if (c === "[") {
      const cls = characterClass(p, i);
      out += cls.text;
      i = cls.end;
      continue;
    } else if (c === "{") {
      const repeat = stickyMatch(REPEAT_RE, p, i);
      if (repeat === null) {
        out += "\\{";
        i++;
        continue;
      }
      end = i + repeat.length;
    } else if (c === "(") {
      const named = stickyMatch(GROUP_NAME_RE, p, i);
      if (named !== null) {
        out += `(?P<g${++groups}>`;
        i += named.length;
        continue;
      }
    }
    out += p.slice(i, end);
    i = end;
  }
  return out;
}

const MAX_CACHED = 1000;
const cache = new Map<string, RE2JS | null>();

function compiled(pattern: string): RE2JS | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let re: RE2JS | null = null;
  if (!UNSUPPORTED_RE.test(pattern)) {
    try {
      re = RE2JS.compile(forRe2js(pattern));
    } catch {
      re = null;
    }
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, re);
  return re;
}

/**
 * True when the RE2 regular expression `pattern` matches somewhere in `value` (unanchored search;
 * add `^...$` to match the whole value), exactly like Rego's `regex.match`. RE2 syntax, not
 * JavaScript's: no lookaround, no backreferences. False when the pattern is invalid (see
 * {@link isValidRegex}) or either argument is not a string.
 */
export function regexMatches(pattern: string, value: string): boolean {
  if (typeof pattern !== "string" || typeof value !== "string") return false;
  const re = compiled(pattern);
  if (re === null) return false;
  try {
    return re.matcher(value).find();
  } catch {
    return false;
  }
}

/**
 * True when `pattern` is a string holding a valid RE2 regular expression, like Rego's
 * `regex.is_valid`. JavaScript-only syntax (lookahead `(?=`, lookbehind `(?<=`, backreferences
 * `\1`) is invalid; so are `\C`, `(?<name>...)`, `\p{..}` of scripts added in Unicode 14+
 * and NUL characters, which OPA's engines disagree on (use `(?P<name>...)`).
 */
export function isValidRegex(pattern: unknown): boolean {
  return typeof pattern === "string" && compiled(pattern) !== null;
}
