// Hoisted variables read once, outside every loop, folded back into their reader. Kubernetes
// evaluates each variable as a program of its own, with its own activation and cost tracker, on
// its first read (k8s.io/apiserver pkg/admission/plugin/cel composition.go): that set-up costs
// more than the few operations of most hoisted expressions. A variable read once, and not inside
// a comprehension (where the read would repeat), is evaluated at most once either way, in the
// same place of the same expression: CEL is pure, so the reader means what it meant, including
// where gkc raises an error on purpose (it is raised where the expression is read, as before).
import { isDynCall, replaceIdentifier, scanIdentifiers } from "./scan.js";
import type { CelVariable } from "./source.js";
import { CHEAP_READS } from "./values.js";

interface Read {
  /** Index into the texts the read is in. */
  readonly text: number;
  readonly at: number;
  readonly inLoop: boolean;
}

/** Every `variables.<name>` read in `text`, with whether it sits inside a comprehension. */
function readsIn(text: string, textIndex: number, into: Map<string, Read[]>): void {
  scanIdentifiers(text, (found, at, inLoop) => {
    if (!found.startsWith("variables.")) return;
    const name = found.slice("variables.".length);
    const reads = into.get(name) ?? [];
    reads.push({ text: textIndex, at, inLoop });
    into.set(name, reads);
  });
}

/**
 * `variables` with each `inlinable` one read exactly once, outside any loop, replaced at its read
 * by its expression (parenthesised unless it is one `dyn()` call), as long as the reader stays
 * within `maxCodePoints`. A cheap one (`cheap`: a member read or a type test, no comprehension)
 * read at most `CHEAP_READS` times, none inside a loop, is replaced at every read: it is then
 * computed once per read, which costs less than the variable's own program and cost tracker.
 * `others` are the validations' texts, which read variables too; they come back rewritten alike.
 */
export function inlineSingleReads(
  variables: readonly CelVariable[],
  others: readonly string[],
  inlinable: (name: string) => boolean,
  maxCodePoints: number,
  cheap: (expression: string) => boolean = () => false,
): { readonly variables: CelVariable[]; readonly others: string[] } {
  const texts = [...variables.map((v) => v.expression), ...others];
  const names = variables.map((v) => v.name);
  const reads = new Map<string, Read[]>();
  texts.forEach((t, i) => readsIn(t, i, reads));
  const removed = new Set<number>();
  // Last first: a variable reads only earlier ones, so its own reads are settled before it moves.
  for (let v = variables.length - 1; v >= 0; v--) {
    const found = reads.get(names[v]!) ?? [];
    if (!inlinable(names[v]!) || found.length === 0 || found.some((r) => r.inLoop)) continue;
    if (found.length > 1 && !(found.length <= CHEAP_READS && cheap(texts[v]!))) continue;
    const moved = isDynCall(texts[v]!) ? texts[v]! : `(${texts[v]!})`;
    // Every read of it in a reader is one of `found` (none in a loop), so all of them move.
    const rewritten = new Map([...new Set(found.map((r) => r.text))].map((reader) => [reader, replaceIdentifier(texts[reader]!, `variables.${names[v]!}`, moved)]));
    if ([...rewritten.values()].some((text) => [...text].length > maxCodePoints)) continue;
    removed.add(v);
    for (const [reader, text] of rewritten) {
      texts[reader] = text;
      // The reader's reads, now with the moved expression's, read again from its new text.
      for (const [name, list] of reads) reads.set(name, list.filter((r) => r.text !== reader && r.text !== v));
      readsIn(text, reader, reads);
    }
  }
  return {
    variables: variables.flatMap((variable, i) => (removed.has(i) ? [] : [{ name: variable.name, expression: texts[i]! }])),
    others: texts.slice(variables.length),
  };
}

/**
 * `variables` without the `droppable` ones nothing reads: a variable is evaluated only when read,
 * so an unread one changes no review, but Gatekeeper and the API server still compile it with
 * every template (a hoisted value whose readers the rewrites above replaced, or the parameters
 * of a template that reads none). Last first: a variable reads only earlier ones, so one read
 * only by an unread variable goes too.
 */
export function dropUnread(variables: readonly CelVariable[], others: readonly string[], droppable: (name: string) => boolean): CelVariable[] {
  const reads = new Map<string, number>();
  const count = (text: string, by: number): void =>
    scanIdentifiers(text, (found) => {
      if (!found.startsWith("variables.")) return;
      const name = found.slice("variables.".length);
      reads.set(name, (reads.get(name) ?? 0) + by);
    });
  for (const text of [...variables.map((v) => v.expression), ...others]) count(text, 1);
  const kept = [...variables];
  for (let i = kept.length - 1; i >= 0; i--) {
    const variable = kept[i]!;
    if (!droppable(variable.name) || (reads.get(variable.name) ?? 0) > 0) continue;
    count(variable.expression, -1);
    kept.splice(i, 1);
  }
  return kept;
}

/**
 * The variables that print a value (a dispatch on its type whose first case is the value itself,
 * when a string): their name, and the variable they print.
 */
export function stringFastPaths(variables: readonly CelVariable[]): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  for (const v of variables) {
    const printed = /^dyn\(\(\(type\((variables\.[A-Za-z_][A-Za-z0-9_]*)\) == string\) \? \1 : /.exec(v.expression)?.[1];
    if (printed !== undefined) found.set(v.name, printed);
  }
  return found;
}

/**
 * A message expression whose reads of such a variable test the printed value first: a string is
 * its own text, so the dispatch's variable is evaluated only for other values. Kubernetes
 * evaluates every message expression on every review, in an activation of its own, and each
 * variable it evaluates costs a program activation and a cost tracker (rule 25): on a passing
 * review this saves that for every value a direct message prints.
 */
export function readingStringsDirectly(message: string, printed: ReadonlyMap<string, string>): string {
  let text = message;
  for (const [name, value] of printed) {
    const read = `variables.${name}`;
    if (text.includes(read)) text = replaceIdentifier(text, read, `(type(${value}) == string ? ${value} : ${read})`);
  }
  return text;
}
