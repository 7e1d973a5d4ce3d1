// RE2 regular expressions, evaluated with re2js so TypeScript agrees with Rego's regex.match.
// Exact Rego counterparts: gkc_regex_matches (regex.match), gkc_is_valid_regex (regex.is_valid).
//
// OPA compiled to WebAssembly uses C++ RE2, whose parser differs from re2js (a port of Go's
// regexp) in a few corners; the pattern is adjusted before re2js sees it so both agree:
// - `{` that does not start a repetition is a literal (re2js rejects `{*`; C++ RE2 also treats
//   `{n}` with 10+ digits as a literal): such braces are escaped;
// - duplicate group names are accepted by C++ RE2: group names are dropped (they never affect
//   matching);
// - `\C` (any byte) and `(?<name>...)` are rejected on both sides by UNSUPPORTED_REGEX_PATTERN,
//   which the Rego applies too (the engines disagree on them, Go's OPA included).
import { RE2JS } from "re2js";

/** Unescaped `\C` or `(?<`: rejected by isValidRegex here and by gkc_is_valid_regex in Rego. */
export const UNSUPPORTED_REGEX_PATTERN = String.raw`(?:^|[^\\])(?:\\\\)*(?:\\C|\(\?<)`;
const UNSUPPORTED_RE = new RegExp(UNSUPPORTED_REGEX_PATTERN);

/** `{lo}`, `{lo,}` or `{lo,hi}` exactly as C++ RE2 parses a repetition: no leading zeros, at most 9 digits. */
const REPEAT_RE = /^\{(?:0|[1-9][0-9]{0,8})(?:,(?:0|[1-9][0-9]{0,8})?)?\}/;
const GROUP_NAME_RE = /^\(\?P<[A-Za-z0-9_]+>/;

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

/** The end of a character class starting at `i` (a `[`), past its closing `]`. */
function classEnd(p: string, i: number): number {
  let j = i + 1;
  if (p[j] === "^") j++;
  if (p[j] === "]") j++;
  while (j < p.length && p[j] !== "]") {
    if (p[j] === "\\") {
      j = escapeEnd(p, j);
    } else if (p.startsWith("[:", j)) {
      const close = p.indexOf(":]", j + 2);
      j = close < 0 ? j + 1 : close + 2;
    } else {
      j++;
    }
  }
  return Math.min(j + 1, p.length);
}

/** The pattern as re2js must see it to parse like C++ RE2 (see the header comment). */
function forRe2js(p: string): string {
  let out = "";
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    let end = i + 1;
    if (c === "\\") {
      end = escapeEnd(p, i);
    } else if (c === "[") {
      end = classEnd(p, i);
    } else if (c === "{") {
      const repeat = REPEAT_RE.exec(p.slice(i, i + 24));
      if (repeat === null) {
        out += "\\{";
        i++;
        continue;
      }
      end = i + repeat[0].length;
    } else if (c === "(") {
      const named = GROUP_NAME_RE.exec(p.slice(i));
      if (named !== null) {
        out += "(";
        i += named[0].length;
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
 * `\1`) is invalid; so are `\C` and `(?<name>...)`, which OPA's engines disagree on
 * (use `(?P<name>...)`).
 */
export function isValidRegex(pattern: unknown): boolean {
  return typeof pattern === "string" && compiled(pattern) !== null;
}
