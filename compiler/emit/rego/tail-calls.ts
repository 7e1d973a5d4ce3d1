// Package rules whose value is a function's, written as that function's else chain. Gatekeeper's
// evaluator pays about 20 allocations for a function call, several times a type test or a
// comparison (opa bench): `gkc_shared_5 := setting(gkc_shared_4)` of K8sPSPHostNetworkingPorts
// ran setting, shown and a lifted conditional to print one number, where one chain now tests the
// same conditions in the same order.
//
// Why it means the same: a branch of an else chain gives its value when its body holds and its
// value is defined, and the chain tries the next branch otherwise. `r := g(a) if { L }` gives the
// first of g's branches (with a for g's parameter) whose body holds; where none does g(a) is
// undefined and r tries its next branch. The branches `g_i(a) if { L; body_i }`, in g's order and
// in that branch's place, give the same value where L holds, and fall through to r's next branch
// where L fails or no body_i holds.
//
// What must hold for that: each argument is defined wherever L holds (an undefined rule in a
// negated test would hold where the call failed) and typed any by OPA's type checker, as the
// parameter was (a constant could make a builtin's call in a branch never taken a type error:
// `startswith(1, …)`): a name so defined, or a path read of the input (`object.get(input,
// ["a"], set())`, read in the parameter's place, so only where g reads it little); g's own
// locals are renamed apart from r's names; L is repeated before each of g's branches, so only
// where L is a few plain tests.
import { blankLiterals, countIdentifier, inputRead, listElements, readsIdentifier, replaceIdentifier } from "./terms.js";

/** One branch of an else chain: its body's lines (tab-indented) and the value it gives. */
export interface Branch {
  readonly lines: readonly string[];
  readonly value: string;
}

/** A definition as an else chain: `name(params) := value if { … } else := …`, or a rule (no params). */
export interface Chain {
  readonly name: string;
  readonly params: readonly string[] | undefined;
  readonly branches: readonly Branch[];
}

const HEAD = /^([A-Za-z_][A-Za-z0-9_]*)(?:\(([^()]*)\))? := (.+?)( if \{)?$/;
const NEXT = /^\} else := (.+?)( if \{)?$/;

/**
 * The definition as an else chain, its `result := …` bodies read as values; undefined for any
 * other text (several definitions, a comment, a value over several lines).
 */
export function parseChain(text: string): Chain | undefined {
  const lines = text.split("\n");
  const head = HEAD.exec(lines[0]!);
  if (head === null) return undefined;
  const params = head[2] === undefined ? undefined : head[2].split(", ");
  const branches: Branch[] = [];
  let value = head[3]!;
  let open = head[4] !== undefined;
  let body: string[] = [];
  for (const line of lines.slice(1)) {
    if (!open) return undefined;
    const next = line === "}" ? undefined : NEXT.exec(line);
    if (line !== "}" && next === null) {
      body.push(line);
      continue;
    }
    branches.push(branch(body, value));
    body = [];
    if (next === undefined) {
      open = false;
      value = "";
      continue;
    }
    value = next![1]!;
    open = next![2] !== undefined;
  }
  if (open) return undefined;
  if (value !== "") branches.push({ lines: [], value });
  return { name: head[1]!, params, branches };
}

/** The functions (definitions with parameters) among `texts` that are else chains, by name. */
export function functionChains(texts: readonly string[]): Map<string, Chain> {
  const chains = new Map<string, Chain>();
  for (const text of texts) {
    const chain = parseChain(text);
    if (chain?.params !== undefined) chains.set(chain.name, chain);
  }
  return chains;
}

/** A branch, with `result := T` as its last line (and `result` read nowhere else) read as the value T. */
function branch(lines: readonly string[], value: string): Branch {
  const last = /^\tresult := (.+)$/.exec(lines[lines.length - 1] ?? "");
  const rest = lines.slice(0, -1);
  if (value === "result" && last && !rest.some((line) => readsIdentifier(line, "result")) && !readsIdentifier(last[1]!, "result")) {
    return { lines: rest, value: last[1]! };
  }
  return { lines, value };
}

/** The chain as Rego: each branch as a body, the last one without a body as the final `else`. */
export function printChain(chain: Chain): string {
  const head = chain.params === undefined ? chain.name : `${chain.name}(${chain.params.join(", ")})`;
  const parts: string[] = [];
  for (const [i, b] of chain.branches.entries()) {
    const prefix = i === 0 ? `${head} :=` : "} else :=";
    // A branch without a body always holds: nothing after it is ever tried.
    if (b.lines.length === 0) {
      parts.push(`${prefix} ${b.value}`);
      return parts.join("\n");
    }
    parts.push(`${prefix} ${b.value} if {`, ...b.lines);
  }
  parts.push("}");
  return parts.join("\n");
}

const KEYWORDS = new Set(["if", "else", "not", "some", "in", "every", "contains", "true", "false", "null", "set", "with", "as", "input", "data", "_"]);
const IDENTIFIER = /(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_])/g;

