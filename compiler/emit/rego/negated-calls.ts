// Text → text: `not f(args)`, a negated call of a helper defined only where it holds, as one
// emptiness test per definition of f: `[x | body] == []`, the definition's body with its
// parameters bound to the arguments. f(args) holds exactly where some definition's body does, so
// it fails exactly where every such comprehension is empty. An argument that may be undefined (a
// reference, a call, a rule that may not hold) is bound before the tests, `p := arg`: OPA moves a
// negated call's arguments out of the negation, so where one is undefined the caller's body
// fails, not the call, and the binding fails it the same way. In Gatekeeper's evaluator a call
// costs more than a comprehension (`opa bench`, an image against two exemption patterns per
// container: 81 allocations a call of a two-definition helper, 58 for its two comprehensions; 42
// and 22 with no patterns), and `[…] == []` costs less than `count([…]) == 0`.
// The body's own locals are renamed, so that no name of the caller's body is captured; a helper
// whose body reads a name that is neither its parameter, its local nor the package's is left alone
// (an implicit local, such as `xs[i]`'s `i`, would need finding first).
import { blankLiterals, identifierPattern, isAtomicTerm, isScalarLiteral, isStringLiteral, listElements, readsIdentifier, splitLiterals, topLevel } from "./terms.js";

const KEYWORDS = new Set(["some", "in", "not", "if", "else", "true", "false", "null", "every", "contains", "with", "as", "default", "input", "data", "_"]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One definition `f(params) if { lines }`: its parameters and lines. */
interface Definition {
  readonly params: readonly string[];
  readonly lines: readonly string[];
}

/** The helper's definitions when every one is a plain body of single-line expressions; else undefined. */
function definitionsOf(text: string): { name: string; definitions: Definition[] } | undefined {
  let name: string | undefined;
  const definitions: Definition[] = [];
  for (const part of text.split("\n\n")) {
    const lines = part.split("\n");
    const head = /^([A-Za-z_][A-Za-z0-9_]*)\(([^()]*)\) if \{$/.exec(lines[0] ?? "");
    if (head === null || lines[lines.length - 1] !== "}" || (name !== undefined && head[1] !== name)) return undefined;
    name = head[1]!;
    const body = lines.slice(1, -1);
    if (body.length === 0 || body.some((line) => !/^\t[^\t]/.test(line) || /[{[(]$/.test(line) || topLevelSemicolon(line))) return undefined;
    definitions.push({ params: head[2]!.split(", "), lines: body.map((line) => line.slice(1)) });
  }
  return name === undefined ? undefined : { name, definitions };
}

function topLevelSemicolon(line: string): boolean {
  return [...topLevel(line)].some(([, c]) => c === ";");
}

/** Names a body binds itself: `x :=`, `some x in`, `some k, v in`. */
function boundNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines.map(blankLiterals)) {
    const assigned = /^([A-Za-z_][A-Za-z0-9_]*) :=/.exec(line);
    if (assigned) names.add(assigned[1]!);
    for (const some of line.matchAll(/(?:^|[;|] )some ([A-Za-z_][A-Za-z0-9_]*)(?:, ([A-Za-z_][A-Za-z0-9_]*))? in /g)) {
      names.add(some[1]!);
      if (some[2] !== undefined) names.add(some[2]);
    }
  }
  names.delete("_");
  return names;
}

/** The base names the lines read (not called, not a member after a dot). */
function readNames(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    for (const match of blankLiterals(line).matchAll(/(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\()?/g)) {
      if (match[3] === undefined) names.add(match[1]!);
    }
  }
  return names;
}

/** `text` with each name of `names` (whole identifiers outside string literals) replaced at once. */
function replaceNames(text: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0) return text;
  const pattern = identifierPattern(`(?:${[...names.keys()].join("|")})`);
  return splitLiterals(text)
    .map((part, i) => (i % 2 ? part : part.replace(pattern, (name) => names.get(name)!)))
    .join("");
}

/**
 * The names each line of `text` has bound, before it, to a value read from `data` (directly, or
 * through another such name): `some name, other in services` after `services := kinds.Service`,
 * `some kinds in versions` and `some versions in data.inventory.namespace`. A head line (a new
 * body) starts afresh.
 */
function dataNamesPerLine(text: string): Set<string>[] {
  const perLine: Set<string>[] = [];
  let names = new Set<string>();
  for (const line of text.split("\n")) {
    if (!line.startsWith("\t")) names = new Set();
    perLine.push(names);
    const blank = blankLiterals(line);
    const binding = /^\tsome ([A-Za-z_][A-Za-z0-9_]*)(?:, ([A-Za-z_][A-Za-z0-9_]*))? in (.*)$/.exec(blank) ?? /^\t([A-Za-z_][A-Za-z0-9_]*) := (.*)$/.exec(blank);
    if (binding === null) continue;
    const source = binding[binding.length - 1]!;
    if (/(?<![A-Za-z0-9_.])data\./.test(source) || [...names].some((name) => readsIdentifier(source, name))) {
      names = new Set([...names, ...binding.slice(1, -1).filter((name): name is string => name !== undefined && name !== "_")]);
    }
  }
  return perLine;
}

/**
 * Every `\tnot f(args)` line of `texts` whose f is one of `helpers` (texts) that qualifies, as
 * emptiness tests; `globals` are the package's names (rules, functions), `defined` those of its
 * rules defined wherever they are read (test-helpers.ts definedRules). A function named in
 * `dataOnly` is rewritten only where an argument is a name bound to a value read from `data`:
 * OPA hashes a call's arguments for its cache, which converts such a value whole (it is lazy
 * until then), where a comprehension reads only the members it tests. With other arguments a
 * call of the optimizer's lifted functions costs about as much as their comprehensions (`gator
 * bench`, allocations per review: K8sPSPSELinuxV2 6 more as comprehensions, K8sRequiredProbes
 * 10 fewer). Returns the texts.
 */
export function negatedCallComprehensions(helpers: readonly string[], texts: readonly string[], globals: ReadonlySet<string>, defined: ReadonlySet<string>, dataOnly: ReadonlySet<string> = new Set()): string[] {
  const taken = new Set<string>([...helpers, ...texts].flatMap((text) => text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []));
  let counter = 0;
  const fresh = (base: string): string => {
    let name: string;
    do name = `${base}_n${++counter}`;
    while (taken.has(name));
    taken.add(name);
    return name;
  };
  const qualifying = new Map<string, Definition[]>();
  for (const helper of helpers) {
    const parsed = definitionsOf(helper);
    if (parsed === undefined) continue;
    const ok = parsed.definitions.every(({ params, lines }) => {
      const known = new Set([...params, ...boundNames(lines), ...globals]);
      return [...readNames(lines)].every((name) => known.has(name) || KEYWORDS.has(name)) && !lines.some((line) => new RegExp(`(?<![A-Za-z0-9_.])${parsed.name}\\(`).test(line));
    });
    if (ok) qualifying.set(parsed.name, parsed.definitions);
  }
  if (qualifying.size === 0) return [...texts];
  return texts.map((text) => {
    const dataNames = dataNamesPerLine(text);
    return text
      .split("\n")
      .flatMap((line, index) => {
        const call = /^\tnot ([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/.exec(line);
        const definitions = call ? qualifying.get(call[1]!) : undefined;
        if (call === null || definitions === undefined || !isAtomicTerm(line.slice("\tnot ".length))) return [line];
        const args = listElements(call[2]!);
        if (args === undefined || args.some((arg) => !isAtomicTerm(arg)) || definitions.some((d) => d.params.length !== args.length)) return [line];
        if (dataOnly.has(call[1]!) && !args.some((arg) => dataNames[index]!.has(arg))) return [line];
        // Each argument as a term that is surely defined: a literal, a local (bound, or a
        // parameter, before this line), a total rule; anything else bound first.
        const bindings: string[] = [];
        const terms = args.map((arg, i) => {
          const surelyDefined = isScalarLiteral(arg) || isStringLiteral(arg) || (NAME.test(arg) && (!globals.has(arg) || defined.has(arg)));
          if (surelyDefined) return arg;
          const bound = fresh(definitions.map((d) => d.params[i]!).find((param) => param !== "_") ?? "arg");
          bindings.push(`\t${bound} := ${arg}`);
          return bound;
        });
        return [
          ...bindings,
          ...definitions.map(({ params, lines }) => {
            const names = new Map<string, string>();
            for (const local of boundNames(lines)) names.set(local, fresh(local));
            params.forEach((param, i) => {
              if (param !== "_") names.set(param, terms[i]!);
            });
            // The element is one of the body's own locals where it has one: what it is does not
            // matter, and a literal there would be a mutation site no input can tell apart.
            const element = [...boundNames(lines)].map((local) => names.get(local)!)[0] ?? "true";
            return `\t[${element} | ${lines.map((l) => replaceNames(l, names)).join("; ")}] == []`;
          }),
        ];
      })
      .join("\n");
  });
}
