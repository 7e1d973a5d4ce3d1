// Systematic mutants of a compiled template's Rego, for the fault-injection test: each mutant is the
// shipped Rego with one small change at one site (a flipped comparison, a dropped or added `not`, a
// removed condition, a swapped connective, a changed constant), the kind of slip a compiler bug or
// a hand edit would make. Mutation sites are the policy's own rules (the `violation` rules and the
// policy's functions), not the shared gkc runtime after the "# gkc runtime:" marker, which
// test/semantics.test.ts and test/sdk.test.ts exercise directly.
//
// Mutants are chosen deterministically (no seed): every site of every operator is enumerated in
// source order, and a bounded number per policy is picked round-robin over the operators, spread
// evenly over each operator's sites. The same Rego always gives the same mutants.

export type Operator =
  | "relational" // one `==`/`!=`/`<`/`<=`/`>`/`>=` replaced (== ↔ !=, < ↔ <=, > ↔ >=)
  | "drop-not" // a negated condition loses its `not`
  | "add-not" // a condition gains a `not`
  | "remove-condition" // a condition line deleted from a rule body (of two or more statements)
  | "string-constant" // a string constant outside a message replaced by the policy's next one (sorted), e.g. "name" → "namespace"
  | "connective" // one gkc_and ↔ gkc_or, gkc_not(x) → gkc_truthy(x), gkc_gt ↔ gkc_gte, gkc_lt ↔ gkc_lte
  | "boolean" // true ↔ false
  | "number"; // an integer constant n → n + 1

/** Round-robin order: the operators most likely to matter first. */
export const OPERATORS: readonly Operator[] = ["relational", "drop-not", "add-not", "remove-condition", "string-constant", "connective", "boolean", "number"];

export interface Mutant {
  readonly operator: Operator;
  /** 1-based line in the Rego. */
  readonly line: number;
  /** The line before and after (trimmed); `after` is "" for a removed line. */
  readonly before: string;
  readonly after: string;
  /** The whole mutated Rego. */
  readonly rego: string;
}

/** A readable, stable description: operator and the change of the line. */
export function describeMutant(m: Pick<Mutant, "operator" | "line" | "before" | "after">): string {
  return `${m.operator} L${m.line}: ${m.before}  ⇒  ${m.after || "(removed)"}`;
}

const RUNTIME_MARKER = "# gkc runtime:";

/** For each character of a line, whether it is code (true) or inside a string literal (false). */
function codeMask(line: string): boolean[] {
  const mask: boolean[] = [];
  let quote: '"' | "`" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === undefined) {
      if (c === '"' || c === "`") {
        quote = c;
        mask.push(false);
      } else {
        if (c === "#") {
          // A comment: the rest of the line is not code.
          while (mask.length < line.length) mask.push(false);
          return mask;
        }
        mask.push(true);
      }
    } else {
      mask.push(false);
      if (quote === '"' && c === "\\") {
        mask.push(false);
        i++;
      } else if (c === quote) {
        quote = undefined;
      }
    }
  }
  return mask;
}

/** The line with every string literal's content replaced by spaces (positions kept). */
function codeOnly(line: string): string {
  const mask = codeMask(line);
  return [...line].map((c, i) => (mask[i] || c === '"' || c === "`" ? c : " ")).join("");
}

interface StringLiteral {
  readonly start: number; // index of the opening quote
  readonly end: number; // index after the closing quote
  readonly value: string; // the literal as written, quotes included
}

function stringLiterals(line: string): StringLiteral[] {
  const out: StringLiteral[] = [];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "#") break;
    if (c !== '"' && c !== "`") continue;
    let j = i + 1;
    while (j < line.length && line[j] !== c) j += c === '"' && line[j] === "\\" ? 2 : 1;
    const end = Math.min(j + 1, line.length);
    out.push({ start: i, end, value: line.slice(i, end) });
    i = end - 1;
  }
  return out;
}

/**
 * The name of the call or the bracket enclosing position `at` in code: the identifier before the
 * innermost unclosed `(` (or "[" / "{" for a bracket or brace), innermost first.
 */
function enclosing(code: string, at: number): { name: string | undefined; open: number }[] {
  const stack: { name: string | undefined; open: number }[] = [];
  for (let i = 0; i < at; i++) {
    const c = code[i]!;
    if (c === "(" || c === "[" || c === "{") {
      const name = c === "(" ? /([\w.]+)\s*$/.exec(code.slice(0, i))?.[1] : c;
      stack.push({ name, open: i });
    } else if (c === ")" || c === "]" || c === "}") {
      stack.pop();
    }
  }
  return stack.reverse();
}

