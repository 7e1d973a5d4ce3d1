// RE2 regular expressions, evaluated with re2js so TypeScript agrees with Rego's regex.match.
// Exact Rego counterparts: gkc_regex_matches (regex.match), gkc_is_valid_regex (regex.is_valid).
import { RE2JS } from "re2js";

const MAX_CACHED = 1000;
const cache = new Map<string, RE2JS | null>();

function compiled(pattern: string): RE2JS | null {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  let re: RE2JS | null;
  try {
    re = RE2JS.compile(pattern);
  } catch {
    re = null;
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(pattern, re);
  return re;
}

/**
 * True when the RE2 regular expression `pattern` matches somewhere in `value` (unanchored search;
 * add `^...$` to match the whole value), exactly like Rego's `regex.match`. RE2 syntax, not
 * JavaScript's: no lookaround, no backreferences. False when the pattern is invalid or either
 * argument is not a string.
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
 * `\1`) is invalid.
 */
export function isValidRegex(pattern: unknown): boolean {
  return typeof pattern === "string" && compiled(pattern) !== null;
}