/**
 * The names a callee binds in its bodies (`x :=`, `some x in`, `some k, v in`), when those are
 * the only bindings and every other name it reads is a parameter, a definition of the module or
 * a builtin; undefined otherwise (unification, destructuring, `every`, an implicit variable).
 */
function localsOf(chain: Chain, globals: ReadonlySet<string>): Set<string> | undefined {
  const code = blankLiterals(chain.branches.flatMap((b) => [...b.lines, b.value]).join("\n"));
  if (/\bevery\b|[\])}]\s*:=|(?<![=!<>:])=(?!=)/.test(code)) return undefined;
  const locals = new Set<string>();
  for (const m of code.matchAll(/(?<![A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*) :=/g)) locals.add(m[1]!);
  for (const m of code.matchAll(/\bsome ([A-Za-z_][A-Za-z0-9_]*)(?:, ([A-Za-z_][A-Za-z0-9_]*))? in\b/g)) {
    locals.add(m[1]!);
    if (m[2] !== undefined) locals.add(m[2]);
  }
  const params = new Set(chain.params ?? []);
  for (const m of code.matchAll(IDENTIFIER)) {
    const name = m[0];
    const builtin = code[m.index! + name.length] === "(" || code[m.index! + name.length] === ".";
    if (!(builtin || KEYWORDS.has(name) || params.has(name) || locals.has(name) || globals.has(name))) return undefined;
  }
  return locals;
}

/** A line the branch repeats before each inlined branch at little cost: a type test or a comparison of plain terms. */
export function isPlainTest(line: string): boolean {
  const code = blankLiterals(line);
  return /^\t(?:not )?(?:is_[a-z]+\([A-Za-z_][A-Za-z0-9_]*\)|[A-Za-z0-9_."-]+(?: % 1)? (?:==|!=|<|>|<=|>=) (?:[A-Za-z0-9_."-]+|set\(\))|[A-Za-z_][A-Za-z0-9_]* in \{[^{}()]*\})$/.test(code);
}

/** The call `g(a, …)` a branch gives, as g's name and its arguments' terms. */
export function callOf(value: string): { name: string; args: string[] } | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/.exec(value);
  if (m === null) return undefined;
  const args = m[2] === "" ? [] : listElements(m[2]!);
  return args === undefined ? undefined : { name: m[1]!, args };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `object.get(input, [keys], set())` by string keys: defined everywhere (set() where a member is
 * missing), and typed any by OPA, as a parameter is. Only of `input`, an object in every review:
 * object.get of any other value that is not an object is undefined, not its default.
 */
function isPathRead(term: string): boolean {
  return inputRead(term)?.fallback === "set()";
}

/**
 * Whether a path read may take the parameter's place: the callee's first branch (what most calls
 * take) reads it at most twice, since each read is a lookup where the call made one; and no
 * branch reads into it (`p.x`, `p[i]`), which is no Rego once `p` is a call.
 */
function readsFewTimes(callee: Chain, param: string): boolean {
  const first = callee.branches[0]!;
  if (countIdentifier([...first.lines, first.value].join("\n"), param) > 2) return false;
  const code = blankLiterals(callee.branches.flatMap((b) => [...b.lines, b.value]).join("\n"));
  return !new RegExp(`(?<![A-Za-z0-9_.])${param}[.[]`).test(code);
}

/** Branches a chain may have after inlining: past this, repeated tests cost more than the calls. */
const MAX_BRANCHES = 24;

/**
 * The definitions (texts, in order), each else chain whose branch gives a call of one of
 * `callees`' functions (else chains) with that function's branches in its place, until no more
 * can be. `totalRules` are package rules defined everywhere (an argument may name one).
 * Definitions not changed keep their text.
 */