interface Site {
  readonly operator: Operator;
  readonly line: number; // 0-based
  readonly replacement: string | undefined; // undefined: remove the line
}

/** A statement that only tests (no binding, no iteration): what `not` can negate and removal can drop. */
function isCondition(code: string): boolean {
  const text = code.trim();
  return text !== "" && !text.includes(":=") && !/(^|[^=!<>])=($|[^=])/.test(text) && !/^some\s/.test(text) && !/^every\s/.test(text) && !text.includes(" with ");
}

function defines(rego: string, name: string): boolean {
  return new RegExp(`^${name}\\(`, "m").test(rego);
}

const RELATIONAL: Readonly<Record<string, string>> = { "==": "!=", "!=": "==", "<": "<=", "<=": "<", ">": ">=", ">=": ">" };
const CONNECTIVES: Readonly<Record<string, string>> = { gkc_and: "gkc_or", gkc_or: "gkc_and", gkc_gt: "gkc_gte", gkc_gte: "gkc_gt", gkc_lt: "gkc_lte", gkc_lte: "gkc_lt" };

/** String literals of a line that are not message text (a concat's separator or list, or msg := …). */
function conditionLiterals(line: string): StringLiteral[] {
  const code = codeOnly(line);
  if (/^\s*msg\s*:=/.test(code)) return [];
  return stringLiterals(line).filter((literal) => {
    const [inner, outer] = enclosing(code, literal.start);
    return !(inner?.name === "concat" || (inner?.name === "[" && outer?.name === "concat"));
  });
}

/** The constant after `value` among the policy's (sorted, cyclic): a plausible mix-up of two constants. */
function nextConstant(constants: readonly string[], value: string): string {
  const others = constants.filter((c) => c !== value);
  if (!others.length) return `${value.slice(0, -1)}~${value.slice(-1)}`;
  return others.find((c) => c > value) ?? others[0]!;
}

