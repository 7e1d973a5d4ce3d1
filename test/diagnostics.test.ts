// Diagnostics: every unsupported construct is a compile error with a stable code that points at
// the offending construct, prints like a TypeScript error (file:line:col, code frame with a `~`
// underline, hint), and fails the whole build without writing anything.
import { projectWithOut } from "./support/project.js";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BuildError, buildProject } from "../compiler/build.js";
import { formatDiagnostic, type Diagnostic } from "../compiler/diagnostics.js";
import { runBuild } from "../cli/build.js";
import { compileErrors, ROOT, SNIPPET_DIR, snippetSource, type SnippetOptions } from "./support/snippet.js";

interface Expected {
  readonly code: string;
  /** Text that starts at the offending construct; unique in the generated file. */
  readonly at: string;
  /** Where the construct starts inside `at` (default 0). */
  readonly offset?: number;
  /** A fragment of the message. */
  readonly message?: string;
}

/** 1-based line and column of `at` (plus `offset`) in `source`; `at` must occur exactly once. */
function positionOf(source: string, at: string, offset = 0): { line: number; column: number } {
  const index = source.indexOf(at);
  expect(index, `'${at}' occurs in the snippet`).toBeGreaterThanOrEqual(0);
  expect(source.indexOf(at, index + 1), `'${at}' occurs once in the snippet`).toBe(-1);
  const before = source.slice(0, index + offset).split("\n");
  return { line: before.length, column: (before[before.length - 1] ?? "").length + 1 };
}

/** Compiles `body`, expects exactly one diagnostic, checks it and its printed form; returns it. */
function expectDiagnostic(body: string, expected: Expected, options?: SnippetOptions): Diagnostic {
  const diagnostics = compileErrors(body, options);
  expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toHaveLength(1);
  const d = diagnostics[0]!;
  expect(d.code).toBe(expected.code);
  if (expected.message) expect(d.message).toContain(expected.message);

  const { source, hash } = snippetSource(body, options);
  const file = join(SNIPPET_DIR, `${hash}.ts`);
  expect(d.file).toBe(file);
  const { line, column } = positionOf(source, expected.at, expected.offset);
  expect({ line: d.line, column: d.column }, `position of ${expected.code}`).toEqual({ line, column });

  const printed = formatDiagnostic(d, ROOT);
  const lines = printed.split("\n");
  const relativeFile = relative(ROOT, file);
  expect(lines[0]).toBe(`${relativeFile}:${line}:${column} - error ${d.code}: ${d.message}`);
  // The code frame shows the offending line, then a `~` underline starting at its column.
  const sourceLine = source.split("\n")[line - 1]!;
  const frameIndex = lines.findIndex((l) => l.endsWith(` | ${sourceLine}`) && l.trimStart().startsWith(`${line} |`));
  expect(frameIndex, `code frame line for line ${line}:\n${printed}`).toBeGreaterThan(0);
  const underline = lines[frameIndex + 1] ?? "";
  const match = /^(\s*\| )( *)(~+)$/.exec(underline);
  expect(match, `underline below the code frame line:\n${printed}`).not.toBeNull();
  expect(match![2]!.length + 1, "underline starts at the column").toBe(column);
  expect(lines[lines.length - 1]).toBe(`  hint: ${d.hint}`);
  expect(d.hint.length).toBeGreaterThan(10);
  return d;
}

describe("the snippet helper", () => {
  it("reports no diagnostics for a supported body", () => {
    expect(compileErrors(`if (object.a === 1) yield "one";`)).toEqual([]);
  });
});

