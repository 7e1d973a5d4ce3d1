// Systematic mutants of a template's CEL, for the CEL fault-injection test: the template with one
// small change at one site of one variable's expression (a flipped comparison, a swapped
// connective, a dropped `!`, a flipped boolean, an integer plus one, a compared string constant
// replaced by another of the template's), the kind of slip a bug in compiler/emit/cel/ would make.
// Sites are the template's own variables (`gkc_v<n>`, `gkc_yield_<line>`, `gkc_cond…`), not the
// fixed skeleton (the parameters' default, the validations' `size(...) == 0`) or the message
// texts, nor the number printer (compiler/emit/cel/values.ts scalarPrinted, inlined wherever a
// message interpolates a number), which test/cel-semantics.test.ts checks value by value at
// every one of its boundaries. Chosen deterministically, as test/support/mutants.ts chooses Rego mutants: every site of
// every operator in order, a bounded number per template, round-robin over the operators and
// spread evenly over each operator's sites.

export type CelOperator = "relational" | "connective" | "drop-not" | "boolean" | "number" | "string-constant";

export const CEL_OPERATORS: readonly CelOperator[] = ["relational", "connective", "drop-not", "string-constant", "boolean", "number"];

export interface CelMutant {
  readonly operator: CelOperator;
  /** The variable whose expression changed. */
  readonly variable: string;
  /** The changed text, a few characters either side. */
  readonly before: string;
  readonly after: string;
  /** The whole template, mutated. */
  readonly template: Record<string, unknown>;
}

export function describeCelMutant(m: Pick<CelMutant, "operator" | "variable" | "before" | "after">): string {
  return `${m.operator} ${m.variable}: ${m.before}  ⇒  ${m.after}`;
}

interface Variable {
  name: string;
  expression: string;
}

interface CelSourceShape {
  variables?: Variable[];
}

/** The K8sNativeValidation source of a parsed template (mutable: it is a clone's). */
function celSource(template: Record<string, unknown>): CelSourceShape {
  const targets = (template as { spec: { targets: { code: { engine: string; source: CelSourceShape }[] }[] } }).spec.targets;
  const code = targets[0]?.code.find((c) => c.engine === "K8sNativeValidation");
  if (!code) throw new Error("the template has no K8sNativeValidation code");
  return code.source;
}

/** For each character of a CEL expression: code (true) or inside a string or bytes literal (false). */
function codeMask(text: string): boolean[] {
  const mask: boolean[] = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined) {
      if (c === '"' || c === "'") {
        quote = c;
        mask.push(false);
      } else mask.push(true);
    } else {
      mask.push(false);
      if (c === "\\") {
        mask.push(false);
        i++;
      } else if (c === quote) quote = undefined;
    }
  }
  return mask;
}

interface Literal {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** String literals (not bytes: `b""` is gkc's undefined) that are compared, tested with `in` or used as an index: not message text. */
function comparedLiterals(text: string, mask: readonly boolean[]): Literal[] {
  const out: Literal[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!mask[i] && (i === 0 || mask[i - 1]) && (text[i] === '"' || text[i] === "'")) {
      // The literal runs until code resumes (a closing quote is not code either).
      let end = i + 1;
      while (end < text.length && !mask[end]) end++;
      if (text[i - 1] === "b") continue;
      const before = text.slice(0, i).trimEnd();
      const after = text.slice(end).trimStart();
      const compared = /(==|!=)$/.test(before) || /^(==|!=|in\b)/.test(after) || (/[\w)\]]\[$/.test(before) && after.startsWith("]"));
      if (compared) out.push({ start: i, end, text: text.slice(i, end) });
      i = end - 1;
    }
  }
  return out;
}

