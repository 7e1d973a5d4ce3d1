// Text → text: a shared rule that compares a read of the input with a literal,
// `r := object.get(input, ["a", "b"], set()) == "X"`, tested by a body line as `r == false` (or
// `r == true`, or `r`), as the comparison of the reference itself: `not input.a.b == "X"` (or
// `input.a.b == "X"`). The rule is false exactly where the value is undefined or another value
// (set() is no literal), which is where `not input.a.b == "X"` holds: OPA evaluates an equality
// under `not` inside the negation (unlike a call's arguments, negated-calls.ts), so an undefined
// reference makes it hold. A reference costs no rule evaluation, no builtin call and no array of
// keys: with the UPDATE exemption so, K8sPSPVolumeTypes allocates 574 → 569 a review in gator.
import { pathSegment } from "./expressions.js";
import { inputRead, isAtomicTerm, isScalarLiteral, isStringLiteral } from "./terms.js";

/**
 * `input.a.b` and the literal of a shared rule's term `object.get(input, [...], set()) == literal`,
 * the read written in or another shared rule's (`terms`).
 */
function comparedRead(term: string, terms: ReadonlyMap<string, string>): { reference: string; literal: string } | undefined {
  const at = term.lastIndexOf(" == ");
  if (at < 0) return undefined;
  const [read, literal] = [term.slice(0, at), term.slice(at + 4)];
  // A string, a number, a boolean or null: never set().
  if (!(isStringLiteral(literal) || isScalarLiteral(literal)) || !isAtomicTerm(read)) return undefined;
  const parsed = inputRead(terms.get(read) ?? read);
  if (parsed === undefined || parsed.fallback !== "set()" || parsed.keys.length === 0) return undefined;
  const reference = `input${parsed.keys.map((key) => pathSegment(JSON.parse(key) as string)).join("")}`;
  return { reference, literal };
}

/**
 * The texts with each body line that tests such a shared rule written as the comparison of its
 * reference, and the names of the rules rewritten (whose other reads, if any, stay).
 */
export function inputEqualityTests(shared: readonly (readonly [string, string])[], texts: readonly string[]): { texts: string[]; rewritten: Set<string> } {
  const tests = new Map<string, { reference: string; literal: string }>();
  const terms = new Map(shared);
  for (const [name, term] of shared) {
    const compared = comparedRead(term, terms);
    if (compared !== undefined) tests.set(name, compared);
  }
  const rewritten = new Set<string>();
  const out = texts.map((text) =>
    text
      .split("\n")
      .map((line) => {
        const test = /^\t([A-Za-z_][A-Za-z0-9_]*)(?: == (true|false))?$/.exec(line);
        const compared = test ? tests.get(test[1]!) : undefined;
        if (!test || compared === undefined) return line;
        rewritten.add(test[1]!);
        const comparison = `${compared.reference} == ${compared.literal}`;
        return `\t${test[2] === "false" ? `not ${comparison}` : comparison}`;
      })
      .join("\n"),
  );
  return { texts: out, rewritten };
}