describe("unsupported constructs", () => {
  it("let", () => {
    expectDiagnostic(`let name = object.name;\nyield "x";`, { code: "GKC1003", at: "let name" });
  });

  it("var", () => {
    expectDiagnostic(`var name = object.name;\nyield "x";`, { code: "GKC1003", at: "var name" });
  });

  it("assignment to a property", () => {
    expectDiagnostic(`object.status = "seen";\nyield "x";`, { code: "GKC1004", at: `object.status = "seen"` });
  });

  it("compound assignment", () => {
    expectDiagnostic(`object.count += 1;\nyield "x";`, { code: "GKC1004", at: "object.count += 1" });
  });

  it("x++", () => {
    expectDiagnostic(`object.count++;\nyield "x";`, { code: "GKC1004", at: "object.count++" });
  });

  it("break", () => {
    expectDiagnostic(`for (const x of asArray(object.xs)) {\n  if (x === 1) break;\n  yield "x";\n}`, { code: "GKC1005", at: "break;" });
  });

  it("while", () => {
    expectDiagnostic(`while (object.a) {\n  yield "a";\n}`, { code: "GKC1006", at: "while (object.a)", message: "WhileStatement" });
  });

  it("do...while", () => {
    expectDiagnostic(`do {\n  yield "a";\n} while (object.a);`, { code: "GKC1006", at: "do {" });
  });

  it("C-style for", () => {
    expectDiagnostic(`for (let i = 0; i < 3; i++) {\n  yield "x";\n}`, { code: "GKC1006", at: "for (let i", message: "ForStatement" });
  });

  it("for...in", () => {
    expectDiagnostic(`for (const key in object) {\n  yield key;\n}`, { code: "GKC1006", at: "for (const key in", message: "ForInStatement" });
  });

  it("return inside a loop", () => {
    expectDiagnostic(`for (const x of asArray(object.xs)) {\n  if (x === 1) return;\n  yield "x";\n}`, { code: "GKC1007", at: "return;" });
  });

  it("== against a value other than null", () => {
    expectDiagnostic(`if (object.a == 1) yield "one";`, { code: "GKC1008", at: "object.a == 1" });
  });

  it("!= against a string", () => {
    expectDiagnostic(`if (object.a != "x") yield "not x";`, { code: "GKC1008", at: `object.a != "x"` });
  });

  it("=== between two arrays", () => {
    expectDiagnostic(`const a = asArray(object.a);\nconst b = asArray(object.b);\nif (a === b) yield "same";`, { code: "GKC1009", at: "a === b" });
  });

  it("!== between two objects", () => {
    expectDiagnostic(`const a = object.a;\nconst b = object.b;\nif (isObject(a) && isObject(b) && a !== b) yield "different";`, { code: "GKC1009", at: "a !== b" });
  });

  it("+ mixing a string and a number", () => {
    expectDiagnostic(`const n = asArray(object.xs).length;\nyield "count: " + n;`, { code: "GKC1010", at: `"count: " + n`, message: "'+'" });
  });

  it("< on an untyped operand", () => {
    expectDiagnostic(`if (object.a < 3) yield "x";`, { code: "GKC1010", at: "object.a < 3", message: "'<'" });
  });

  it("a regular expression literal", () => {
    expectDiagnostic(`const pattern = /^a+$/;\nif (pattern) yield "x";`, { code: "GKC1001", at: "/^a+$/", message: "regular expression" });
  });

  it("new", () => {
    expectDiagnostic(`const seen = new Set<string>();\nif (seen) yield "x";`, { code: "GKC1001", at: "new Set<string>()", message: "'new'" });
  });

  it("try/catch", () => {
    expectDiagnostic(`try {\n  yield "a";\n} catch {\n  yield "b";\n}`, { code: "GKC1002", at: "try {", message: "TryStatement" });
  });

  it("throw", () => {
    expectDiagnostic(`if (!object.kind) throw new Error("no kind");\nyield "x";`, { code: "GKC1002", at: "throw new", message: "ThrowStatement" });
  });

  it("a call to an unknown global function", () => {
    expectDiagnostic(`const s = object.s;\nif (typeof s === "string") yield encodeURIComponent(s);`, {
      code: "GKC1011",
      at: "encodeURIComponent(s)",
      message: "'encodeURIComponent'",
    });
  });

  it("JSON.stringify", () => {
    expectDiagnostic(`yield JSON.stringify(object.spec);`, { code: "GKC1012", at: "JSON.stringify(object.spec)", message: "'stringify'" });
  });

  it("Math.max", () => {
    expectDiagnostic(`const a = asArray(object.xs).length;\nif (Math.max(a, 3) > 3) yield "x";`, { code: "GKC1012", at: "Math.max(a, 3)", message: "'max'" });
  });

  it("an unsupported string method (padStart)", () => {
    expectDiagnostic(`const s = object.s;\nif (typeof s === "string") yield s.padStart(10, "-");`, {
      code: "GKC1012",
      at: `s.padStart(10, "-")`,
      message: "method 'padStart' on a string",
    });
  });

  it("join with a separator that is not a literal", () => {
    expectDiagnostic(`const xs = asArray(object.xs);\nconst sep = typeof object.s === "string" ? object.s : ",";\nyield xs.join(sep);`, {
      code: "GKC1001",
      at: "sep);",
      message: "'join' with a separator that is not a string literal",
    });
  });

  it("an unsupported array method (reduce)", () => {
    expectDiagnostic(`const xs = asArray(object.xs);\nif (xs.reduce((a, b) => a, 0)) yield "x";`, {
      code: "GKC1012",
      at: "xs.reduce(",
      message: "method 'reduce' on an array",
    });
  });

  it("a lambda with a block of statements", () => {
    expectDiagnostic(
      `if (asArray(object.xs).some((x) => {\n  const y = x;\n  return y === 1;\n})) yield "one";`,
      { code: "GKC1013", at: "(x) => {" },
    );
  });

  it("a lambda with two parameters", () => {
    expectDiagnostic(`if (asArray(object.xs).some((x, i) => i === 0 && x === 1)) yield "one";`, { code: "GKC1013", at: "(x, i) =>" });
  });

  it("recursion in a helper", () => {
    expectDiagnostic(`yield \`depth=\${depth(object.a)}\`;`, { code: "GKC1014", at: "function depth(", message: "'depth'" }, {
      helpers: `function depth(x: unknown): number {\n  return Array.isArray(x) ? 1 + depth(x[0]) : 0;\n}`,
    });
  });

  it("mutual recursion between helpers", () => {
    expectDiagnostic(`if (even(asArray(object.xs).length)) yield "even";`, { code: "GKC1014", at: "function even(", message: "'even'" }, {
      helpers: `function even(n: number): boolean {\n  return n === 0 ? true : odd(n - 1);\n}\n\nfunction odd(n: number): boolean {\n  return n === 0 ? false : even(n - 1);\n}`,
    });
  });

  it("a regexMatches pattern that is valid JavaScript but not RE2", () => {
    expectDiagnostic(`const s = object.s;\nif (typeof s === "string" && regexMatches("(?=x)", s)) yield "x";`, {
      code: "GKC1017",
      at: `"(?=x)"`,
      message: "not valid RE2",
    });
  });

  it("a backreference in isValidRegex", () => {
    expectDiagnostic(`if (isValidRegex("(a)\\\\1")) yield "x";`, { code: "GKC1017", at: `"(a)\\\\1"` });
  });

  it("indexing the result of Object.keys", () => {
    expectDiagnostic(`const m = object.m;\nif (isObject(m)) yield \`first=\${Object.keys(m)[0]}\`;`, { code: "GKC1018", at: "Object.keys(m)[0]" });
  });

  it("spread in an array literal", () => {
    expectDiagnostic(`const xs = [...asArray(object.a), 1];\nif (xs.length) yield "x";`, { code: "GKC1024", at: "...asArray(object.a)" });
  });

  it("spread in an object literal", () => {
    expectDiagnostic(`const o = { ...object.labels, a: 1 };\nif (o.a) yield "x";`, { code: "GKC1024", at: "...object.labels" });
  });

  it("a destructuring const", () => {
    expectDiagnostic(`const { kind } = object;\nyield "x";`, { code: "GKC1001", at: "{ kind }", message: "destructuring" });
  });

  it("yield*", () => {
    expectDiagnostic(`yield* ["a", "b"];`, { code: "GKC1001", at: `yield* ["a", "b"]`, message: "'yield*'" });
  });

  it("interpolating an object", () => {
    expectDiagnostic(`const m = object.metadata;\nif (isObject(m)) yield \`metadata=\${m}\`;`, { code: "GKC1020", at: "${m}`", offset: 2 });
  });

  it("typeof compared with something other than a type-name literal", () => {
    expectDiagnostic(`const t = typeof object.a;\nif (t === "string") yield "x";`, { code: "GKC1023", at: "typeof object.a" });
  });

  it("a nested function declaration", () => {
    expectDiagnostic(`function inner(x: unknown): boolean {\n  return x === 1;\n}\nif (inner(object.a)) yield "x";`, {
      code: "GKC1001",
      at: "function inner(",
      message: "nested function",
    });
  });

  it("an optional call", () => {
    expectDiagnostic(`const f = object.f;\nif (f?.()) yield "x";`, { code: "GKC1001", at: "f?.()", message: "optional call" });
  });

  it("a type error is reported before lowering", () => {
    expectDiagnostic(`const n: number = object.metadata === 1 ? "x" : 2;\nyield \`\${n}\`;`, { code: "GKC1025", at: "n: number", message: "type error" });
  });
});