interface Site {
  readonly operator: CelOperator;
  readonly variable: number;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

const RELATIONAL: Readonly<Record<string, string>> = { "==": "!=", "!=": "==", "<": "<=", "<=": "<", ">": ">=", ">=": ">" };

/** Where the number printer is inlined: from its `(type(v) == int && (v >= -2^53` to its closing parenthesis. */
function printerRanges(text: string, mask: readonly boolean[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const m of text.matchAll(/\(type\(([^()]+)\) == int && \(\1 >= -9007199254740992 && \1 <= 9007199254740992\)/g)) {
    let depth = 0;
    let end = m.index!;
    for (; end < text.length; end++) {
      if (!mask[end]) continue;
      if (text[end] === "(") depth++;
      else if (text[end] === ")" && --depth === 0) break;
    }
    ranges.push([m.index!, end + 1]);
  }
  return ranges;
}

function sitesOf(variable: number, text: string, constants: readonly string[]): Site[] {
  const mask = codeMask(text);
  const printer = printerRanges(text, mask);
  const code = [...text].map((c, i) => (mask[i] ? c : " ")).join("");
  const sites: Site[] = [];
  const add = (operator: CelOperator, start: number, end: number, replacement: string) => sites.push({ operator, variable, start, end, replacement });
  for (const m of code.matchAll(/(==|!=|<=|>=|<|>)(?!=)/g)) {
    if (m[1] === "<" || m[1] === ">" ? /[=!<>]$/.test(code.slice(0, m.index)) : false) continue;
    add("relational", m.index!, m.index! + m[1]!.length, RELATIONAL[m[1]!]!);
  }
  for (const m of code.matchAll(/&&|\|\|/g)) add("connective", m.index!, m.index! + 2, m[0] === "&&" ? "||" : "&&");
  for (const m of code.matchAll(/!(?!=)/g)) add("drop-not", m.index!, m.index! + 1, "");
  for (const m of code.matchAll(/\b(true|false)\b/g)) add("boolean", m.index!, m.index! + m[1]!.length, m[1] === "true" ? "false" : "true");
  for (const m of code.matchAll(/(?<![\w.])(\d+)(?![\w.])/g)) add("number", m.index!, m.index! + m[1]!.length, String(Number(m[1]) + 1));
  for (const literal of comparedLiterals(text, mask)) {
    const others = constants.filter((c) => c !== literal.text);
    if (others.length) add("string-constant", literal.start, literal.end, others.find((c) => c > literal.text) ?? others[0]!);
  }
  return sites.filter((site) => !printer.some(([from, to]) => site.start >= from && site.end <= to));
}

/** Variables that are the template's own logic (not the parameters' default). */
const MUTABLE = /^gkc_(?!parameters$)/;

/** Up to `limit` mutants of the template's CEL, chosen deterministically. */
export function selectCelMutants(template: Record<string, unknown>, limit: number): CelMutant[] {
  const variables = celSource(template).variables ?? [];
  const constants = new Set<string>();
  for (const v of variables) {
    if (!MUTABLE.test(v.name)) continue;
    for (const l of comparedLiterals(v.expression, codeMask(v.expression))) constants.add(l.text);
  }
  const sorted = [...constants].sort();
  const byOperator = new Map<CelOperator, Site[]>();
  variables.forEach((v, i) => {
    if (!MUTABLE.test(v.name)) return;
    for (const site of sitesOf(i, v.expression, sorted)) byOperator.set(site.operator, [...(byOperator.get(site.operator) ?? []), site]);
  });
  // How many of each operator: round-robin while any has sites left.
  const quota = new Map<CelOperator, number>();
  for (let picked = 0, progress = true; picked < limit && progress; ) {
    progress = false;
    for (const op of CEL_OPERATORS) {
      if (picked >= limit) break;
      if ((quota.get(op) ?? 0) < (byOperator.get(op)?.length ?? 0)) {
        quota.set(op, (quota.get(op) ?? 0) + 1);
        picked++;
        progress = true;
      }
    }
  }
  const mutants: CelMutant[] = [];
  for (const op of CEL_OPERATORS) {
    const sites = byOperator.get(op) ?? [];
    const n = quota.get(op) ?? 0;
    for (let k = 0; k < n; k++) {
      const site = sites[Math.floor(((k + 0.5) * sites.length) / n)]!;
      const copy = structuredClone(template);
      const variable = celSource(copy).variables![site.variable]!;
      const text = variable.expression;
      variable.expression = text.slice(0, site.start) + site.replacement + text.slice(site.end);
      const from = Math.max(0, site.start - 20);
      mutants.push({
        operator: op,
        variable: variable.name,
        before: text.slice(from, site.end + 20),
        after: variable.expression.slice(from, site.start + site.replacement.length + 20),
        template: copy,
      });
    }
  }
  return mutants;
}

/** The template under another kind (its CRD's and its name), so that many mutants load side by side. */
export function renameKind(template: Record<string, unknown>, kind: string): Record<string, unknown> {
  const copy = structuredClone(template) as { metadata: { name: string }; spec: { crd: { spec: { names: { kind: string } } } } };
  copy.metadata.name = kind.toLowerCase();
  copy.spec.crd.spec.names.kind = kind;
  return copy as unknown as Record<string, unknown>;
}
