// Text → text: a package rule of one cheap term (`gkc_shared_4 := object.get(input, ["review",
// "object", "spec", "maxReplicas"], set())`) written into the lines that read it, where that
// costs Gatekeeper's evaluator less than the rule. A rule's first read costs about 12
// allocations more than its term, and each later read about 2 (the cached value); a term written
// into a line costs its steps at every read, about 6 allocations a builtin call or an operator
// (opa bench). So a term of cost T read r times is written in where (r - 1)·T ≤ 12 + 2r: a rule
// read once always, twice where its term is two steps or fewer. K8sHorizontalPodAutoscaler's
// spread (`maxReplicas - minReplicas` compared with the parameter, four rules) cost a review 50
// allocations more than the same terms written into its rule.
//
// Why it means the same: a rule of one term is undefined where its term is, and has the term's
// value otherwise, which is what a read of it gives. The term names only package rules and the
// input (no comprehension, so no local of its own). Where it may be written:
// - a line of a violation rule's body before the body iterates, outside comprehensions: it runs
//   once per review, as the rule does. Not under a `not`: OPA evaluates the calls nested in a
//   negated expression before it, outside the negation (ast/compile.go expandExpr), so an
//   undefined term would fail the body where `not rule` held. Nor in the head;
// - the term of another such rule (one term, no comprehension), evaluated once per review too;
// - for the texts the last passes leave (readOnce: a rule read once only), a branch of a shared
//   rule's else chain too, its body before it iterates or its value.
// The term goes in without parentheses, so only where Rego's binding reads it whole as opa fmt
// prints it (loosestFitting); a read that goes on as a reference (`rule[k]`, `rule.a`) keeps
// the rule. Anywhere else (functions, iterations, comprehensions) the rule stays: there the
// cached value is read once per call or element.
import { blankLiterals, countIdentifier, identifierPattern, inputRead, isBooleanTerm, isScalarLiteral, isStringLiteral, readsIdentifier, renameShared, replaceIdentifier, splitLiterals, topLevel } from "./terms.js";

/** Allocations of a rule's first read beyond its term's, of each later read, and of a step of a term (opa bench). */
const RULE_COST = 12;
const READ_COST = 2;
const STEP_COST = 6;
/** A call of a function the module defines: its body's steps, unknown here, counted as several. */
const CALL_COST = 5 * STEP_COST;