describe("a policy with an unsupported construct fails the whole build", () => {
  const body = `const labels = object.metadata?.labels;\nlet count = 0;\nif (isObject(labels)) yield "labelled";`;
  const good = join(ROOT, "policies", "required-labels.ts");
  let outDir: string | undefined;

  afterEach(() => {
    vi.restoreAllMocks();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
    outDir = undefined;
  });

  function badPolicy(): string {
    // compileErrors writes the policy file, and shows it does not compile on its own.
    expect(compileErrors(body).map((d) => d.code)).toEqual(["GKC1003"]);
    return join(SNIPPET_DIR, `${snippetSource(body).hash}.ts`);
  }

  it("buildProject throws BuildError carrying the diagnostic", async () => {
    const bad = badPolicy();
    const build = buildProject(ROOT, [good, bad]);
    await expect(build).rejects.toBeInstanceOf(BuildError);
    const error = (await build.catch((e: unknown) => e)) as BuildError;
    expect(error.failure.errors).toEqual([]);
    expect(error.failure.diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.line, column: d.column }))).toEqual([
      { code: "GKC1003", file: bad, ...positionOf(snippetSource(body).source, "let count") },
    ]);
  });

  it("gkc build writes nothing and prints the diagnostic", async () => {
    const bad = badPolicy();
    outDir = mkdtempSync(join(tmpdir(), "gkc-diagnostics-out-"));
    const errors: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(" "));
    });
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const status = await runBuild({ check: false, policies: [good, bad] }, projectWithOut(outDir, ROOT));
    expect(status).toBe(1);
    expect(readdirSync(outDir)).toEqual([]);
    const printed = errors.join("\n");
    expect(printed).toContain(`${relative(ROOT, bad)}:${positionOf(snippetSource(body).source, "let count").line}:3 - error GKC1003`);
    expect(printed).toContain("nothing was written");
  });
});
