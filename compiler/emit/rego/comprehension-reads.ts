// Text → text: in a comprehension's body, a package rule holding a read of the input with the
// default set() (`gkc_shared_13 := object.get(input, ["parameters", "exemptImages"], set())`) is
// the reference itself (`input.parameters.exemptImages`) from the step that type-tests or
// iterates it on, and in the head. That step fails for set() (no type test holds of it, and it
// has no members) exactly as it fails for an undefined reference, and no JSON value is set(), so
// every solution that gets past it reads the same value either way. A negated call's emptiness
// test (negated-calls.ts) is such a comprehension, once per container: `[e | is_string(image);
// is_array(gkc_shared_13); some e in gkc_shared_13; …] == []`, where each read of the rule cost 4
// allocations in `opa bench` and the reference none. A rule that is a parameter where that is an
// array, else [] (`asArray(parameters.exemptImages)`), is the reference behind `is_array` in
// an iteration of it.
import { comprehensionSpans, listElements, literalRanges, replaceIdentifier } from "./terms.js";

/**
 * What a package rule holding a read of the input reads: the reference and the read's default.
 * `array`: the rule is the reference where that is an array, else [] (`asArray` of a parameter),
 * so an iteration of it is the reference's behind `is_array`.
 */
export interface SharedRead {
  readonly reference: string;
  readonly fallback: string;
  readonly array?: boolean;
}

/** A step that iterates `name`: `some x in name`, `some k, v in name`. */
function iterates(step: string, name: string): boolean {
  return new RegExp(`^some [A-Za-z0-9_, ]+ in ${name}$`).test(step);
}

/** A step that fails for set() as for an undefined reference: a type test or an iteration of `name`. */
function proves(step: string, name: string): boolean {
  return ["is_array", "is_string", "is_object", "is_number", "is_boolean"].some((test) => step === `${test}(${name})`) || iterates(step, name);
}

/** One comprehension's inner text (its head, then its steps, as the emitter spaces them) with the reads its steps prove defined as references, or undefined if none. */
function rewriteComprehension(inner: string, shared: ReadonlyMap<string, SharedRead>): string | undefined {
  const [head, body, ...rest] = listElements(inner, "|") ?? [];
  const parsed = body === undefined ? undefined : listElements(body, ";");
  if (head === undefined || parsed === undefined || rest.length > 0) return undefined;
  let steps = parsed;
  let value = head;
  let changed = false;
  for (const [name, read] of shared) {
    // [] iterates nothing, as `is_array` fails for a reference that is undefined or no array.
    const from = read.array ? steps.findIndex((step) => iterates(step, name)) : read.fallback === "set()" ? steps.findIndex((step) => proves(step, name)) : -1;
    if (from < 0) continue;
    steps = steps.flatMap((step, i) => [...(i === from && read.array ? [`is_array(${read.reference})`] : []), i >= from ? replaceIdentifier(step, name, read.reference) : step]);
    value = replaceIdentifier(value, name, read.reference);
    changed = true;
  }
  return changed ? `${value} | ${steps.join("; ")}` : undefined;
}

/** The definition with each comprehension's proven reads of shared rules written as references. */
export function comprehensionReads(definition: string, shared: ReadonlyMap<string, SharedRead>): string {
  if (shared.size === 0) return definition;
  let text = definition;
  // Innermost first; each rewrite removes names, so the loop ends.
  for (let again = true; again; ) {
    again = false;
    // Brackets or braces: a parenthesised `a | b` is a set union.
    for (const [open, close] of comprehensionSpans(text, literalRanges(text)).filter(([open]) => text[open] !== "(")) {
      const rewritten = rewriteComprehension(text.slice(open + 1, close), shared);
      if (rewritten === undefined) continue;
      text = `${text.slice(0, open + 1)}${rewritten}${text.slice(close)}`;
      again = true;
      break;
    }
  }
  return text;
}
