// Text → text: a total read, `object.get(base, [keys], default)`, as the reference it reads,
// `base.keys`, where the same `else` branch (its body, and the value it gives) already needs that
// reference defined. A body line that is not negated and names `input.a.b` outside any
// comprehension fails wherever `input.a.b` is undefined, so wherever the branch holds,
// `object.get(input, ["a", "b"], set())` is `input.a.b`: OPA reads the reference without the
// builtin's call and its array of keys (6 allocations a read in topdown). A read of a local's
// member, `object.get({"v": x}, ["v", "a"], set())` (the wrapper keeps it total where x may be no
// object), is `x.a` the same way, or `object.get(x, ["a"], set())` where the branch needs x to be
// an object (it reads a member of x, or tests is_object(x)): the wrapper object costs 7 more.
// Values are JSON and set(); a member read of set() is undefined, as object.get's walk is. A
// local's read is rewritten only outside comprehensions, where no `some` can bind its name anew;
// the input's everywhere.
import { pathSegment } from "./expressions.js";
import { comprehensionSpans, inLiteral, isStringLiteral, listElements, literalRanges, replaceIdentifier, topLevel } from "./terms.js";

/** A string literal, which the scan skips, or a reference by names and string keys. */
const TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|(?<![A-Za-z0-9_.\]])([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*|\["(?:[^"\\]|\\.)*"\])*)(?![A-Za-z0-9_(])/g;
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[("(?:[^"\\]|\\.)*")\]/g;

/** A path as one key: the base's name and the member keys. */
function pathKey(base: string, keys: readonly string[]): string {
  return JSON.stringify([base, ...keys]);
}

function inside(spans: readonly [number, number][], at: number): boolean {
  return spans.some(([from, to]) => from < at && at < to);
}

/** What the body lines of one branch need: references defined, and names of objects. */
interface Needs {
  readonly defined: Set<string>;
  readonly objects: Set<string>;
}

function needsOf(body: readonly string[]): Needs {
  const needs: Needs = { defined: new Set(), objects: new Set() };
  for (const line of body) {
    const code = line.trim();
    if (code.startsWith("not ")) continue;
    const spans = comprehensionSpans(code, literalRanges(code));
    for (const match of code.matchAll(TOKEN)) {
      if (match[1] === undefined || inside(spans, match.index)) continue;
      const keys = [...match[2]!.matchAll(SEGMENT)].map((s) => s[1] ?? (JSON.parse(s[2]!) as string));
      for (let n = 1; n <= keys.length; n++) needs.defined.add(pathKey(match[1], keys.slice(0, n)));
      if (keys.length > 0) needs.objects.add(match[1]);
    }
    const tested = /^is_object\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(code);
    if (tested) needs.objects.add(tested[1]!);
  }
  return needs;
}

/** The text between `open` (an index of `(`) and its closing parenthesis, and that one's index. */
function argumentsAt(text: string, open: number): { args: string; close: number } | undefined {
  for (const [i, c] of topLevel(text.slice(open + 1))) {
    if (")]}".includes(c)) return c === ")" ? { args: text.slice(open + 1, open + 1 + i), close: open + 1 + i } : undefined;
  }
  return undefined;
}

/** A read's replacement under `needs`, or undefined to keep it. */
function rewrittenRead(args: string, needs: Needs, inComprehension: boolean): string | undefined {
  const parts = listElements(args);
  if (parts === undefined || parts.length !== 3) return undefined;
  const [baseText, pathText, fallback] = parts as [string, string, string];
  const path = pathText.startsWith("[") && pathText.endsWith("]") ? listElements(pathText.slice(1, -1)) : undefined;
  if (path === undefined || !path.every(isStringLiteral)) return undefined;
  const keys = path.map((k) => JSON.parse(k) as string);
  const wrapped = /^\{"v": ([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(baseText);
  const base = wrapped ? wrapped[1]! : baseText;
  const memberKeys = wrapped ? (keys[0] === "v" ? keys.slice(1) : undefined) : keys;
  if (memberKeys === undefined || memberKeys.length === 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(base)) return undefined;
  if (base !== "input" && inComprehension) return undefined;
  if (needs.defined.has(pathKey(base, memberKeys))) return `${base}${memberKeys.map(pathSegment).join("")}`;
  if (wrapped && needs.objects.has(base)) return `object.get(${base}, [${path.slice(1).join(", ")}], ${fallback})`;
  return undefined;
}

/** `text` with each read `needs` makes a reference rewritten (outermost reads only). */
function rewriteLine(text: string, needs: Needs): string {
  const literals = literalRanges(text);
  const spans = comprehensionSpans(text, literals);
  let out = "";
  let from = 0;
  for (let at = text.indexOf("object.get(", from); at >= 0; at = text.indexOf("object.get(", from)) {
    const call = argumentsAt(text, at + "object.get".length);
    if (call === undefined || inLiteral(literals, at) || /[A-Za-z0-9_.]/.test(text[at - 1] ?? "")) {
      out += text.slice(from, at + 1);
      from = at + 1;
      continue;
    }
    const replacement = rewrittenRead(call.args, needs, inside(spans, at));
    out += text.slice(from, at) + (replacement ?? text.slice(at, call.close + 1));
    from = call.close + 1;
  }
  return out + text.slice(from);
}

/**
 * The definition with each read its branch makes a reference rewritten. `sharedReads` maps
 * package rules that hold a read of the input (`gkc_shared_2 := object.get(input, ["parameters",
 * "volumes"], set())`) to its keys: where the branch needs that reference defined, the rule holds
 * its value, and a name read there is the reference, which costs no rule evaluation (a rule's
 * first read cost 18 allocations in `opa bench`, each later one 4; a reference none).
 */
export function definedReads(definition: string, sharedReads: ReadonlyMap<string, readonly string[]> = new Map()): string {
  const lines = definition.split("\n");
  // A statement over several lines (a nested body) is not a line this pass can read alone.
  if (lines.some((line) => line.startsWith("\t\t") || /^\t.*[{[(]$/.test(line))) return definition;
  for (let head = 0; head < lines.length; head++) {
    if (lines[head]!.startsWith("\t") || !lines[head]!.endsWith("{")) continue;
    let end = head + 1;
    while (end < lines.length && lines[end]!.startsWith("\t")) end++;
    const needs = needsOf(lines.slice(head + 1, end));
    if (needs.defined.size === 0 && needs.objects.size === 0) continue;
    const references = [...sharedReads].filter(([, keys]) => needs.defined.has(pathKey("input", keys)));
    for (let i = head; i < end; i++) {
      const read = references.reduce((line, [name, keys]) => replaceIdentifier(line, name, `input${keys.map(pathSegment).join("")}`), lines[i]!);
      lines[i] = rewriteLine(read, needs);
    }
  }
  return lines.join("\n");
}
