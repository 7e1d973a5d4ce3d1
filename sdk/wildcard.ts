// Gatekeeper-style wildcard matching. Exact Rego counterpart: gkc_matches_wildcard.

/**
 * Gatekeeper-style wildcard match: a pattern ending in `*` matches values starting with the rest
 * (so a lone `*` matches everything); otherwise a pattern starting with `*` matches values ending
 * with the rest; any other pattern must equal the value. False when either argument is not a string.
 */
export function matchesWildcard(pattern: string, value: string): boolean {
  if (typeof pattern !== "string" || typeof value !== "string") return false;
  if (pattern.endsWith("*")) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith("*")) return value.endsWith(pattern.slice(1));
  return pattern === value;
}
