// Boolean helpers that are only ever tested, written as Rego functions defined exactly where the
// helper returns true.
import { blankLiterals, identifierPattern, inputRead, isAtomicTerm, isNameOrScalar, isStringLiteral, listElements, readsIdentifier } from "./terms.js";

/**
 * One body of a helper's `else` chain: its lines, the result line apart. The result is `true`,
 * `false`, or a boolean term defined wherever the lines hold (totalTest), as the tests it is.
 */
interface Branch {
  readonly lines: readonly string[];
  readonly result: "true" | "false" | { readonly tests: readonly string[] };
}

/** A helper as emitHelper writes it: its name, its parameters (`_` for one it never reads) and its branches, in order. */
interface BooleanHelper {
  readonly name: string;
  readonly params: readonly string[];
  readonly branches: readonly Branch[];
}

const FIRST = /^([A-Za-z_][A-Za-z0-9_]*)\(([^()]*)\) := result if \{$/;
const NEXT = "} else := result if {";
const LAST = "} else := set()";

/**
 * The helper's else chain when every branch gives true, false or a total boolean term
 * (totalTest); else undefined.
 */
function booleanHelper(text: string): BooleanHelper | undefined {
  const lines = text.split("\n");
  const first = FIRST.exec(lines[0] ?? "");
  if (!first || lines[lines.length - 1] !== LAST) return undefined;
  const params = first[2]!.split(", ");
  const branches: Branch[] = [];
  let current: string[] = [];
  for (const line of lines.slice(1)) {
    if (line !== NEXT && line !== LAST) {
      current.push(line);
      continue;
    }
    const value = /^\tresult := (.+)$/.exec(current.pop() ?? "")?.[1];
    if (value === undefined) return undefined;
    if (value === "true" || value === "false") branches.push({ lines: current, result: value });
    else {
      const tests = totalTest(value, new Set([...params, ...boundNames(current)]));
      if (tests === undefined) return undefined;
      branches.push({ lines: current, result: { tests } });
    }
    current = [];
  }
  return { name: first[1]!, params, branches };
}

/** Names the lines bind: `x :=` and `some x in` (a helper body's own locals, defined where bound). */
function boundNames(lines: readonly string[]): string[] {
  const code = blankLiterals(lines.join("\n"));
  return [...code.matchAll(/^\t([A-Za-z_][A-Za-z0-9_]*) :=/gm), ...code.matchAll(/^\tsome ([A-Za-z_][A-Za-z0-9_]*) in /gm)].map((m) => m[1]!);
}

const COMPARISON = /^(\S+) (?:==|!=|<|>|<=|>=) (\S+)$/;
const TYPE_TEST = /^is_(?:number|string|boolean|array|object|set|null)\(([A-Za-z_][A-Za-z0-9_]*)\)$/;
const BOOLEAN_ARRAY = /^\[(.*)\] (==|!=) (\[(?:true|false)(?:, (?:true|false))*\])$/;

/**
 * A boolean term as the tests that hold exactly where it is true, when it is defined wherever the
 * names it reads are (`defined`: parameters and the branch's own locals): a comparison of names
 * and scalars, a type test of a name, or the emitter's array of booleans (`[a, b] == [true, true]`,
 * which it writes only of total boolean terms; as the tests `a` and `b`). A term that could be
 * undefined is not one: its branch would fall through to the next, where a test fails.
 */
function totalTest(term: string, defined: ReadonlySet<string>): string[] | undefined {
  const code = blankLiterals(term);
  const operand = (t: string) => defined.has(t) || (isNameOrScalar(t) && !/^[A-Za-z_]/.test(t)) || ["true", "false", "null"].includes(t) || /^""$/.test(t);
  const comparison = COMPARISON.exec(code);
  if (comparison) return operand(comparison[1]!) && operand(comparison[2]!) ? [`\t${term}`] : undefined;
  const type = TYPE_TEST.exec(code);
  if (type) return defined.has(type[1]!) ? [`\t${term}`] : undefined;
  const array = BOOLEAN_ARRAY.exec(term);
  if (array && listElements(array[1]!)?.length === array[3]!.split(",").length) return conjuncts(term)?.map((t) => `\t${t}`) ?? [`\t${term}`];
  return undefined;
}

/**
 * The negation of a branch's one condition, when it binds nothing (no `:=`, `=`, `some` or
 * `every`), so that it can be tested as it stands, as lines: `not x` for `x`, `x` for `not x`.
 * `not [a, b] == [true, true]` negated is `a` and `b`, one test each: the emitter writes that
 * form only of total boolean terms (a conjunction of booleans), which equal true where they hold.
 */
function negation(lines: readonly string[]): string[] | undefined {
  if (lines.length !== 1) return undefined;
  const line = lines[0]!;
  const code = blankLiterals(line);
  if (!line.startsWith("\t") || line.startsWith("\t\t") || /:=|(?<![=!<>])=(?!=)|\bsome\b|\bevery\b/.test(code)) return undefined;
  if (!line.startsWith("\tnot ")) return [`\tnot ${line.slice(1)}`];
  const negated = line.slice("\tnot ".length);
  return conjuncts(negated)?.map((term) => `\t${term}`) ?? [`\t${negated}`];
}

/** The terms of `[a, b, …] == [true, true, …]`, when the test is exactly that. */
function conjuncts(test: string): string[] | undefined {
  const match = /^\[(.*)\] == (\[true(?:, true)*\])$/.exec(test);
  if (!match) return undefined;
  const terms = listElements(match[1]!);
  return terms?.length === match[2]!.split(",").length ? terms : undefined;
}

/** A definition's head: a parameter its lines do not read is `_` (`opa check --strict` refuses an unused argument). */
function headReading(helper: BooleanHelper, lines: readonly string[]): string {
  const body = lines.join("\n");
  return `${helper.name}(${helper.params.map((p) => (readsIdentifier(body, p) ? p : "_")).join(", ")})`;
}

/**
 * The helper as functions that hold exactly where it returns true: each `true` branch, after the
 * negations of the `false` branches before it (the `else` chain tried those first). Undefined
 * when a `false` branch before a `true` one has more than one condition, or none holds.
 */
function testForm(helper: BooleanHelper): string | undefined {
  const definitions: string[] = [];
  const guards: string[] = [];
  for (const branch of helper.branches) {
    if (branch.result !== "false") {
      const lines = [...guards, ...branch.lines, ...(branch.result === "true" ? [] : branch.result.tests)];
      definitions.push(`${headReading(helper, lines)} if {\n${lines.join("\n")}\n}`);
      if (branch.result === "true") {
        // Past a branch that always holds, no other is tried; elsewhere a later definition adds
        // nothing where this one holds.
        if (branch.lines.length === 0) break;
        continue;
      }
    }
    // A branch whose lines hold gives its result (a total term is defined there), so the next
    // is tried only where they fail.
    if (branch.lines.length === 0) break;
    const negated = negation(branch.lines);
    // A branch after the last that can be true changes nothing: the helper is not true there either.
    if (negated === undefined) {
      if (helper.branches.slice(helper.branches.indexOf(branch) + 1).some((b) => b.result !== "false")) return undefined;
      break;
    }
    guards.push(...negated);
  }
  if (definitions.length === 0) return undefined;
  // A definition with no lines would be `f(x) if {}`: Rego wants `f(x) := true`.
  return definitions.map((d) => d.replace(/ if \{\n\n\}$/, " := true")).join("\n\n");
}

/**
 * Whether every call of `name` in `text` is a test: a whole expression of a rule or function body,
 * or a later one of a comprehension's (`f(x)` or `not f(x)`), never a value (`y := f(x)`,
 * `[f(x), g]`). A comprehension's first expression is not told from an operand of `|`, set union.
 */
function onlyTested(text: string, name: string): boolean {
  // Outside string literals a `#` starts a comment, which may name the helper (`# policies/allowed-repos.ts:3`).
  const code = blankLiterals(text).replace(/#.*$/gm, "");
  const call = identifierPattern(name);
  for (let match = call.exec(code); match; match = call.exec(code)) {
    const before = code.slice(code.lastIndexOf("\n", match.index) + 1, match.index);
    if (!/^(?:\t+|.*; )(?:not )?$/.test(before)) return false;
    if (code[match.index + name.length] !== "(") return false;
    let depth = 0;
    let end = match.index + name.length;
    for (; end < code.length; end++) {
      const c = code[end];
      if (c === "(" || c === "[" || c === "{") depth++;
      else if ((c === ")" || c === "]" || c === "}") && --depth === 0) break;
    }
    const after = code[end + 1];
    if (!(after === undefined || after === "\n" || after === ";" || after === "]" || after === "}")) return false;
  }
  return true;
}

/**
 * The helpers (texts as emitHelper writes them) with each whose branches all give true or false,
 * and which `others` (every other text of the module: rules, helpers, shared rules) only test,
 * written as functions defined exactly where it returns true. A test cannot tell false from
 * undefined (`not f(x)` holds for both, `f(x)` for neither), and a call that fails costs
 * Gatekeeper's evaluator a fraction of one that succeeds: `not isExemptImage(image, exempt)` of
 * an image nothing exempts ran four branches to return false, and now fails in two.
 */
export function testOnlyHelpers(helpers: readonly string[], others: readonly string[]): string[] {
  return helpers.map((text, index) => {
    const helper = booleanHelper(text);
    if (helper === undefined) return text;
    const callers = [...others, ...helpers.filter((_, i) => i !== index)];
    if (!callers.every((caller) => onlyTested(caller, helper.name))) return text;
    return testForm(helper) ?? text;
  });
}

/** The last definition of a chain that gives false where the others fail. */
const ELSE_FALSE = " else := false";

/**
 * The runtime's functions (their sources), each whose chain ends in `else := false` and which
 * `others` (every other text of the module) only test, without that last definition: a test
 * cannot tell false from undefined (`not f(x)` holds for both, `f(x)` for neither), and a call
 * that fails costs Gatekeeper's evaluator less than one that returns false (K8sImageDigests'
 * gkc_regex_matches_valid, 7,832 → 7,482 allocations in opa bench).
 */
export function testedRuntime(sources: readonly string[], others: readonly string[]): string[] {
  return sources.map((source, index) => {
    const name = /^([A-Za-z_][A-Za-z0-9_]*)\(/.exec(source)?.[1];
    if (name === undefined || !source.endsWith(`\n}${ELSE_FALSE}`)) return source;
    const callers = [...others, ...sources.filter((_, i) => i !== index)];
    return callers.every((caller) => onlyTested(caller, name)) ? source.slice(0, -ELSE_FALSE.length) : source;
  });
}

/** A whole line that compares a call with false: `\tf(args) == false`. */
const FALSE_COMPARISON = /^\t([A-Za-z_][A-Za-z0-9_]*)\((.*)\) == false$/;

/**
 * Whether `term` is defined wherever it is evaluated: a scalar literal, a read of the input with
 * a defined default, or a name in `defined` (a package rule defined everywhere, a local or parameter
 * bound before the line).
 */
function definedTerm(term: string, defined: ReadonlySet<string>): boolean {
  if (/^(?:-?\d+(?:\.\d+)?|true|false|null|set\(\)|\[\]|\{\})$/.test(term) || isStringLiteral(term)) return true;
  // A read of the input by a literal path with a defined default.
  const read = inputRead(term);
  if (read !== undefined) return definedTerm(read.fallback, defined);
  const elements = term.startsWith("[") && term.endsWith("]") ? listElements(term.slice(1, -1)) : undefined;
  if (elements !== undefined) return elements.every((element) => definedTerm(element, defined));
  // A call of a function defined wherever its arguments are.
  const call = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/.exec(term);
  const args = call && defined.has(call[1]!) && isAtomicTerm(term) ? listElements(call[2]!) : undefined;
  if (args !== undefined) return args.every((arg) => definedTerm(arg, defined));
  return defined.has(term);
}

/**
 * The package rules and functions (texts `name := term`, `f(x) := term`, or else chains of them
 * whose last value has no condition) that are defined wherever they are read or called with
 * defined arguments, given the names `known` to be: each value is a defined term (a function's
 * parameters and a body's own bindings are). Joined to a fixed point, since one may read another.
 */
export function definedRules(definitions: readonly string[], known: ReadonlySet<string>): Set<string> {
  const defined = new Set(known);
  for (let changed = true; changed; ) {
    changed = false;
    for (const text of definitions) {
      const head = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(([^()]*)\))? := /.exec(text);
      if (head === null || defined.has(head[1]!)) continue;
      const params = head[2]?.split(", ") ?? [];
      const lines = text.split("\n");
      const last = lines[lines.length - 1]!;
      if (lines.length === 1 ? lines[0]!.endsWith(" if {") : !/^\} else := /.test(last) || last.endsWith(" if {")) continue;
      // Each value (the head's, then each `} else := value`'s) with the names its body binds.
      const values: { value: string; bound: string[] }[] = [];
      let value = text.slice(head[0].length, lines[0]!.length).replace(/ if \{$/, "");
      let body: string[] = [];
      for (const line of lines.slice(1)) {
        const next = /^\} else := (.*?)(?: if \{)?$/.exec(line);
        if (next === null) {
          body.push(line);
          continue;
        }
        values.push({ value, bound: boundNames(body) });
        value = next[1]!;
        body = [];
      }
      values.push({ value, bound: [] });
      if (values.every(({ value, bound }) => definedTerm(value, new Set([...defined, ...params, ...bound])))) {
        defined.add(head[1]!);
        changed = true;
      }
    }
  }
  return defined;
}

/** Whether lines hold wherever the names in `defined` are defined: each binds a defined term to a new name. */
function alwaysHolds(lines: readonly string[], defined: ReadonlySet<string>): boolean {
  const bound = new Set(defined);
  for (const line of lines) {
    const binding = /^\t([A-Za-z_][A-Za-z0-9_]*) := (.+)$/.exec(line);
    if (binding === null || bound.has(binding[1]!) || !definedTerm(binding[2]!, bound)) return false;
    bound.add(binding[1]!);
  }
  return true;
}

/**
 * `f(args) == false` as `not f(args)` where f is a helper that gives a boolean wherever its
 * arguments are defined (its last branch has no condition) and each argument is defined (a
 * literal, a read of the input with a default, a rule of `definedNames`, or a local or parameter
 * bound before the line): there `not f(args)` holds exactly where f gives false. Only where every
 * call of f is then a test and f has a test form, which testOnlyHelpers then writes: a call that
 * fails costs OPA less than one that returns false through an else chain (K8sReplicaLimits'
 * withinSomeRange: 343 → 341 allocations per review in gator bench, 358k → 332k instructions),
 * though `not` opens a sub-query that `== false` does not (README rule 17).
 */
export function negatedBooleanCalls(helpers: readonly string[], others: readonly string[], definedNames: ReadonlySet<string>): { helpers: string[]; others: string[] } {
  let texts = [...helpers, ...others];
  helpers.forEach((text, index) => {
    const helper = booleanHelper(text);
    // Its last branch holds wherever its arguments are defined: no lines, or bindings of defined terms.
    const last = helper?.branches[helper.branches.length - 1];
    if (helper === undefined || last === undefined || !alwaysHolds(last.lines, new Set([...definedNames, ...helper.params]))) return;
    let rewrote = false;
    const rewritten = texts.map((caller, i) => {
      if (i === index) return caller;
      const lines = caller.split("\n");
      const params = /^[A-Za-z_][A-Za-z0-9_]*\(([^()]*)\)/.exec(lines[0] ?? "")?.[1]?.split(", ") ?? [];
      return lines
        .map((line, at) => {
          const call = FALSE_COMPARISON.exec(line);
          if (call === null || call[1] !== helper.name) return line;
          const args = listElements(call[2]!);
          // The locals bound before the line in its own body (an else chain's earlier bodies bind theirs).
          let start = at - 1;
          while (start > 0 && !lines[start]!.startsWith("}")) start--;
          const bound = new Set([...definedNames, ...params, ...boundNames(lines.slice(start + 1, at))]);
          if (args === undefined || !args.every((arg) => definedTerm(arg, bound))) return line;
          rewrote = true;
          return `\tnot ${helper.name}(${call[2]})`;
        })
        .join("\n");
    });
    if (!rewrote) return;
    const callers = rewritten.filter((_, i) => i !== index);
    if (callers.every((caller) => onlyTested(caller, helper.name)) && testForm(helper) !== undefined) texts = rewritten;
  });
  return { helpers: texts.slice(0, helpers.length), others: texts.slice(helpers.length) };
}
