// A message that prints several values through functions (`shown(name)`, `regoText(replicas)`)
// makes a call per value, and a call costs Gatekeeper's evaluator about 27 allocations whatever
// the function's body (opa bench). Such a message becomes one function of the rule's locals whose
// first branches print each value with what one branch of its function gives, under that
// branch's tests, and whose last branch is the message as it was:
//
//   msg := gkc_msg_1(name, image)
//   gkc_msg_1(name, image) := concat("", ["container <", name, ">: ", image]) if {
//   	is_string(name)
//   	is_string(image)
//   } else := concat("", ["container <", shown(name), ">: ", shown(image)])
//
// Why it means the same: a function of an else chain gives the value of its first branch whose
// body holds and whose value is defined. Where a variant's tests hold, each function it replaced
// would take the branch the variant took: its first branch, or its second where that one tests
// the argument for another JSON type than the first does (`is_string(v)` then `is_number(v)`),
// so that the first fails; a branch giving a call (`gkc_num_str(v)`) is that call's first
// branch under both's tests. Each printed value is then that branch's value, and the message the
// same text. Where a variant's tests fail, or a value it prints is undefined, the chain tries the
// next one, the last being the message itself.
//
// What it costs: a failed branch about 12 allocations, so there are two variants at most (every
// call by its first branch, then every call by its last), and a message with one such call keeps
// it. A K8sAllowedRepos violation costs 231 allocations where it cost 251 (opa bench).
//
// What must hold: each replaced call is a top-level element of the message's concat, of a
// function whose first branches are plain tests (tail-calls.ts isPlainTest); its arguments are
// names or reads of the input, passed as the message function's parameters, which OPA types any
// as it typed the callee's (a literal would type the tests: `format_int(null, 10)` is an error).
import { type Branch, type Chain, callOf, functionChains, isPlainTest, parseChain, printChain, withArguments } from "./tail-calls.js";
import { blankLiterals, listElements, readsIdentifier } from "./terms.js";

const MESSAGE_LINE = /^\tmsg := concat\("", \[(.*)\]\)$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INPUT_READ = /^input(?:\.[A-Za-z_][A-Za-z0-9_]*)+$/;
const LITERALS = new Set(["true", "false", "null"]);

/** A call the message makes that a branch of its callee can replace. */
interface Replaceable {
  readonly index: number;
  /** The call with its arguments' parameters. */
  readonly call: string;
  /**
   * What a variant may print in the call's place, each under its tests: the callee's first
   * branch, and its second where the first fails wherever the second holds; a branch that gives a
   * call of a function with such a first branch gives that branch's value under both's tests.
   */
  readonly options: readonly Branch[];
}

/**
 * The rules (texts, in order) with each message that makes two or more such calls read from a
 * function of its own, and those functions. `callees` are the definitions a message may call;
 * `taken` the names the module already defines.
 */
export function messageFunctions(rules: readonly string[], callees: readonly string[], taken: ReadonlySet<string>): { rules: string[]; functions: string[] } {
  const chains = functionChains(callees);
  const functions = new Map<string, string>();
  let next = 0;
  const freshName = (): string => {
    let name: string;
    do name = `gkc_msg_${++next}`;
    while (taken.has(name));
    return name;
  };
  const rewritten = rules.map((rule) => {
    const lines = rule.split("\n");
    const at = lines.findIndex((line) => MESSAGE_LINE.test(line));
    if (at < 0) return rule;
    const elements = listElements(MESSAGE_LINE.exec(lines[at]!)![1]!);
    if (elements === undefined) return rule;
    const locals = boundNames(lines.slice(0, at));
    // Each argument of a replaced call is a parameter, typed any by OPA as the callee's was (a
    // constant in its place could make a test of a branch a type error: `format_int(null, 10)`).
    const argParams = new Map<string, string>();
    const param = (arg: string): string => {
      if (locals.includes(arg)) return arg;
      if (!argParams.has(arg)) argParams.set(arg, `gkc_arg_${argParams.size + 1}`);
      return argParams.get(arg)!;
    };
    const replaceable = elements.flatMap((element, index) => {
      const found = replaceableCall(element, index, chains, param);
      return found === undefined ? [] : [found];
    });
    if (replaceable.length < 2) return rule;
    const parts = elements.map((element, index) => replaceable.find((call) => call.index === index)?.call ?? element);
    const read = locals.filter((name) => parts.some((part) => readsIdentifier(part, name)));
    // A name the message's own comprehensions bind would be a parameter there: no function.
    if (read.some((name) => parts.some((part) => new RegExp(`\\bsome (?:[A-Za-z_][A-Za-z0-9_]*, )?${name} in\\b`).test(blankLiterals(part))))) return rule;
    const params = [...read, ...argParams.values()];
    const args = [...read, ...argParams.keys()];
    const variants = branchChoices(replaceable);
    const definition = messageFunction(params, parts, replaceable, variants);
    // The same message in two rules (sibling lists) reads one function.
    let name = [...functions].find(([, text]) => text === definition)?.[0];
    if (name === undefined) {
      name = freshName();
      functions.set(name, definition);
    }
    const call = params.length === 0 ? name : `${name}(${args.join(", ")})`;
    return [...lines.slice(0, at), `\tmsg := ${call}`, ...lines.slice(at + 1)].join("\n");
  });
  const texts = [...functions].map(([name, definition]) => definition.replace("gkc_msg_NAME", name));
  return { rules: rewritten, functions: texts };
}