/** A shared rule of one line (a multi-line one is an else chain, never matched). */
const DEFINITION = /^(gkc_shared_\d+) := (.*)$/;
const CALL = /([A-Za-z_][A-Za-z0-9_.]*)\(/g;
const OPERATOR = / (?:==|!=|<=|>=|<|>|\+|-|\*|\/|%|in) /g;

/** What a term costs a read that evaluates it: its builtin calls and operators. */
function termCost(term: string, functions: ReadonlySet<string>): number {
  const code = blankLiterals(term);
  let cost = (code.match(OPERATOR) ?? []).length * STEP_COST;
  for (const [, callee] of code.matchAll(CALL)) if (callee !== "set") cost += functions.has(callee!) ? CALL_COST : STEP_COST;
  return cost;
}

/** Text with each string literal's content blanked, keeping its length: indexes in it are indexes in the text. */
function codeOf(text: string): string {
  return splitLiterals(text)
    .map((part, i) => (i % 2 ? `"${" ".repeat(part.length - 2)}"` : part))
    .join("");
}

/** Rego's infix operators by binding, loosest first (ast/parser.go parseTermIn to parseTermFactor). */
const LEVELS: readonly (readonly string[])[] = [["in"], ["==", "!=", "<=", ">=", "<", ">"], ["|"], ["&"], ["+", "-"], ["*", "/", "%"]];
const ATOMIC = LEVELS.length;
const RELATION = 1;

/** The binding of a term's loosest top-level operator (ATOMIC without one), and where that is when it is the only one. */
function loosest(term: string): { level: number; at?: number; operator?: string } {
  const code = codeOf(term);
  const top = new Set([...topLevel(code)].map(([i]) => i));
  const found = [...code.matchAll(/ (in|==|!=|<=|>=|<|>|\||&|\+|-|\*|\/|%) /g)].filter((m) => top.has(m.index) && top.has(m.index + m[0].length - 1));
  if (found.length === 0) return { level: ATOMIC };
  const level = Math.min(...found.map((m) => LEVELS.findIndex((ops) => ops.includes(m[1]!))));
  const at = found.filter((m) => LEVELS[level]!.includes(m[1]!));
  return at.length === 1 ? { level, at: at[0]!.index, operator: at[0]![1]! } : { level };
}

const NEGATED: Readonly<Record<string, string>> = { "==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<" };

/**
 * The loosest operator a term read at [start, end) of one line's code may have written there
 * without parentheses, as opa fmt prints it (it drops the ones Rego's binding makes redundant,
 * and prints `(x in s) == false` as `x in s == false`, which Rego reads as `x in (s == false)`):
 * any as the line or an assignment's value, any but `in` as an element, argument or key, one
 * binding tighter than a comparison as its operand; only an atomic term elsewhere.
 */
function loosestFitting(code: string, start: number, end: number): number {
  const before = code.slice(0, start).trimEnd();
  const after = code.slice(end).trimStart();
  if ((before === "" || before.endsWith(":=")) && after === "") return 0;
  const opens = /[([{,:]$/.test(before) && !before.endsWith(":=");
  const closes = /^[)\]},]/.test(after);
  if (opens && closes) return RELATION;
  const comparedBefore = /(?:==|!=|<=|>=|[^:<>!=]<|[^-]>)$/.test(before);
  const comparedAfter = /^(?:==|!=|<=|>=|<|>) /.test(after);
  if ((comparedBefore || comparedAfter) && (comparedBefore || opens || before === "") && (comparedAfter || closes || after === "")) return RELATION + 1;
  return ATOMIC;
}

/** Each read of `name` in one line (or a definition's one line) as its span in the line's code. */
function readsIn(line: string, name: string): [number, number][] {
  const code = codeOf(line);
  return [...code.matchAll(identifierPattern(name))].map((m) => [m.index, m.index + name.length]);
}

/** Whether `term` may be written at every read of `name` in `line` (a body line or a one-line definition). */
function fitsLine(line: string, name: string, term: string, total: ReadonlySet<string>): boolean {
  if (written(line, name, term, total) !== undefined) return true;
  const code = codeOf(line);
  const { level } = loosest(term);
  return readsIn(line, name).every(([start, end]) => !/^[[.]/.test(code.slice(end)) && level >= loosestFitting(code, start, end));
}

/**
 * A body line that tests the read for true with a boolean term written in bare (a comparison,
 * membership, or a boolean builtin's call: OPA evaluates a call with fewer allocations than its
 * comparison), or for false with a comparison term written in as the opposite comparison, or a
 * membership of total operands negated: `x in s` is then true or false, never undefined (OPA's
 * member is false of anything but a collection), so `not` holds exactly where it is false.
 * K8sPSPVolumeTypes' `("*" in volumes) == false`: an allowed pod 28 allocations fewer (opa bench).
 */
function written(line: string, name: string, term: string, total: ReadonlySet<string>): string | undefined {
  if (line === `\t${name} == true` && isBooleanTerm(term)) return `\t${term}`;
  if (line === `\t${name} == false` && isTotalMembership(term, total)) return `\tnot ${term}`;
  const compared = loosest(term);
  if (compared.level !== RELATION || compared.at === undefined) return undefined;
  if (line !== `\t${name} == false`) return undefined;
  const right = term.slice(compared.at + compared.operator!.length + 2);
  return `\t${term.slice(0, compared.at)} ${NEGATED[compared.operator!]} ${right}`;
}

/** A scalar, string, set(), [] or {} literal. */
function isLiteral(term: string): boolean {
  return isScalarLiteral(term) || isStringLiteral(term) || ["set()", "[]", "{}"].includes(term);
}

/** A term defined wherever the input is: a literal, a total rule (below), or a read of the input with a literal default. */
function isTotalTerm(term: string, total: ReadonlySet<string>): boolean {
  const read = inputRead(term);
  return isLiteral(term) || total.has(term) || (read !== undefined && isLiteral(read.fallback));
}

/** `x in s` of total operands (isTotalTerm), its only top-level operator. */
function isTotalMembership(term: string, total: ReadonlySet<string>): boolean {
  const { level, at } = loosest(term);
  return level === 0 && at !== undefined && isTotalTerm(term.slice(0, at), total) && isTotalTerm(term.slice(at + " in ".length), total);
}

/** The one-line shared rules defined wherever the input is, of a total term or membership (repeated until none is added: a rule may read one defined after it). */
function totalRules(texts: readonly string[]): Set<string> {
  const total = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const text of texts) {
      const [, name, term] = DEFINITION.exec(text) ?? [];
      if (name === undefined || term === undefined || total.has(name)) continue;
      if (isTotalTerm(term, total) || isTotalMembership(term, total)) {
        total.add(name);
        grew = true;
      }
    }
  }
  return total;
}

