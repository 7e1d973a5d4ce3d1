// isValidRegex and regexMatches in CEL. Both sides are RE2: the SDK's re2js (a port of Go's
// regexp, with the adjustments sdk/regex.ts describes) and Go's regexp behind CEL's matches().
// CEL has no validity test: matches() of an invalid pattern is an evaluation error. So a pattern
// known only at run time is tested by matching it against "" in a conditional (which, unlike
// `&&`/`||`, never absorbs the error): true when it compiles, an error when it does not. Where the
// TypeScript says false, CEL denies with Kubernetes' error text (README, CEL, rule 23).
import { isValidRegex } from "../../../sdk/regex.js";
import { failure } from "./values.js";
import { refuse } from "./refusal.js";
import { and, celString, cond, isString, type Types } from "./values.js";

/**
 * Where the two RE2s may disagree, found by comparing them (the SDK's and Go 1.26's regexp) on
 * generated patterns: an unescaped `\C`, `\p`/`\P` (Go's table names grow with its version and
 * accept spellings re2js does not), `(?<`, a repetition with a bound of ten or more digits (the SDK
 * reads the brace as a literal, Go as an error or an unbounded repetition), or a NUL character.
 * A pattern holding one raises an error on purpose. It may over-match (`\\p`, `\Q\p\E`): then CEL
 * denies where the TypeScript may not, never the reverse.
 */
export const CEL_UNCHECKED_REGEX = String.raw`(?:^|[^\\])(?:\\\\)*(?:\\[CpP]|\(\?<|\{[0-9,]*[0-9]{10})|\x00`;
const UNCHECKED_RE = new RegExp(CEL_UNCHECKED_REGEX);

/** Whether gkc's CEL raises an error on this pattern (a string): invalid for the SDK, or one the RE2s may disagree on. */
export function celRegexRaises(pattern: string): boolean {
  return !isValidRegex(pattern) || UNCHECKED_RE.test(pattern);
}

/** What the error gkc raises on a pattern the RE2s may disagree on names (after " gkc: "). */
const UNCHECKED_REGEX_FAILURE = "a regular expression with \\C, \\p, (?<, a ten-digit bound or NUL";

/** `then` for a string pattern `p` that both RE2s read alike and that compiles; an error otherwise. */
function checked(p: string, then: string): string {
  return `(${p}.matches(${celString(CEL_UNCHECKED_REGEX)}) ? ${failure(p, UNCHECKED_REGEX_FAILURE)} : ${then})`;
}

/** isValidRegex(p) of a pattern known only at run time: false for a non-string, else true or an error. */
export function validRegexCel(p: string, tp: Types): string {
  return cond(isString(p, tp), checked(p, `("".matches(${p}) ? true : true)`), "false");
}

/** regexMatches(p, v): false unless both are strings; then matches() (an error for a pattern the TypeScript says is invalid). */
export function regexMatchesCel(p: string, tp: Types, v: string, tv: Types): string {
  return and(isString(p, tp), isString(v, tv), checked(p, `${v}.matches(${p})`));
}

/** regexMatches with a literal pattern: Go's matches() of it, refused where the RE2s may disagree. */
export function literalRegexMatchesCel(pattern: string, v: string, tv: Types): string {
  if (celRegexRaises(pattern)) refuse("regexMatches(...) of this pattern", "the TypeScript's and Go's RE2 may disagree on it (invalid, or \\C, \\p, (?<, a ten-digit bound or NUL)");
  // RE2 in both engines, unanchored (Go's regexp.MatchString, as sdk/regex.ts implements it).
  return and(isString(v, tv), `${v}.matches(${celString(pattern)})`);
}