/**
 * The definitions (texts, in order) with a variant before each branch of a function that gives a
 * concat of two or more such calls (`rangeText`'s `concat("", ["{\"max_replicas\": ",
 * gkc_num_str(max), …])`): the branch's lines, then the tests of each call's first branch, giving
 * the concat of those branches' values. Where the variant holds, the branch after it holds too
 * (its lines are the variant's first) and each call takes the branch the variant printed; where
 * it fails, the chain goes on to the branch as it was. Nothing is renamed: the calls' arguments
 * are the branch's own names (or reads of the input), as in the calls.
 */
export function valueVariants(definitions: readonly string[], callees: readonly string[]): string[] {
  const chains = functionChains(callees);
  return definitions.map((text) => {
    const chain = parseChain(text);
    if (chain?.params === undefined) return text;
    let changed = false;
    const branches = chain.branches.flatMap((branch): Branch[] => {
      const concat = /^concat\("", \[(.*)\]\)$/.exec(branch.value);
      const elements = concat === null ? undefined : listElements(concat[1]!);
      if (elements === undefined) return [branch];
      const replaceable = elements.flatMap((element, index) => replaceableCall(element, index, chains, (arg) => arg) ?? []);
      if (replaceable.length < 2) return [branch];
      const variant = variantOf(elements, replaceable, replaceable.map(() => 0));
      changed = true;
      return [{ lines: [...branch.lines, ...variant.tests.filter((line) => !branch.lines.includes(line))], value: `concat("", [${variant.parts.join(", ")}])` }, branch];
    });
    return changed ? printChain({ ...chain, branches }) : text;
  });
}

/**
 * The element as a call whose callee's branches can take its place, its arguments passed as the
 * message function's parameters (`param` names each); undefined otherwise.
 */
function replaceableCall(element: string, index: number, chains: ReadonlyMap<string, Chain>, param: (arg: string) => string): Replaceable | undefined {
  const call = callOf(element);
  if (call === undefined) return undefined;
  const callee = chains.get(call.name);
  if (callee === undefined || callee.params!.length !== call.args.length || callee.branches.length < 2) return undefined;
  if (!call.args.every(isArgument)) return undefined;
  const [first, second] = callee.branches;
  if (!plain(first)) return undefined;
  const branches = plain(second) && excludes(first!, second!, callee.params!) ? [first!, second!] : [first!];
  const args = call.args.map(param);
  return { index, call: `${call.name}(${args.join(", ")})`, options: branches.map((branch) => throughCall(instantiate(callee, branch, args), chains)) };
}

/** An argument a replaced call may have: a name (not a literal: it would type the callee's tests) or a read of the input. */
function isArgument(arg: string): boolean {
  return (NAME.test(arg) && !LITERALS.has(arg)) || INPUT_READ.test(arg);
}

function plain(branch: Branch | undefined): branch is Branch {
  return branch !== undefined && branch.lines.length > 0 && branch.lines.every(isPlainTest);
}

