// Structured IR statements → Rego rule bodies. Every execution path of the predicate that reaches
// a `yield` becomes one `violation` rule whose body is the path's bindings, iterations and tests;
// every path of a helper that reaches a `return` becomes one body of an `else` chain.
import type { Binding, Expr, HelperFunction, Program, Stmt } from "../../ir.js";
import { EmitScope, emitExpr, emitTest, readsLocal } from "./expressions.js";

type Step =
  | { readonly kind: "bind"; readonly name: string; readonly value: Expr }
  | { readonly kind: "test"; readonly value: Expr; readonly negated: boolean }
  | { readonly kind: "iterate"; readonly binding: Binding; readonly iterable: Expr };

type Path = readonly Step[];

interface Exit {
  readonly path: Path;
  readonly value: Expr;
  readonly line: number;
}

/** Paths that fall through `statements`; yields/returns met on the way are collected in `exits`. */
function walk(statements: readonly Stmt[], paths: Path[], exits: Exit[]): Path[] {
  let live = paths;
  for (const statement of statements) {
    if (live.length === 0) break;
    switch (statement.kind) {
      case "const":
        live = live.map((p) => [...p, { kind: "bind", name: statement.name, value: statement.value }]);
        break;
      case "yield":
        for (const path of live) exits.push({ path, value: statement.value, line: statement.line });
        break;
      case "return":
        if (statement.value) for (const path of live) exits.push({ path, value: statement.value, line: 0 });
        live = [];
        break;
      case "continue":
        live = [];
        break;
      case "if": {
        const thenPaths = walk(statement.then, live.map((p) => [...p, { kind: "test", value: statement.test, negated: false }]), exits);
        const elsePaths = walk(statement.otherwise, live.map((p) => [...p, { kind: "test", value: statement.test, negated: true }]), exits);
        // Without an exit in either branch every path falls through unchanged; keep it short.
        if (!canExit(statement.then) && !canExit(statement.otherwise)) break;
        live = [...thenPaths, ...elsePaths];
        break;
      }
      case "forOf":
        walk(statement.body, live.map((p) => [...p, { kind: "iterate", binding: statement.binding, iterable: statement.iterable }]), exits);
        break;
    }
  }
  return live;
}

/** True when `statements` may leave the enclosing iteration or function early. */
function canExit(statements: readonly Stmt[]): boolean {
  return statements.some((s) => {
    if (s.kind === "continue" || s.kind === "return") return true;
    if (s.kind === "if") return canExit(s.then) || canExit(s.otherwise);
    return false;
  });
}

function stepReads(step: Step, name: string): boolean {
  if (step.kind === "bind" || step.kind === "test") return readsLocal(step.value, name);
  return readsLocal(step.iterable, name);
}

/** Renders a path as Rego body lines, dropping bindings nothing reads (opa check --strict). */
function renderBody(path: Path, result: Expr | undefined, resultName: string, scope: EmitScope): string[] {
  const kept: Step[] = [];
  const isRead = (name: string, later: readonly Step[]) =>
    (result !== undefined && readsLocal(result, name)) || later.some((s) => stepReads(s, name));
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i]!;
    if (step.kind === "bind" && !isRead(step.name, kept)) continue;
    kept.unshift(step);
  }
  const lines: string[] = [];
  kept.forEach((step, index) => {
    const later = kept.slice(index + 1);
    switch (step.kind) {
      case "bind":
        lines.push(`${EmitScope.local(step.name)} := ${emitExpr(step.value, scope)}`);
        break;
      case "test":
        lines.push(...emitTest(step.value, step.negated, scope));
        break;
      case "iterate": {
        const used = (name: string | undefined) => (name !== undefined && isRead(name, later) ? EmitScope.local(name) : "_");
        const iterable = asArrayTerm(emitExpr(step.iterable, scope), scope);
        if (step.binding.kind === "name") {
          lines.push(`some ${used(step.binding.name)} in ${iterable}`);
        } else {
          // Entries are [key, value] pairs.
          const key = used(step.binding.key);
          const value = used(step.binding.value);
          lines.push(`some [${key}, ${value}] in ${iterable}`);
        }
        break;
      }
    }
  });
  if (result !== undefined) lines.push(`${resultName} := ${emitExpr(result, scope)}`);
  return lines;
}

/** Iteration needs an array: wrap in gkc_arr unless the term already is one. */
function asArrayTerm(term: string, scope: EmitScope): string {
  return /^gkc_(arr|keys|values|entries|all_containers|containers_and_init_containers)\(/.test(term) ? term : scope.call("gkc_arr", term);
}

function indent(lines: readonly string[]): string {
  return lines.map((l) => `\t${l}`).join("\n");
}

/** The `violation` rules of a predicate, one per (path, yield). */
export function emitViolationRules(program: Program, scope: EmitScope): string[] {
  const exits: Exit[] = [];
  walk(program.body, [[]], exits);
  const rules: string[] = [];
  const seen = new Set<string>();
  for (const exit of exits) {
    const body = renderBody(exit.path, exit.value, "msg", scope);
    const rule = `# ${"line"} ${exit.line}\nviolation contains {"msg": msg} if {\n${indent(body)}\n}`;
    const key = body.join("\n");
    if (seen.has(key)) continue;
    seen.add(key);
    rules.push(rule);
  }
  return rules;
}

/** A helper function as one Rego function with an `else` chain, in program order. */
export function emitHelper(helper: HelperFunction, scope: EmitScope): string {
  const exits: Exit[] = [];
  walk(helper.body, [[]], exits);
  const head = `${EmitScope.local(helper.name)}(${helper.params
    .map((p) => (helperReads(helper, p) ? EmitScope.local(p) : "_"))
    .join(", ")})`;
  if (exits.length === 0) return `${head} := set()`;
  const bodies = exits.map((exit) => renderBody(exit.path, exit.value, "result", scope));
  const parts = bodies.map((body, i) => {
    const prefix = i === 0 ? `${head} := result if {` : `} else := result if {`;
    return `${prefix}\n${indent(body)}`;
  });
  return `${parts.join("\n")}\n} else := set()`;
}

function helperReads(helper: HelperFunction, param: string): boolean {
  const inStatements = (statements: readonly Stmt[]): boolean =>
    statements.some((s) => {
      switch (s.kind) {
        case "const":
          return readsLocal(s.value, param);
        case "yield":
          return readsLocal(s.value, param);
        case "return":
          return s.value !== undefined && readsLocal(s.value, param);
        case "continue":
          return false;
        case "if":
          return readsLocal(s.test, param) || inStatements(s.then) || inStatements(s.otherwise);
        case "forOf":
          return readsLocal(s.iterable, param) || inStatements(s.body);
      }
    });
  return inStatements(helper.body);
}