/**
 * Whether lines that run once per review read `name` only where the term may be written: a line
 * of a body before the body iterates (each branch of an else chain starts a body anew), or a
 * branch's value; never in a comprehension, under a `not` or in a nested statement.
 */
function onceReadsAdmissible(lines: readonly string[], name: string, term: string, total: ReadonlySet<string>): boolean {
  let iterating = false;
  for (const line of lines) {
    if (!line.startsWith("\t")) iterating = false;
    else if (/^\t(?:some|every) /.test(line)) iterating = true;
    if (!readsIdentifier(line, name)) continue;
    const code = blankLiterals(line);
    if (iterating || line.startsWith("\t\t") || code.includes("|") || /\bnot\s/.test(code) || !fitsLine(line, name, term, total)) return false;
  }
  return true;
}

/** Whether a violation rule reads `name` only in its body, where the term may be written (above); not in its head, which runs once per message. */
function violationReadsAdmissible(text: string, name: string, term: string, total: ReadonlySet<string>): boolean {
  const lines = text.split("\n");
  const head = lines.findIndex((line) => line.startsWith("violation contains "));
  if (head < 0 || lines.slice(0, head + 1).some((line) => readsIdentifier(line, name))) return false;
  return onceReadsAdmissible(lines.slice(head + 1), name, term, total);
}

/** A shared rule over several lines (an else chain): evaluated once per review, as a one-line one. */
const SHARED_CHAIN = /^gkc_shared_\d+ := [^\n]* if \{\n/;

/**
 * Whether a text reads `name` only where the term may be written: a one-line shared rule without
 * comprehensions, a violation rule (above), and with `chains` a shared rule over several lines.
 */
function readsAdmissible(text: string, name: string, term: string, total: ReadonlySet<string>, chains: boolean): boolean {
  const shared = DEFINITION.exec(text);
  if (shared !== null) return !blankLiterals(shared[2]!).includes("|") && fitsLine(text, name, term, total);
  if (chains && SHARED_CHAIN.test(text)) return onceReadsAdmissible(text.split("\n"), name, term, total);
  return violationReadsAdmissible(text, name, term, total);
}

/**
 * The texts (rules, helpers, shared rules, lifted functions, in any order) with the shared rules
 * that cost more than their terms written in (above) removed and their reads rewritten, and the
 * rest numbered again in order. `functions` are the names the module defines (a call of any
 * other is a builtin's). With `readOnce`, only rules read once go, into shared rules over several
 * lines too: for the texts as the last passes leave them, where a rule's other reads are gone
 * (K8sAllowedRepos' repos read, left only in its message's `json.marshal`). Writing one in moves
 * its reads of other rules into its reader, so no other rule's count of reads changes.
 */
export function writeInCheapSharedRules(texts: readonly string[], functions: ReadonlySet<string>, options: { readOnce?: boolean } = {}): string[] {
  let current = [...texts];
  for (;;) {
    const total = totalRules(current);
    const candidate = current.findIndex((text, index) => {
      const [, name, term] = DEFINITION.exec(text) ?? [];
      if (name === undefined || term === undefined || blankLiterals(term).includes("|")) return false;
      let reads = 0;
      for (const [other, reader] of current.entries()) {
        const count = other === index ? 0 : countIdentifier(reader, name);
        if (count === 0) continue;
        if (!readsAdmissible(reader, name, term, total, options.readOnce === true)) return false;
        reads += count;
      }
      if (options.readOnce) return reads === 1;
      return reads > 0 && (reads - 1) * termCost(term, functions) <= RULE_COST + READ_COST * reads;
    });
    if (candidate < 0) break;
    const [, name, term] = DEFINITION.exec(current[candidate]!)!;
    current = current.flatMap((text, index) => {
      if (index === candidate) return [];
      const lines = text.split("\n").map((line) => (readsIdentifier(line, name!) ? (written(line, name!, term!, total) ?? replaceIdentifier(line, name!, term!)) : line));
      return [lines.join("\n")];
    });
  }
  return renumberShared(current);
}

/** The texts with the shared rules numbered again in the order they are defined. */
function renumberShared(texts: readonly string[]): string[] {
  const names = [...new Set(texts.flatMap((text) => /^gkc_shared_\d+(?![A-Za-z0-9_])/.exec(text)?.[0] ?? []))];
  const renamed = new Map(names.map((name, index) => [name, `gkc_shared_${index + 1}`]));
  return texts.map((text) => renameShared(text, renamed));
}