/**
 * A branch giving `g(args)` of a function whose first branch is plain tests as that branch under
 * both's tests (`gkc_num_str(v)` as `format_int(v, 10)` where v is a 32-bit integer); the
 * branch itself otherwise.
 */
function throughCall(branch: Branch, chains: ReadonlyMap<string, Chain>): Branch {
  const call = callOf(branch.value);
  const callee = call === undefined ? undefined : chains.get(call.name);
  if (call === undefined || callee === undefined || callee.params!.length !== call.args.length) return branch;
  if (!call.args.every(isArgument) || !plain(callee.branches[0])) return branch;
  const inner = instantiate(callee, callee.branches[0]!, call.args);
  return { lines: [...branch.lines, ...inner.lines.filter((line) => !branch.lines.includes(line))], value: inner.value };
}

/** Whether the first branch fails wherever the second holds: each tests a parameter for a different JSON type. */
function excludes(first: Branch, second: Branch, params: readonly string[]): boolean {
  const typeTests = (branch: Branch) =>
    new Map(branch.lines.flatMap((line) => {
      const m = /^\tis_([a-z]+)\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(line);
      return m !== null && params.includes(m[2]!) ? [[m[2]!, m[1]!] as const] : [];
    }));
  const a = typeTests(first);
  const b = typeTests(second);
  return [...a].some(([param, type]) => b.has(param) && b.get(param) !== type);
}

/** The option each replaced call takes, per variant: every call's first, then every call's last (where one has two). */
function branchChoices(replaceable: readonly Replaceable[]): number[][] {
  const first = replaceable.map(() => 0);
  const second = replaceable.map((call) => call.options.length - 1);
  return second.some((option) => option > 0) ? [first, second] : [first];
}

/** The names a rule body's lines bind: `x := …`, `some x in …`, `some k, v in …`. */
function boundNames(lines: readonly string[]): string[] {
  const names = new Set<string>();
  for (const line of lines) {
    const code = blankLiterals(line);
    const bound = /^\t([A-Za-z_][A-Za-z0-9_]*) :=/.exec(code);
    if (bound !== null) names.add(bound[1]!);
    const some = /^\tsome ([A-Za-z_][A-Za-z0-9_]*)(?:, ([A-Za-z_][A-Za-z0-9_]*))? in\b/.exec(code);
    if (some !== null) {
      names.add(some[1]!);
      if (some[2] !== undefined) names.add(some[2]);
    }
  }
  names.delete("_");
  return [...names];
}

/** A callee's branch with its parameters replaced by the call's arguments. */
function instantiate(callee: Chain, branch: Branch, args: readonly string[]): Branch {
  const rewrite = (text: string): string => withArguments(text, callee.params!, args, "gkc_param");
  return { lines: branch.lines.map(rewrite), value: rewrite(branch.value) };
}

/**
 * The concat's elements with each replaced call printed by the option `choice` gives it, and
 * those options' tests, each once.
 */
function variantOf(elements: readonly string[], replaceable: readonly Replaceable[], choice: readonly number[]): { parts: string[]; tests: string[] } {
  const parts = [...elements];
  const tests: string[] = [];
  replaceable.forEach((call, i) => {
    const taken = call.options[choice[i]!]!;
    parts[call.index] = taken.value;
    for (const line of taken.lines) if (!tests.includes(line)) tests.push(line);
  });
  return { parts, tests };
}

/** The message function's text, named gkc_msg_NAME: a branch per variant, then the message. */
function messageFunction(params: readonly string[], elements: readonly string[], replaceable: readonly Replaceable[], variants: readonly number[][]): string {
  const head = params.length === 0 ? "gkc_msg_NAME" : `gkc_msg_NAME(${params.join(", ")})`;
  const message = (parts: readonly string[]) => `concat("", [${parts.join(", ")}])`;
  const branches = variants.map((variant) => {
    const { parts, tests } = variantOf(elements, replaceable, variant);
    return { value: message(parts), tests };
  });
  const chain = branches.map((b, i) => `${i === 0 ? `${head} :=` : "} else :="} ${b.value} if {\n${b.tests.join("\n")}`);
  return `${chain.join("\n")}\n} else := ${message(elements)}`;
}