export function inlineTailCalls(definitions: readonly string[], callees: readonly string[], totalRules: ReadonlySet<string>): string[] {
  const parsedCallees = functionChains(callees);
  const globals = new Set<string>([...totalRules, ...[...definitions, ...callees].flatMap((t) => /^([A-Za-z_][A-Za-z0-9_]*)/.exec(t)?.[1] ?? [])]);
  let fresh = 0;
  return definitions.map((text) => {
    let chain = parseChain(text);
    if (chain === undefined) return text;
    let changed = false;
    for (let round = 0; round < 4; round++) {
      const next = inlineOnce(chain, parsedCallees, globals, totalRules, () => ++fresh);
      if (next === undefined) break;
      chain = next;
      changed = true;
    }
    return changed ? printChain(chain) : text;
  });
}

/** The chain with each branch that can be inlined replaced by its callee's branches; undefined when none can. */
function inlineOnce(chain: Chain, callees: ReadonlyMap<string, Chain>, globals: ReadonlySet<string>, totalRules: ReadonlySet<string>, nextId: () => number): Chain | undefined {
  let changed = false;
  const branches: Branch[] = [];
  for (const [index, b] of chain.branches.entries()) {
    const inlined = inlineBranch(chain, b, callees, globals, totalRules, nextId);
    if (inlined === undefined || branches.length + inlined.length + (chain.branches.length - index - 1) > MAX_BRANCHES) {
      branches.push(b);
      continue;
    }
    branches.push(...inlined);
    changed = true;
  }
  return changed ? { ...chain, branches } : undefined;
}

/** The branches that replace `b` of `chain`, when its value is a call that can be inlined. */
function inlineBranch(chain: Chain, b: Branch, callees: ReadonlyMap<string, Chain>, globals: ReadonlySet<string>, totalRules: ReadonlySet<string>, nextId: () => number): Branch[] | undefined {
  const call = callOf(b.value);
  if (call === undefined || call.name === chain.name) return undefined;
  const callee = callees.get(call.name);
  if (callee === undefined || callee.params!.length !== call.args.length) return undefined;
  if (b.lines.length > 0 && (callee.branches.length > 8 || !b.lines.every(isPlainTest))) return undefined;
  // The chain's parameters are defined wherever it is called (the branch's lines, plain tests, bind nothing).
  const defined = (name: string) => (chain.params ?? []).includes(name) || totalRules.has(name) || name === "input";
  const fits = (arg: string, i: number) => (NAME.test(arg) ? defined(arg) : isPathRead(arg) && readsFewTimes(callee, callee.params![i]!));
  if (!call.args.every(fits)) return undefined;
  const locals = localsOf(callee, globals);
  if (locals === undefined) return undefined;
  // Every name in the chain's branch, so that no renamed local meets one.
  const taken = new Set([...blankLiterals([...b.lines, ...call.args].join("\n")).matchAll(IDENTIFIER)].map((m) => m[0]));
  const id = nextId();
  const renamed = new Map<string, string>();
  for (const local of locals) {
    let name = `${local}_${id}`;
    while (taken.has(name) || globals.has(name)) name = `${name}_`;
    renamed.set(local, name);
  }
  const rewrite = (text: string): string =>
    withArguments(text, callee.params!, call.args, `gkc_param_${id}`, (out) => {
      for (const [local, name] of renamed) out = replaceIdentifier(out, local, name);
      return out;
    });
  return callee.branches.map((c) => ({ lines: [...b.lines, ...c.lines.map(rewrite)], value: rewrite(c.value) }));
}

/**
 * `text` with each of `params` replaced by the argument in its place, in two steps (through
 * `<placeholder>_<index>` names, with `between` applied in between), so that an argument naming
 * another parameter is not replaced again.
 */
export function withArguments(text: string, params: readonly string[], args: readonly string[], placeholder: string, between: (text: string) => string = (t) => t): string {
  let out = text;
  params.forEach((p, i) => (out = p === "_" ? out : replaceIdentifier(out, p, `${placeholder}_${i}`)));
  out = between(out);
  args.forEach((arg, i) => (out = replaceIdentifier(out, `${placeholder}_${i}`, arg)));
  return out;
}
