// Boolean helpers that are only ever tested, written as Rego functions defined exactly where the
// helper returns true.
import { blankLiterals, identifierPattern, isNameOrScalar, listElements, readsIdentifier } from "./terms.js";

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
