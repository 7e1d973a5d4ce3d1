// Boolean helpers that are only ever tested, written as Rego functions defined exactly where the
// helper returns true.
import { blankLiterals, identifierPattern, listElements, readsIdentifier } from "./terms.js";

/** One body of a helper's `else` chain: its lines, the result line apart. */
interface Branch {
  readonly lines: readonly string[];
  readonly result: "true" | "false";
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

/** The helper's else chain when every branch gives the literal true or false; else undefined. */
function booleanHelper(text: string): BooleanHelper | undefined {
  const lines = text.split("\n");
  const first = FIRST.exec(lines[0] ?? "");
  if (!first || lines[lines.length - 1] !== LAST) return undefined;
  const branches: Branch[] = [];
  let current: string[] = [];
  for (const line of lines.slice(1)) {
    if (line !== NEXT && line !== LAST) {
      current.push(line);
      continue;
    }
    const result = current.pop();
    if (result !== "\tresult := true" && result !== "\tresult := false") return undefined;
    branches.push({ lines: current, result: result === "\tresult := true" ? "true" : "false" });
    current = [];
  }
  return { name: first[1]!, params: first[2]!.split(", "), branches };
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
    if (branch.result === "true") {
      const lines = [...guards, ...branch.lines];
      definitions.push(`${headReading(helper, lines)} if {\n${lines.join("\n")}\n}`);
      // Past a branch that always holds, no other is tried.
      if (branch.lines.length === 0) break;
      continue;
    }
    if (branch.lines.length === 0) break;
    const negated = negation(branch.lines);
    // A false branch after the last true one changes nothing: the helper is not true there either.
    if (negated === undefined) {
      if (helper.branches.slice(helper.branches.indexOf(branch)).some((b) => b.result === "true")) return undefined;
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
