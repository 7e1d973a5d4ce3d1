// Every diagnostic the compiler can raise, declared in one place. Each carries a stable code,
// the offending node's position and a hint, and prints like a TypeScript error with a code frame.
import type { Node } from "ts-morph";

export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** The source text of the offending file, for the code frame. */
  readonly sourceText: string;
}

export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join("\n"));
  }
}

function at(node: Node, code: string, message: string, hint: string): Diagnostic {
  const source = node.getSourceFile();
  const start = node.getStart();
  const { line, column } = source.getLineAndColumnAtPos(start);
  return {
    code,
    message,
    hint,
    file: source.getFilePath(),
    line,
    column,
    length: Math.max(1, node.getEnd() - start),
    sourceText: source.getFullText(),
  };
}

/** A diagnostic without a node: a whole-file problem. */
export function fileDiagnostic(file: string, code: string, message: string, hint: string): Diagnostic {
  return { code, message, hint, file, line: 1, column: 1, length: 1, sourceText: "" };
}

export const diagnostics = {
  unsupportedSyntax: (node: Node, what: string) =>
    at(node, "GKC1001", `${what} is not supported in a policy`, "Rewrite it with the supported subset listed in the README's Semantics section."),
  unsupportedStatement: (node: Node) =>
    at(node, "GKC1002", `statement '${node.getKindName()}' is not supported`, "Use const, if/else, for...of, continue, return or yield."),
  mutableBinding: (node: Node) =>
    at(node, "GKC1003", "only 'const' bindings are supported", "Rego variables are immutable: declare with const and compute new values instead of reassigning."),
  assignment: (node: Node) =>
    at(node, "GKC1004", "assignment and update operators are not supported", "Bind a new const instead of changing an existing value."),
  breakStatement: (node: Node) =>
    at(node, "GKC1005", "'break' is not supported", "Rego evaluates every iteration: use .find(), .some() or a condition with 'continue'."),
  loop: (node: Node) =>
    at(node, "GKC1006", `loop '${node.getKindName()}' is not supported`, "Iterate arrays with for...of, or use .some()/.every()/.filter()/.map()."),
  returnInLoop: (node: Node) =>
    at(node, "GKC1007", "'return' inside a loop is not supported", "An early exit from a loop depends on iteration order, which Rego does not have: use 'continue', or test the whole array with .some()/.find() before the loop."),
  looseEquality: (node: Node) =>
    at(node, "GKC1008", "loose equality (==, !=) is only supported against null", "Use === or !==: loose equality coerces types in JavaScript but not in Rego."),
  compositeEquality: (node: Node) =>
    at(node, "GKC1009", "=== on arrays or objects compares references in JavaScript but values in Rego", "Compare primitive fields (strings, numbers, booleans) instead."),
  mixedOperands: (node: Node, op: string, left: string, right: string) =>
    at(node, "GKC1010", `operator '${op}' on ${left} and ${right} is not supported`, "JavaScript coerces mixed operand types and Rego does not: convert both operands to the same type (numbers, or strings)."),
  unknownCall: (node: Node, name: string) =>
    at(node, "GKC1011", `call to '${name}' is not supported`, "Only SDK helpers, pure functions declared in the same file and the listed string/array methods can be called."),
  unsupportedMethod: (node: Node, receiver: string, name: string) =>
    at(node, "GKC1012", `method '${name}' on ${receiver} is not supported`, "Supported: string startsWith/endsWith/includes/toLowerCase/toUpperCase/split/trim and array some/every/filter/map/includes/find/join."),
  lambdaShape: (node: Node) =>
    at(node, "GKC1013", "only arrow functions with one parameter and an expression body can be passed to array methods", "Write `x => expression`; move statements into a helper function."),
  recursion: (node: Node, name: string) =>
    at(node, "GKC1014", `helper '${name}' is recursive`, "Rego forbids recursion: express the computation with array methods."),
  helperShape: (node: Node, name: string, why: string) =>
    at(node, "GKC1015", `helper '${name}' cannot be compiled: ${why}`, "Helpers are plain function declarations in the policy file with at least one simple parameter."),
  unresolved: (node: Node, name: string) =>
    at(node, "GKC1016", `'${name}' cannot be resolved to a local binding, parameter or helper`, "Policies may only read their parameters, the object, local consts and same-file helpers."),
  invalidRegexLiteral: (node: Node, pattern: string, why: string) =>
    at(node, "GKC1017", `regular expression ${JSON.stringify(pattern)} is not valid RE2: ${why}`, "Rego uses RE2: lookaround and backreferences do not exist there. Rewrite the pattern."),
  orderDependent: (node: Node, what: string) =>
    at(node, "GKC1018", `${what} depends on key order`, "JavaScript orders object keys by insertion and Rego sorts them: test membership (.some/.includes/.length) instead of position."),
  yieldShape: (node: Node) =>
    at(node, "GKC1019", "a violation must be a string", "Yield a string or a template literal: Gatekeeper messages are strings."),
  interpolation: (node: Node, type: string) =>
    at(node, "GKC1020", `cannot interpolate a value of type ${type} into a message`, "Interpolate strings, numbers or booleans; JavaScript and Rego print other values differently."),
  predicateShape: (node: Node, why: string) =>
    at(node, "GKC1021", `the predicate 'violations' ${why}`, "Export `function* violations(object: KubeObject, parameters: Parameters): Generator<string>`."),
  missingExport: (file: string, name: string) =>
    fileDiagnostic(file, "GKC1022", `policy does not export '${name}'`, "A policy file exports template, Parameters, violations and constraints."),
  nonLiteralTypeof: (node: Node) =>
    at(node, "GKC1023", "typeof is only supported in a comparison with a string literal", "Write typeof x === \"string\" (or number, boolean, object, undefined)."),
  sparseOrSpread: (node: Node) =>
    at(node, "GKC1024", "spread and holes in array or object literals are not supported", "List the elements explicitly."),
  typeCheck: (node: Node, message: string) =>
    at(node, "GKC1025", `type error: ${message}`, "The policy must type-check before it can be compiled."),
  parameterSchema: (node: Node, why: string) =>
    at(node, "GKC1026", `the Parameters type cannot be expressed as an OpenAPI schema: ${why}`, "Use strings, numbers, booleans, string-literal unions, arrays and nested interfaces."),
  nonIntegerInterpolation: (node: Node) =>
    at(node, "GKC1027", "interpolating a Quantity or other opaque SDK value is not supported", "Interpolate the original field (a string) instead."),
} as const;

/** Prints a diagnostic like `tsc --pretty false` plus a code frame and the hint. */
export function formatDiagnostic(d: Diagnostic, relativeTo: string = process.cwd()): string {
  const file = d.file.startsWith(relativeTo + "/") ? d.file.slice(relativeTo.length + 1) : d.file;
  const header = `${file}:${d.line}:${d.column} - error ${d.code}: ${d.message}`;
  const lines = d.sourceText.split("\n");
  const frame: string[] = [];
  if (d.sourceText) {
    const width = String(d.line + 1).length;
    for (let n = Math.max(1, d.line - 1); n <= Math.min(lines.length, d.line + 1); n++) {
      const text = lines[n - 1] ?? "";
      frame.push(`${String(n).padStart(width)} | ${text}`);
      if (n === d.line) {
        const underline = Math.max(1, Math.min(d.length, text.length - d.column + 1));
        frame.push(`${" ".repeat(width)} | ${" ".repeat(d.column - 1)}${"~".repeat(underline)}`);
      }
    }
  }
  return [header, ...frame, `  hint: ${d.hint}`].join("\n");
}
