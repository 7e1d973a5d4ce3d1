// One predicate → the source of Gatekeeper's K8sNativeValidation engine, or why it has none.
//
// What Gatekeeper v3.23 gives CEL (pkg/drivers/k8scel; k8s.io/apiserver v0.36 validating policy):
// - The source holds `variables`, `validations` (`expression`, `message`, `messageExpression`),
//   `matchCondition` and `failurePolicy` (Fail when absent: an evaluation error denies).
// - Variables: `object`, `oldObject`, `request` (the admission request, a typed object), `params`
//   (the Constraint), and `variables.params` (the Constraint's spec.parameters, or null) and
//   `variables.anyObject` (the object, or the old object on DELETE), both bound by Gatekeeper
//   before the template's own variables, which may read them; `params` and `anyObject` are
//   reserved names.
// - The environment is Kubernetes' base CEL environment at its default compatibility version
//   (1.35 for these libraries): strings ext v2 (join, substring, ...), Kubernetes' lists (sum,
//   indexOf, ...), regex (find, findAll), quantity, URLs, IP/CIDR, format, semver, sets ext,
//   lists ext v3 (flatten, distinct, sort, range), optional types, two-variable comprehensions,
//   heterogeneous equality and cross-type numeric comparison; no cel.bind, no math ext.
// - Cost: each evaluation has a budget of 1,000,000 cost units (celconfig.PerCallLimit) shared by
//   the validations and the message expressions; exceeding it is an evaluation error (a denial).
// - A message is trimmed of white space (Go's strings.TrimSpace); one with a newline, or longer
//   than 5 KiB, is replaced by the validation's `message`.
// - gator registers the CEL driver before the Rego driver, so a template whose code holds both
//   engines is evaluated by CEL in gator (and in Gatekeeper where CEL is enabled).
//
// Messages. A TypeScript predicate may yield many messages from one `yield`; a validation gives
// one. Each `yield` of the predicate is one validation: it fails when that yield produces at least
// one message, and its message is the set of messages that yield produces for the object (as
// Gatekeeper's Rego collects them), sorted by code point and joined by "; "
// (verify/cel.ts expectedCelMessages is the correspondence as a function). A set, not the
// TypeScript's order: CEL iterates a map's keys in no defined order, and Rego in sorted order.
// A yield outside every loop whose message reads only variables gives that message directly
// (directMessage): Kubernetes computes every message expression on every review.
import type { Program } from "../../ir.js";
import type { JsonSchema } from "../../schema.js";
import { CelScope, PARAMETERS_VARIABLE, stringOf, type Cel } from "./expressions.js";
import { Hoisted } from "./hoist.js";
import { dropUnread, inlineSingleReads, readingStringsDirectly, stringFastPaths } from "./inline.js";
import { collapseDyn, scanIdentifiers } from "./scan.js";
import { siteMessages, yieldsInLoop } from "./messages.js";
import { yieldsOf } from "../../ir-tools.js";
import { isCheap, isStringLiteral, type Names } from "./values.js";
import { CelRefusal } from "./refusal.js";
import { fallbackMessage, MESSAGE_SEPARATOR } from "../../cel-messages.js";

export interface CelVariable {
  readonly name: string;
  readonly expression: string;
}

export interface CelValidation {
  readonly expression: string;
  readonly messageExpression: string;
  readonly message: string;
}

/** The `source` of a K8sNativeValidation code entry. */
export interface CelSource {
  readonly failurePolicy: "Fail";
  readonly variables: readonly CelVariable[];
  readonly validations: readonly CelValidation[];
}

/** Why a predicate has no CEL: the construct, and the line of the yield whose validation needed it. */
export interface CelRefused {
  readonly construct: string;
  readonly reason: string;
  /** `file:line` of the yield being compiled when the construct was met. */
  readonly at: string;
}

export type CelResult = { readonly source: CelSource } | { readonly refused: CelRefused };

export { fallbackMessage, MESSAGE_SEPARATOR } from "../../cel-messages.js";

/**
 * The most CEL one template carries, gkc's own bound. Kubernetes bounds no template's CEL as a
 * whole (only the object: 3 MiB a request, celconfig.MaxRequestSizeBytes, and what etcd stores)
 * and each expression by cel-go's parser (MAX_EXPRESSION_CODE_POINTS); what a large form costs is
 * its evaluation, within Gatekeeper's budget of 1,000,000 cost units per evaluation, which the
 * tests meet on every input. 128 KiB leaves room above the largest template gkc emits today (78 KiB).
 */
export const MAX_CEL_BYTES = 128 * 1024;

/** cel-go's parser refuses an expression longer than this many code points (parser.go, the default Kubernetes keeps). */
export const MAX_EXPRESSION_CODE_POINTS = 100_000;

/** The longest variable folded into up to three readers (rule 27): about a member read and its guard. */
const CHEAP_VARIABLE_LENGTH = 130;

export function siteVariable(line: number): string {
  return `gkc_yield_${line}`;
}

