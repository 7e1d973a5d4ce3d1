// Assembles one Rego module: the violation rules, and exactly the helper, shared, lifted, runtime
// and SDK definitions they reach, in a fixed order so output is byte-stable.
import type { Expr, HelperFunction, Program, Stmt } from "../../ir.js";
import { substitute } from "../../ir-tools.js";
import { definedReads } from "./defined-reads.js";
import { comprehensionReads, type SharedRead } from "./comprehension-reads.js";
import { presenceTests } from "./presence-tests.js";
import { EmitScope, LIFTED, isMembersForm, pathSegment } from "./expressions.js";
import { ANY, BOOLEAN, Facts, type HelperKinds } from "./facts.js";
import { CallFacts } from "./call-facts.js";
import type { JsonSchema } from "../../schema.js";
import { narrowParameters } from "../../optimize/narrow-parameters.js";
import { helperForms, inlineHelpers, inlinerFor, type HelperForm, type Inliner } from "../../optimize/inline-helpers.js";
import { emitHelper, emitViolationRules, helperResultElementKinds, helperResultKinds, liftConjunction, liftDisjunction, liftSome } from "./rules.js";
import { RUNTIME } from "./runtime.js";
import { mergeSiblingListRules } from "./sibling-lists.js";
import { negatedCallComprehensions } from "./negated-calls.js";
import { inputEqualityTests } from "./equality-tests.js";
import { inlineTailCalls } from "./tail-calls.js";
import { messageFunctions, valueVariants } from "./message-functions.js";
import { definedRules, negatedBooleanCalls, testOnlyHelpers, testedRuntime } from "./test-helpers.js";
import { typeTestReferences } from "./type-test-references.js";
import { inventoryAbsence } from "./inventory-absence.js";
import { admittedShapeTestsLast } from "./admitted-shape-tests.js";
import { inventoryReads, inventoryTypeTests } from "./inventory-type-tests.js";
import { writeInCheapSharedRules } from "./cheap-shared-rules.js";
import { SDK_REGO, SDK_REGO_HELPERS, type RegoFunction } from "./sdk-functions.js";
import { INVENTORY_REGO, INVENTORY_REGO_HELPERS } from "./inventory-functions.js";
import { blankLiterals, countIdentifier, inputRead, isAtomicTerm, isBooleanTerm, readsIdentifier, renameShared, replaceIdentifier, splitLiterals, topLevel } from "./terms.js";

export interface RegoModuleOptions {
  readonly packageName: string;
  /** Shown in the header comment: where the source lives. */
  readonly sourceLabel: string;
  /** Specialise runtime calls by what each rule body proves (default true; off for differential tests). */
  readonly optimize?: boolean;
  /**
   * Give each violation its yield's line as `gkc_yield` beside `msg`, for a template that carries
   * CEL too: Gatekeeper reads only `msg` and `details`, and `gkc audit` groups the messages by
   * yield as the CEL, which Gatekeeper evaluates in the Rego's place, gives them (README, CEL).
   */
  readonly yieldKeys?: boolean;
  /**
   * Write `not f(args)` of a helper defined where it holds as emptiness tests (negated-calls.ts;
   * default true, with the optimizer): off only to test the passes before it by their shapes.
   */
  readonly negatedCalls?: boolean;
  /** The parameters' schema: values read from the parameters have its kinds (facts.ts). */
  readonly parameters?: JsonSchema;
}

function library(name: string): RegoFunction {
  const found = RUNTIME[name] ?? SDK_REGO_HELPERS[name] ?? INVENTORY_REGO_HELPERS[name];
  if (!found) throw new Error(`internal: no Rego definition for ${name}`);
  return found;
}

/** The names the definitions' lines begin with: what the module defines. */
function definedNames(texts: readonly string[]): Set<string> {
  return new Set(texts.flatMap((text) => text.match(/^[A-Za-z_][A-Za-z0-9_]*/gm) ?? []));
}