function sitesOfLine(lines: readonly string[], index: number, rego: string, bodySize: number, constants: readonly string[]): Site[] {
  const line = lines[index]!;
  const code = codeOnly(line);
  const indent = /^\s*/.exec(line)![0];
  const statement = line.slice(indent.length);
  const statementCode = code.slice(indent.length);
  const sites: Site[] = [];
  const replaceAt = (start: number, end: number, text: string): string => line.slice(0, start) + text + line.slice(end);

  // relational
  for (const match of code.matchAll(/(?<![:=!<>])(==|!=|<=|>=|<|>)(?![=])/g)) {
    sites.push({ operator: "relational", line: index, replacement: replaceAt(match.index!, match.index! + match[1]!.length, RELATIONAL[match[1]!]!) });
  }
  // drop-not / add-not / remove-condition
  if (isCondition(statementCode)) {
    if (/^not\s/.test(statement)) sites.push({ operator: "drop-not", line: index, replacement: indent + statement.replace(/^not\s+/, "") });
    else sites.push({ operator: "add-not", line: index, replacement: `${indent}not ${statement}` });
    if (bodySize >= 2) sites.push({ operator: "remove-condition", line: index, replacement: undefined });
  }
  // string-constant
  for (const literal of conditionLiterals(line)) {
    sites.push({ operator: "string-constant", line: index, replacement: replaceAt(literal.start, literal.end, nextConstant(constants, literal.value)) });
  }
  // connective
  for (const match of code.matchAll(/\b(gkc_and|gkc_or|gkc_gt|gkc_gte|gkc_lt|gkc_lte|gkc_not)\(/g)) {
    const name = match[1]!;
    const start = match.index!;
    if (name === "gkc_not") {
      if (defines(rego, "gkc_truthy")) sites.push({ operator: "connective", line: index, replacement: replaceAt(start, start + name.length, "gkc_truthy") });
    } else if (defines(rego, CONNECTIVES[name]!)) {
      sites.push({ operator: "connective", line: index, replacement: replaceAt(start, start + name.length, CONNECTIVES[name]!) });
    }
  }
  // boolean
  for (const match of code.matchAll(/\b(true|false)\b/g)) {
    sites.push({ operator: "boolean", line: index, replacement: replaceAt(match.index!, match.index! + match[1]!.length, match[1] === "true" ? "false" : "true") });
  }
  // number
  for (const match of code.matchAll(/(?<![\w.])(\d+)(?![\w.])/g)) {
    sites.push({ operator: "number", line: index, replacement: replaceAt(match.index!, match.index! + match[1]!.length, String(Number(match[1]) + 1)) });
  }
  return sites;
}

/** Every mutation site in the policy's own rules (before the runtime marker), in source order. */
export function mutationSites(rego: string): Mutant[] {
  const lines = rego.split("\n");
  const runtimeAt = lines.findIndex((l) => l.startsWith(RUNTIME_MARKER));
  const limit = runtimeAt < 0 ? lines.length : runtimeAt;
  const sites: Site[] = [];
  const bodies: { start: number; end: number }[] = [];
  // Rule bodies: the lines between a line ending in `{` and the `}` that closes it. Not those of a
  // message function (gkc_msg_N, compiler/emit/rego/message-functions.ts), whose branches print
  // what its last one prints wherever their tests hold: a test that fails more often only moves
  // the message to a later branch, which prints the same, and most tests are also ones the
  // printing itself makes (concat of a non-string, `%` of a non-integer: undefined), so nearly
  // every mutant of them is equivalent. The curated faults of test/fault-injection.test.ts
  // change what a branch prints and drop its integer test instead.
  // Nor those of a function's value variant (valueVariants, the same file): a branch printing
  // its calls' first branches, whose lines are the next branch's and their tests, so the same
  // holds of its tests.
  let definition = "";
  for (let i = 0; i < limit; i++) {
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(lines[i]!)?.[0];
    if (name !== undefined) definition = name;
    if (!/\{\s*$/.test(lines[i]!) || lines[i]!.startsWith("\t")) continue;
    let end = i + 1;
    while (end < limit && !/^\}/.test(lines[end]!)) end++;
    if (!definition.startsWith("gkc_msg_") && !isValueVariant(lines, i, end, limit)) bodies.push({ start: i + 1, end });
    i = end - 1;
  }
  const constants = [...new Set(bodies.flatMap(({ start, end }) => lines.slice(start, end).flatMap((l) => conditionLiterals(l).map((c) => c.value))))].sort();
  for (const { start, end } of bodies) {
    const body = lines.slice(start, end).map((l, k) => ({ l, k: start + k })).filter(({ l }) => l.trim() !== "" && !l.trim().startsWith("#"));
    for (const { k } of body) sites.push(...sitesOfLine(lines, k, rego, body.length, constants));
  }
  return sites.map((site) => {
    const mutated = [...lines];
    if (site.replacement === undefined) mutated.splice(site.line, 1);
    else mutated[site.line] = site.replacement;
    return { operator: site.operator, line: site.line + 1, before: lines[site.line]!.trim(), after: site.replacement?.trim() ?? "", rego: mutated.join("\n") };
  });
}

/**
 * Whether the branch whose header is line `head` (body up to `end`, the next branch's header)
 * is a value variant: both give a concat, and the next branch's lines begin this one's.
 */
function isValueVariant(lines: readonly string[], head: number, end: number, limit: number): boolean {
  const next = lines[end];
  if (next === undefined || !next.startsWith("} else := concat(") || !/ := concat\(/.test(lines[head]!)) return false;
  let nextEnd = end + 1;
  while (nextEnd < limit && !/^\}/.test(lines[nextEnd]!)) nextEnd++;
  const own = lines.slice(head + 1, end);
  const following = lines.slice(end + 1, nextEnd);
  return following.length > 0 && own.length > following.length && following.every((line, k) => own[k] === line);
}

/**
 * At most `limit` mutants, round-robin over OPERATORS, each operator's picks spread evenly over
 * its sites (the middle of each of q equal parts): deterministic for a given Rego.
 */
export function selectMutants(all: readonly Mutant[], limit: number): Mutant[] {
  const byOperator = new Map<Operator, Mutant[]>(OPERATORS.map((o) => [o, all.filter((m) => m.operator === o)]));
  const quota = new Map<Operator, number>(OPERATORS.map((o) => [o, 0]));
  let left = Math.min(limit, all.length);
  while (left > 0) {
    for (const operator of OPERATORS) {
      if (left > 0 && quota.get(operator)! < byOperator.get(operator)!.length) {
        quota.set(operator, quota.get(operator)! + 1);
        left--;
      }
    }
  }
  const chosen: Mutant[] = [];
  for (const operator of OPERATORS) {
    const sites = byOperator.get(operator)!;
    const q = quota.get(operator)!;
    for (let i = 0; i < q; i++) chosen.push(sites[Math.floor(((i + 0.5) * sites.length) / q)]!);
  }
  return chosen;
}

/** The Rego with its package renamed (so several mutants of one template fit in one wasm module). */
export function renamePackage(rego: string, packageName: string): string {
  const renamed = rego.replace(/^package\s+[\w.]+/m, `package ${packageName}`);
  if (renamed === rego) throw new Error("the Rego has no package line");
  return renamed;
}