export function emitCelSource(program: Program, options: { readonly kind: string; readonly sourceLabel: string; readonly maxBytes?: number; readonly parameters?: JsonSchema }): CelResult {
  const lines = yieldsOf(program.body).map((y) => y.line);
  const duplicate = lines.find((line, i) => lines.indexOf(line) !== i);
  if (duplicate !== undefined) {
    return { refused: { construct: "two yields on one line", reason: "each yield is one CEL validation, named by its line", at: `${options.sourceLabel}:${duplicate}` } };
  }
  // With and without values computed per element (elements.ts): the smaller. Both mean the same;
  // per element shares a loop's values among the yields, inline keeps the facts of the branches.
  const inline = emitSites(program, options, lines, false);
  if ("refused" in inline) return inline;
  const perElement = emitSites(program, options, lines, true);
  const [source, size] = "refused" in perElement || perElement[1] >= inline[1] ? inline : perElement;
  if (size > (options.maxBytes ?? MAX_CEL_BYTES)) {
    // Located at the yield whose messages take the most CEL.
    const length = (line: number): number => source.variables.find((v) => v.name === siteVariable(line))!.expression.length;
    const largest = lines.reduce((a, b) => (length(b) > length(a) ? b : a));
    return { refused: { construct: `CEL of ${Math.ceil(size / 1024)} KiB`, reason: `over the ${(options.maxBytes ?? MAX_CEL_BYTES) / 1024} KiB gkc allows a template (its total forms grow with nested helpers and loops)`, at: `${options.sourceLabel}:${largest}` } };
  }
  const long = source.variables.find((v) => [...v.expression].length > MAX_EXPRESSION_CODE_POINTS);
  if (long) {
    const line = lines.find((l) => siteVariable(l) === long.name) ?? lines[0]!;
    return { refused: { construct: `a CEL expression of ${[...long.expression].length} characters (variables.${long.name})`, reason: `over the ${MAX_EXPRESSION_CODE_POINTS} cel-go's parser accepts`, at: `${options.sourceLabel}:${line}` } };
  }
  return { source };
}

/** One emission of a site's message: its CEL, and whether it reads only what any activation has (closed). */
interface EmittedMessage {
  readonly text: string;
  readonly closed: boolean;
}

/**
 * The message of a site that yields at most one message (no loop around it), as an expression
 * of its own, where its CEL reads nothing the path to it binds: the variables, which both of
 * Kubernetes' activations compute alike. Kubernetes evaluates every messageExpression on every
 * review, in an activation of its own whose variables start empty (k8s.io/apiserver validating
 * validator.go, cel composition.go), so `variables.<site>.join()` computes the site's tests a
 * second time on each review, where the message alone costs the printing of a few values. When
 * the validation fails the site yielded, so its tests held and the message is the one it
 * yielded; when the validation passes Kubernetes reads no message (an error in it is ignored).
 */
function directMessage(program: Program, line: number, emitted: readonly EmittedMessage[]): string | undefined {
  if (yieldsInLoop(program.body, line) || emitted.length === 0) return undefined;
  const [first] = emitted;
  if (!emitted.every((e) => e.closed && e.text === first!.text)) return undefined;
  // Kubernetes compiles a messageExpression only if its type is string: a `dyn` value (a
  // variable, a dispatch on types) is one, at run time, but not to the checker.
  return isStringLiteral(first!.text) ? first!.text : `string(${first!.text})`;
}

/** Whether `text` reads an identifier the emission bound before `mark` (one the path to the message bound). */
function readsBoundBefore(text: string, names: Names, mark: number): boolean {
  let found = false;
  scanIdentifiers(text, (name) => {
    found ||= names.boundBefore(name, mark);
  });
  return found;
}

/** The source (and its size in bytes) with one validation per yield, or the construct that has no CEL. */
function emitSites(program: Program, options: { readonly kind: string; readonly sourceLabel: string; readonly parameters?: JsonSchema }, lines: readonly number[], perElement: boolean): readonly [CelSource, number] | { readonly refused: CelRefused } {
  const variables: CelVariable[] = [
    // The Rego's parameters: the Constraint's, or {} when it has none (null).
    { name: PARAMETERS_VARIABLE, expression: `variables.params == null ? dyn({}) : variables.params` },
  ];
  const validations: CelValidation[] = [];
  const sites: CelVariable[] = [];
  const hoisted = new Hoisted<Cel>(perElement, options.parameters);
  for (const line of lines) {
    try {
      const scope = new CelScope(program.helpers, hoisted);
      const emitted: EmittedMessage[] = [];
      const messages = siteMessages(program.body, line, scope, (value, at) => {
        const mark = at.names.mark();
        const text = stringOf(value, at);
        emitted.push({ text, closed: !readsBoundBefore(text, at.names, mark) });
        return text;
      });
      const name = siteVariable(line);
      sites.push({ name, expression: messages });
      validations.push({
        expression: `size(variables.${name}) == 0`,
        messageExpression: directMessage(program, line, emitted) ?? `variables.${name}.distinct().sort().join(${JSON.stringify(MESSAGE_SEPARATOR)})`,
        message: fallbackMessage(options.kind, options.sourceLabel, line),
      });
    } catch (error) {
      if (error instanceof CelRefusal) return { refused: { construct: error.construct, reason: error.reason, at: `${options.sourceLabel}:${line}` } };
      throw error;
    }
  }
  // The hoisted variables first: a site's variable reads them, and each reads only earlier ones.
  variables.push(...hoisted.variables, ...sites);
  const ours = (name: string): boolean => /^gkc_[ve]\d+$/.test(name) || name === PARAMETERS_VARIABLE;
  const folded = inlineSingleReads(
    variables,
    validations.flatMap((v) => [v.expression, v.messageExpression]),
    ours,
    MAX_EXPRESSION_CODE_POINTS,
    (expression) => isCheap(expression, CHEAP_VARIABLE_LENGTH),
  );
  const read = dropUnread(folded.variables, folded.others, ours);
  const kept = read.map((v) => ({ name: v.name, expression: collapseDyn(v.expression) }));
  const printed = stringFastPaths(kept);
  const checks = validations.map((v, i) => ({
    ...v,
    expression: collapseDyn(folded.others[2 * i]!),
    messageExpression: readingStringsDirectly(collapseDyn(folded.others[2 * i + 1]!), printed),
  }));
  const size = [...kept, ...checks].reduce((n, v) => n + Buffer.byteLength(JSON.stringify(v)), 0);
  return [{ failurePolicy: "Fail", variables: kept, validations: checks }, size];
}