/** Every function `roots` reach through their deps, sorted by name. */
function closure(roots: Iterable<string>): RegoFunction[] {
  const seen = new Map<string, RegoFunction>();
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (seen.has(name)) continue;
    const definition = library(name);
    seen.set(name, definition);
    pending.push(...definition.deps);
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function emitRegoModule(original: Program, options: RegoModuleOptions): string {
  // What every emission starts from: the program with its small helpers inlined and their
  // parameters narrowed, and its helpers' forms (copied per emission, which adds its inventory
  // copies to them). The inliner that refines expressions during emission knows the narrowed
  // helpers: the original ones would read their paths again from a narrowed call's arguments.
  const program = (options.optimize ?? true) ? narrowParameters(inlineHelpers(original, inlinerFor(original))) : original;
  const inliner = inlinerFor(program);
  const prepared: Prepared = { inliner, program, forms: (options.optimize ?? true) ? helperForms(program) : new Map() };
  let accepted = emitOnce(prepared, options, undefined);
  if (!(options.optimize ?? true)) return accepted.text;
  // Again, with what every call of each helper passes it holding for its parameters (rule 18),
  // until that stops changing: a helper's calls in another helper pass more precise arguments
  // once the caller knows more of its own. Facts only narrow, so each emission's calls pass no
  // more than the last's; where one did (an analysis that is not monotone), the last stands.
  for (let pass = 1; pass < MAX_EMISSIONS; pass++) {
    const next = emitOnce(prepared, options, accepted.calls);
    if (!next.calls.within(accepted.calls)) break;
    const settled = accepted.calls.within(next.calls);
    accepted = next;
    if (settled) break;
  }
  return accepted.text;
}

/** Emissions of a module at most, learning its helpers' parameters (the first learns from none). */
const MAX_EMISSIONS = 4;

/** What every emission of one module starts from (emitRegoModule). */
interface Prepared {
  readonly inliner: Inliner;
  readonly program: Program;
  readonly forms: ReadonlyMap<string, HelperForm>;
}

/** One emission of the module; `parameterFacts`, from an earlier one, hold for the helpers' parameters. */
function emitOnce({ inliner, program, forms }: Prepared, options: RegoModuleOptions, parameterFacts: CallFacts | undefined): { readonly text: string; readonly calls: CallFacts } {
  const specialised: HelperFunction[] = [];
  const scope = new EmitScope({ ...SDK_REGO, ...INVENTORY_REGO }, options.optimize ?? true);
  scope.parameterFacts = parameterFacts;
  scope.helperKinds = helperKindsOf(program, scope);
  if (scope.optimize) {
    scope.helperForms = new Map(forms);
    const membersHelpers = new Set([...scope.helperForms].filter(([, form]) => isMembersForm(form)).map(([name]) => name));
    scope.facts = Facts.forParameters(options.parameters, membersHelpers);
    scope.refine = (expr) => inliner.expr(expr);
    scope.liftSome = (expr, negatedBody, facts) => liftSome(expr, negatedBody, scope, facts);
    scope.liftConjunction = (expr, facts) => liftConjunction(expr, scope, facts);
    scope.liftDisjunction = (expr, facts) => liftDisjunction(expr, scope, facts);
    scope.specialiseHelper = (name, indexes) => {
      const copy = specialiseToInventory(program.helpers.find((h) => h.name === name), indexes);
      if (copy === undefined) return undefined;
      if (!specialised.some((h) => h.name === copy.name)) {
        specialised.push(copy);
        const form = scope.helperForms.get(name);
        if (form) {
          const values = new Map<string, Expr>(indexes.map((i) => [form.params[i]!, { kind: "input", field: "inventory" }]));
          (scope.helperForms as Map<string, HelperForm>).set(copy.name, { params: copy.params, body: substitute(form.body, values) });
        }
      }
      return copy.name;
    };
  }
  const emittedRules = emitViolationRules(program, scope, options.yieldKeys ?? false).map((r) => r.replace("# line ", `# ${options.sourceLabel}:`));
  const rules = scope.optimize ? mergeSiblingListRules(emittedRules) : emittedRules;
  // Only the helpers something emitted calls, and those they call: a helper the optimizer left
  // uncalled (inlined, or iterated natively) is not emitted, so its calls do not weaken what
  // every call passes a helper (rule 18; K8sHorizontalPodAutoscaler's rangesText, inlined, had
  // passed rangeText a range of any kind). Copies specialised to the inventory join as they appear.
  const emitted = new Map<string, string>();
  for (;;) {
    const texts = [...rules, ...emitted.values(), ...scope.hoisted.keys(), ...scope.lifted.keys()];
    const next = [...program.helpers, ...specialised].find((h) => !emitted.has(h.name) && texts.some((text) => readsIdentifier(text, h.name)));
    if (next === undefined) break;
    emitted.set(next.name, emitHelper(next, scope));
  }
  const helpers = [...program.helpers, ...specialised].flatMap((h) => emitted.get(h.name) ?? []);
  // Package rules for the shared computations the rules and helpers hoisted, in order of first use.
  // Helpers whose every value is a boolean: a call of one is a test as it is (violationLineReading).
  const booleanHelpers = new Set(scope.optimize ? program.helpers.filter((h) => emitted.has(h.name) && scope.helperKinds(h.name) === BOOLEAN).map((h) => h.name) : []);
  const folded = foldSharedRules(
    [...scope.hoisted].map(([term, name]) => [name, term] as const),
    [...rules, ...helpers, ...[...scope.lifted].map(([source, name]) => source.split(LIFTED).join(name))],
    booleanHelpers,
    scope.optimize,
  );
  rules.splice(0, rules.length, ...folded.texts.slice(0, rules.length));
  helpers.splice(0, helpers.length, ...folded.texts.slice(rules.length, rules.length + helpers.length));
  const lifted = folded.texts.slice(rules.length + helpers.length);
  const shared = folded.shared.map(([name, term]) => `${name} := ${term}`);
  if (scope.optimize) {
    // `f(args) == false` of a boolean helper defined wherever its arguments are, as `not f(args)`.
    const defined = definedRules([...shared, ...lifted, ...helpers], new Set(["gkc_input_object", "gkc_input_parameters"]));
    const negated = negatedBooleanCalls(helpers, [...rules, ...shared, ...lifted], defined);
    helpers.splice(0, helpers.length, ...negated.helpers);
    rules.splice(0, rules.length, ...negated.others.slice(0, rules.length));
    shared.splice(0, shared.length, ...negated.others.slice(rules.length, rules.length + shared.length));
    lifted.splice(0, lifted.length, ...negated.others.slice(rules.length + shared.length));
    helpers.splice(0, helpers.length, ...testOnlyHelpers(helpers, [...rules, ...shared, ...lifted]));
  }
  const runtime = closure(scope.used).map((f) => f.source);
  const library = scope.optimize ? testedRuntime(runtime, [...rules, ...helpers, ...shared, ...lifted]) : runtime;
  if (scope.optimize && (options.negatedCalls ?? true)) {
    // `not f(args)` of a helper defined where it holds, as emptiness tests (negated-calls.ts).
    const globals = definedNames([...rules, ...helpers, ...shared, ...lifted, ...library]);
    const defined = definedRules([...shared, ...lifted, ...helpers], new Set(["gkc_input_object", "gkc_input_parameters"]));
    // The optimizer's lifted functions too (`gkc_all_N`, `gkc_some_N`), where a call would
    // convert an object read from data whole to hash it.
    const liftedNames = new Set(lifted.flatMap((text) => text.match(/^[A-Za-z_][A-Za-z0-9_]*/) ?? []));
    const rewritten = negatedCallComprehensions([...helpers, ...lifted], [...rules, ...helpers, ...shared, ...lifted], globals, defined, liftedNames);
    rules.splice(0, rules.length, ...rewritten.slice(0, rules.length));
    helpers.splice(0, helpers.length, ...rewritten.slice(rules.length, rules.length + helpers.length));
    shared.splice(0, shared.length, ...rewritten.slice(rules.length + helpers.length, rules.length + helpers.length + shared.length));
    lifted.splice(0, lifted.length, ...rewritten.slice(rules.length + helpers.length + shared.length));
  }
  if (scope.optimize) {
    // A shared rule that is a helper's value, or the runtime's quoting of a list (the
    // parameters' list a message prints), as that one's else chain (tail-calls.ts). Not the
    // helpers and lifted functions themselves yet: every template would change, and with it the
    // mutants test/fault-injection.test.ts samples. The rules an argument may name are those
    // defined wherever they are read: a read of the input with a default. (A path read is an
    // argument only of the input itself: tail-calls.ts isPathRead.)
    const totalRules = new Set(["gkc_input_parameters", ...folded.shared.filter(([, term]) => term.startsWith("object.get(input, [") && isAtomicTerm(term)).map(([name]) => name)]);
    const quoting = library.filter((source) => /^gkc_quoted_(array|join)\(/.test(source));
    shared.splice(0, shared.length, ...inlineTailCalls(shared, [...helpers, ...lifted, ...quoting], totalRules));
    // A message printing several values through functions, as one function (message-functions.ts).
    const taken = definedNames([...rules, ...helpers, ...shared, ...lifted, ...library]);
    const messages = messageFunctions(rules, [...helpers, ...lifted, ...library], taken);
    rules.splice(0, rules.length, ...messages.rules);
    lifted.push(...messages.functions);
    // A function's value printing several values through functions, with a variant of their
    // first branches before it (message-functions.ts valueVariants).
    const callees = [...helpers, ...lifted, ...library];
    helpers.splice(0, helpers.length, ...valueVariants(helpers, callees));
  }
  if (scope.optimize) {
    // A type test of a lifted read of the inventory is the test of the reference (inventory-type-tests.ts);
    // a read nothing else calls is then left unreached.
    const reads = inventoryReads(lifted);
    for (const texts of [rules, helpers, shared, lifted]) texts.splice(0, texts.length, ...texts.map((text) => inventoryTypeTests(text, reads)));
    // A shared rule of a cheap term, written into the lines that read it where the rule costs
    // more (cheap-shared-rules.ts). Only shared rules go; the others keep their places.
    const functions = definedNames([...rules, ...helpers, ...shared, ...lifted, ...library]);
    const written = writeInCheapSharedRules([...rules, ...helpers, ...lifted, ...shared], functions);
    const fixed = rules.length + helpers.length + lifted.length;
    rules.splice(0, rules.length, ...written.slice(0, rules.length));
    helpers.splice(0, helpers.length, ...written.slice(rules.length, rules.length + helpers.length));
    lifted.splice(0, lifted.length, ...written.slice(rules.length + helpers.length, fixed));
    shared.splice(0, shared.length, ...written.slice(fixed));
  }
  // Only what the rules reach: the optimizer leaves some helpers, shared rules and runtime
  // functions unused (a members-style helper iterated natively), and dead code would only cost
  // the reader, and mutants no input can kill.
  const reached = reachable(rules, [...helpers, ...shared, ...lifted, ...library]);
  // Rego v1 syntax (the template declares `version: v1`). No `import rego.v1`: Gatekeeper's
  // rewriter refuses it, and in v1 it would be a no-op.
  // A type test of a path read of the input is the test of the reference (type-test-references.ts),
  // a read its branch needs defined is the reference (defined-reads.ts), and a presence test of
  // JSON is a unification (presence-tests.ts). Then a test that a reference into the inventory's
  // dictionaries reads nothing is its negation (inventory-absence.ts), and a violation's test of
  // the type of a member every admitted object has goes last (admitted-shape-tests.ts).
  // Package rules holding a read of the input, which a body or comprehension that proves the
  // reference defined reads as the reference (defined-reads.ts, comprehension-reads.ts).
  const inputReads = shared.flatMap((definition) => {
    const [, name, term] = /^(gkc_shared_\d+) := (.*)$/s.exec(definition) ?? [];
    const read = term === undefined ? undefined : inputRead(term);
    return name !== undefined && read !== undefined ? [{ name, keys: read.keys.map((key) => JSON.parse(key) as string), fallback: read.fallback }] : [];
  });
  const sharedReads = new Map(inputReads.map((read) => [read.name, read.keys] as const));
  // As the other passes leave it: `object.get(input, …)` read as the reference its test needs.
  const arrays = shared.flatMap((definition) => {
    const read = definedReads(typeTestReferences(definition), sharedReads);
    const [, name, reference] = /^(gkc_shared_\d+) := (input(?:\.[A-Za-z_][A-Za-z0-9_]*)+) if \{\n\tis_array\(\2\)\n\} else := \[\]$/.exec(read) ?? [];
    return name !== undefined && reference !== undefined ? [[name, { reference, fallback: "[]", array: true }] as [string, SharedRead]] : [];
  });
  const comprehended = new Map([
    ...inputReads.map((read): [string, SharedRead] => [read.name, { reference: `input${read.keys.map(pathSegment).join("")}`, fallback: read.fallback }]),
    ...arrays,
  ]);
  const referenced = (definition: string) =>
    scope.optimize ? admittedShapeTestsLast(inventoryAbsence(presenceTests(comprehensionReads(definedReads(typeTestReferences(definition), sharedReads), comprehended)))) : definition;
  const definitions = [...rules, ...[...helpers, ...shared, ...lifted].filter((d) => reached.has(d))].map(referenced);
  // A shared rule those passes leave read once is written into its reader (cheap-shared-rules.ts;
  // read once, it always costs more than its term, so no function names for the cost model).
  const sections = [
    `# Generated by gkc from ${options.sourceLabel}. Do not edit: change the TypeScript and run gkc build.\npackage ${options.packageName}`,
    ...(scope.optimize ? writeInCheapSharedRules(definitions, new Set(), { readOnce: true }) : definitions),
    "# gkc runtime: JavaScript semantics over Rego values; set() stands for undefined.",
    ...library.filter((d) => reached.has(d)),
  ];
  return { text: `${sections.join("\n\n")}\n`, calls: scope.calls };
}

/** Each helper's result kinds, and its arrays' element kinds, computed on demand (a helper may call helpers defined after it). */
function helperKindsOf(program: Program, scope: EmitScope): HelperKinds {
  const memo = (compute: (helper: HelperFunction) => number) => {
    const known = new Map<string, number>();
    return (name: string): number => {
      const cached = known.get(name);
      if (cached !== undefined) return cached;
      const helper = program.helpers.find((h) => h.name === name);
      // ANY while in progress, so (unsupported) recursion cannot loop here.
      known.set(name, ANY);
      const kinds = helper ? compute(helper) : ANY;
      known.set(name, kinds);
      return kinds;
    };
  };
  return Object.assign(memo((helper) => helperResultKinds(helper, scope)), { elements: memo((helper) => helperResultElementKinds(helper, scope)) });
}

/** The helper with the inventory in place of the parameters at `indexes` (named after them). */
function specialiseToInventory(helper: HelperFunction | undefined, indexes: readonly number[]): HelperFunction | undefined {
  if (helper === undefined || indexes.some((i) => i >= helper.params.length)) return undefined;
  const replaced = new Set(indexes.map((i) => helper.params[i]!));
  const values = new Map<string, Expr>([...replaced].map((p) => [p, { kind: "input", field: "inventory" }]));
  const body = substituteStatements(helper.body, values);
  if (body === undefined) return undefined;
  return { name: `${helper.name}_inventory${indexes.join("_")}`, params: helper.params.filter((p) => !replaced.has(p)), body };
}

/** Statements with locals replaced; undefined where a statement binds one of them again. */
function substituteStatements(statements: readonly Stmt[], values: ReadonlyMap<string, Expr>): Stmt[] | undefined {
  const out: Stmt[] = [];
  for (const s of statements) {
    switch (s.kind) {
      case "const":
        if (values.has(s.name)) return undefined;
        out.push({ ...s, value: substitute(s.value, values) });
        break;
      case "if": {
        const then = substituteStatements(s.then, values);
        const otherwise = substituteStatements(s.otherwise, values);
        if (then === undefined || otherwise === undefined) return undefined;
        out.push({ ...s, test: substitute(s.test, values), then, otherwise });
        break;
      }
      case "forOf": {
        const names = s.binding.kind === "name" ? [s.binding.name] : [s.binding.key, s.binding.value];
        if (names.some((n) => n !== undefined && values.has(n))) return undefined;
        const body = substituteStatements(s.body, values);
        if (body === undefined) return undefined;
        out.push({ ...s, iterable: substitute(s.iterable, values), body });
        break;
      }
      case "return":
        out.push(s.value === undefined ? s : { ...s, value: substitute(s.value, values) });
        break;
      case "yield":
        out.push({ ...s, value: substitute(s.value, values) });
        break;
      default:
        out.push(s);
    }
  }
  return out;
}

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hasComprehension(term: string): boolean {
  return splitLiterals(term).some((part, i) => i % 2 === 0 && part.includes("|"));
}

/**
 * The shared rules with those that cost more than they save folded away: Gatekeeper pays an
 * evaluation for every rule a review reaches. A rule that only names another rule (or a lifted
 * constant) is replaced by that name, and a rule read once, by another shared rule, is written
 * into it when its term needs no parentheses: that rule is evaluated at most once per review as
 * well. So is a violation rule's body line before the body iterates, so a rule read once there
 * is written into that line too (violationLineReading). The rest are numbered again in order.
 * `texts` (rules, helpers, lifted functions) read the new names.
 */
export function foldSharedRules(
  entries: readonly (readonly [string, string])[],
  texts: readonly string[],
  booleanHelpers: ReadonlySet<string> = new Set(),
  equalityTests = false,
): { shared: [string, string][]; texts: string[] } {
  let shared = entries.map(([name, term]) => [name, term] as [string, string]);
  let bodies = [...texts];
  for (;;) {
    const uses = (name: string) => {
      const inShared = shared.reduce((n, [other, term]) => n + (other === name ? 0 : countIdentifier(term, name)), 0);
      return { inShared, inTexts: bodies.reduce((n, text) => n + countIdentifier(text, name), 0) };
    };
    const intoBody = violationLineFold(shared, bodies, uses, booleanHelpers);
    if (intoBody !== undefined) {
      shared = shared.filter(([name]) => name !== intoBody.name);
      bodies = bodies.map((text, i) => (i === intoBody.index ? intoBody.text : text));
      continue;
    }
    const foldable = shared.find(([name, term]) => {
      if (ALIAS.test(term)) return true;
      const { inShared, inTexts } = uses(name);
      if (inTexts !== 0 || inShared !== 1 || !isAtomicTerm(term)) return false;
      // A comprehension written into another could meet a local of the same name there.
      const reader = shared.find(([other, value]) => other !== name && countIdentifier(value, name) > 0);
      return !(hasComprehension(term) && reader !== undefined && hasComprehension(reader[1]));
    });
    if (foldable === undefined) break;
    const [name, term] = foldable;
    shared = shared.filter((entry) => entry !== foldable).map(([other, value]) => [other, replaceIdentifier(value, name, term)]);
    bodies = bodies.map((text) => replaceIdentifier(text, name, term));
  }
  if (equalityTests) {
    // A comparison of an input read with a literal, tested by a line, as the reference's (equality-tests.ts).
    const equalities = inputEqualityTests(shared, bodies);
    bodies = equalities.texts;
    const read = (name: string) => bodies.some((text) => readsIdentifier(text, name)) || shared.some(([other, term]) => other !== name && readsIdentifier(term, name));
    shared = shared.filter(([name]) => !equalities.rewritten.has(name) || read(name));
  }
  const renamed = new Map(shared.map(([name], index) => [name, `gkc_shared_${index + 1}`]));
  return { shared: shared.map(([name, term]) => [renamed.get(name)!, renameShared(term, renamed)]), texts: bodies.map((text) => renameShared(text, renamed)) };
}

/** The first shared rule that a single violation line alone reads and can take in (violationLineReading), with the rule's new text. */
function violationLineFold(
  shared: readonly (readonly [string, string])[],
  bodies: readonly string[],
  uses: (name: string) => { inShared: number; inTexts: number },
  booleanHelpers: ReadonlySet<string>,
): { name: string; index: number; text: string } | undefined {
  for (const [name, term] of shared) {
    const { inShared, inTexts } = uses(name);
    if (inShared !== 0 || inTexts !== 1) continue;
    const index = bodies.findIndex((text) => readsIdentifier(text, name));
    const text = violationLineReading(bodies[index]!, name, term, booleanHelpers);
    if (text !== undefined) return { name, index, text };
  }
  return undefined;
}

/** Locals a term declares (`some x in`, `some k, v in`, `x :=`): its comprehensions' own. */
function declaredLocals(term: string): Set<string> {
  const code = blankLiterals(term);
  const names = new Set<string>();
  for (const [, list] of code.matchAll(/\bsome\s+([A-Za-z0-9_,\s[\]]+?)\s+in\b/g)) for (const [name] of list!.matchAll(IDENTIFIERS)) names.add(name);
  for (const [, name] of code.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*:=/g)) names.add(name!);
  return names;
}

/**
 * A violation rule's text with `term` written where its one line reads the shared rule `name`,
 * or undefined where that could change what the rule means or costs: the line is the head, comes
 * after the body begins to iterate (it would run once per element, where the rule ran once), or
 * reads it in a comprehension (the same) or under a `not` (OPA evaluates a call's rule and input
 * arguments outside the `not`, so an undefined one would fail the body where `not name` held);
 * the term needs parentheses where the line does not read it whole; or a local the term declares
 * is a name the rule uses.
 */
function violationLineReading(text: string, name: string, term: string, booleanHelpers: ReadonlySet<string>): string | undefined {
  const lines = text.split("\n");
  const head = lines.findIndex((line) => line.startsWith("violation contains "));
  if (head < 0) return undefined;
  const at = lines.findIndex((line) => readsIdentifier(line, name));
  if (at <= head || !lines[at]!.startsWith("\t")) return undefined;
  const line = lines[at]!.slice(1);
  if (lines.slice(head + 1, at).some((l) => l.startsWith("\tsome "))) return undefined;
  // Nor under a `not` or in a comprehension anywhere in the line (per element, it would run again).
  const code = blankLiterals(line);
  if (/\bnot\s/.test(code) || code.includes("|")) return undefined;
  // A boolean rule tested as `name == true` (README rule 17) is read whole, the term alone being
  // the test: OPA evaluates a call with fewer allocations than its comparison. Only a term that is
  // a boolean: `(x ?? true) === true` compares a rule that may hold anything, which the term alone
  // would test only for not being false. A call of a helper whose every value is a boolean is one
  // too; bare, it leaves the helper only tested (test-helpers.ts), defined where it is true.
  const whole = line === name || (line === `${name} == true` && isBooleanTerm(term, booleanHelpers));
  if (!whole && !isAtomicTerm(term)) return undefined;
  if ([...declaredLocals(term)].some((local) => readsIdentifier(text, local))) return undefined;
  lines[at] = `\t${whole ? term : replaceIdentifier(line, name, term)}`;
  return lines.join("\n");
}

const DEFINED_NAME = /^(?:#[^\n]*\n)*([A-Za-z_][A-Za-z0-9_]*)/;
const IDENTIFIERS = /[A-Za-z_][A-Za-z0-9_]*/g;

/** The definitions that `roots` name, directly or through other reached definitions. */
function reachable(roots: readonly string[], definitions: readonly string[]): Set<string> {
  const byName = new Map<string, string[]>();
  for (const definition of definitions) {
    const name = DEFINED_NAME.exec(definition)?.[1];
    if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), definition]);
  }
  const reached = new Set<string>();
  const pending = [...roots];
  const seen = new Set<string>();
  while (pending.length) {
    // Outside string literals a `#` starts a comment, which may name a helper (`# policies/allowed-repos.ts:38`).
    const text = blankLiterals(pending.pop()!).replace(/#.*$/gm, "");
    for (const [name] of text.matchAll(IDENTIFIERS)) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const definition of byName.get(name) ?? []) {
        reached.add(definition);
        pending.push(definition);
      }
    }
  }
  return reached;
}
