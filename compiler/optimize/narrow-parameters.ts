// IR → IR: a helper parameter that the body reads only through one path of literal keys takes
// the value at that path instead. `selects(pdb, obj)`, reading only `pdb.spec.selector.matchLabels`
// and the same of `obj`, becomes `selects(pdb.spec.selector.matchLabels, obj.spec…)`.
//
// Why: OPA memoizes a function call under its arguments, and an object read from `data` is lazy
// until something needs all of it; a call's cache key hashes, so converts, the whole object. A
// PodDisruptionBudget from the inventory cost about 44 allocations per call where its selector's
// labels cost a few. The rewrite is a substitution of pure, total expressions (a member read of
// anything is a value, undefined included), so the helper means the same at every call.
import type { Expr, HelperFunction, Program, Stmt } from "../ir.js";
import { children, lambdaParams, mapChildren, mapStatementExprs, statementBindings, substitute } from "../ir-tools.js";
import { memberOrDefault } from "./simplify.js";

type Key = Extract<Expr, { kind: "literal" }>;

/** The literal keys of a member chain rooted at the local `name` (`name.a.b` is [a, b]); undefined if it is none. */
function chainKeys(expr: Expr, name: string): Key[] | undefined {
  if (expr.kind === "local") return expr.name === name ? [] : undefined;
  if (expr.kind !== "member" || expr.key.kind !== "literal") return undefined;
  const keys = chainKeys(expr.object, name);
  return keys && [...keys, expr.key];
}

/**
 * The key paths `expr` reads `name` through, pushed onto `paths`; false where it reads `name`
 * bare (an argument, a comparison), with a default, or an array method rebinds it. A read with
 * a default keeps the parameter whole: in Rego it is one `object.get(o, path, d)` of an object
 * the emitter may know to be one, where a narrowed value's kind is unknown and its read needs a
 * wrapper (`object.get({"v": x}, ["v", …], d)`).
 */
function readPaths(expr: Expr, name: string, paths: Key[][]): boolean {
  const keys = chainKeys(expr, name);
  if (keys !== undefined) {
    if (keys.length === 0) return false;
    paths.push(keys);
    return true;
  }
  const defaulted = memberOrDefault(expr);
  if (defaulted !== undefined && chainKeys(defaulted.read, name) !== undefined) return false;
  if (expr.kind === "arrayMethod" && expr.param === name) return false;
  return children(expr).every((child) => readPaths(child, name, paths));
}

/** The longest path every one of `paths` starts with. */
function commonPrefix(paths: readonly Key[][]): Key[] {
  const [first, ...rest] = paths;
  if (first === undefined) return [];
  let length = first.length;
  for (const path of rest) {
    let i = 0;
    while (i < Math.min(length, path.length) && path[i]!.value === first[i]!.value) i++;
    length = i;
  }
  return first.slice(0, length);
}

/** Every expression the statements hold, at any depth. */
function statementExprs(stmts: readonly Stmt[]): Expr[] {
  const found: Expr[] = [];
  mapStatementExprs(stmts, (expr) => {
    found.push(expr);
    return expr;
  });
  return found;
}

/** The path the helper reads its parameter `name` through, where it reads it through one only. */
function narrowPath(helper: HelperFunction, name: string): Key[] | undefined {
  if (statementBindings(helper.body).has(name)) return undefined;
  const paths: Key[][] = [];
  if (!statementExprs(helper.body).every((expr) => readPaths(expr, name, paths))) return undefined;
  const prefix = commonPrefix(paths);
  return prefix.length > 0 ? prefix : undefined;
}

function readAt(expr: Expr, path: readonly Key[]): Expr {
  return path.reduce<Expr>((object, key) => ({ kind: "member", object, key }), expr);
}

/** `expr` with each read of `name` through `path` replaced by `name` itself. */
function dropPrefix(expr: Expr, name: string, path: readonly Key[]): Expr {
  const keys = chainKeys(expr, name);
  if (keys !== undefined && keys.length === path.length) return { kind: "local", name };
  return mapChildren(expr, (child) => dropPrefix(child, name, path));
}

/** `expr` with each call of a narrowed helper passing the value at its parameters' paths. */
function narrowCalls(expr: Expr, narrowed: ReadonlyMap<string, ReadonlyMap<number, readonly Key[]>>): Expr {
  const mapped = mapChildren(expr, (child) => narrowCalls(child, narrowed));
  if (mapped.kind !== "helperCall") return mapped;
  const paths = narrowed.get(mapped.name);
  if (paths === undefined) return mapped;
  return { ...mapped, args: mapped.args.map((arg, i) => (paths.has(i) ? readAt(arg, paths.get(i)!) : arg)) };
}

/** Rounds at most: narrowing a call can leave the caller's own parameter read through one path. */
const MAX_ROUNDS = 4;

/**
 * The program with its helpers' parameters narrowed to the paths they are read through. A
 * parameter some call passes the inventory is left alone: the Rego emitter specialises those
 * helpers to `data.inventory` (specialiseToInventory), reading it by path itself.
 */
export function narrowParameters(program: Program): Program {
  let current = program;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const inventoryArgs = inventoryArguments(current);
    const narrowed = new Map<string, Map<number, Key[]>>();
    for (const helper of current.helpers) {
      for (const [index, name] of helper.params.entries()) {
        if (inventoryArgs.has(`${helper.name}/${index}`)) continue;
        const path = narrowPath(helper, name);
        if (path === undefined) continue;
        if (!narrowed.has(helper.name)) narrowed.set(helper.name, new Map());
        narrowed.get(helper.name)!.set(index, path);
      }
    }
    if (narrowed.size === 0) return current;
    const rewrite = (stmts: readonly Stmt[], own: ReadonlyMap<number, readonly Key[]> | undefined, params: readonly string[]): Stmt[] =>
      mapStatementExprs(stmts, (expr) => {
        let result = narrowCalls(expr, narrowed);
        for (const [index, path] of own ?? []) result = dropPrefix(result, params[index]!, path);
        return result;
      });
    current = {
      ...current,
      body: rewrite(current.body, undefined, []),
      helpers: current.helpers.map((h) => {
        const own = narrowed.get(h.name);
        const body = rewrite(h.body, own, h.params);
        return own === undefined ? { ...h, body } : withoutAliases(renameAliasedParams({ ...h, body }));
      }),
    };
  }
  return current;
}

/**
 * The helper with a parameter read only by a top-level `const x = param` named x in its place:
 * what narrowing leaves of `const wanted = pdb.spec.selector.matchLabels` reads `wanted` again.
 */
function renameAliasedParams(helper: HelperFunction): HelperFunction {
  let { params, body } = helper;
  for (const param of helper.params) {
    const alias = body.findIndex((s) => s.kind === "const" && s.value.kind === "local" && s.value.name === param);
    const statement = body[alias];
    if (statement?.kind !== "const" || params.includes(statement.name) || readsOf(body, param) !== 1) continue;
    params = params.map((name) => (name === param ? statement.name : name));
    body = body.filter((_, i) => i !== alias);
  }
  return { ...helper, params, body };
}

/** How many times the statements read the local `name`. */
function readsOf(stmts: readonly Stmt[], name: string): number {
  const count = (expr: Expr): number => (expr.kind === "local" && expr.name === name ? 1 : children(expr).reduce((n, child) => n + count(child), 0));
  return statementExprs(stmts).reduce((n, expr) => n + count(expr), 0);
}

/**
 * `stmts` without the constants that only rename a local (`const wanted = pdb`, what narrowing
 * leaves of `const wanted = pdb.spec.selector.matchLabels`): in Rego each is a binding per call.
 */
function withoutAliases(helper: HelperFunction): HelperFunction {
  return { ...helper, body: withoutAliasStatements(helper.body) };
}

function withoutAliasStatements(stmts: readonly Stmt[]): Stmt[] {
  const result: Stmt[] = [];
  for (const [i, s] of stmts.entries()) {
    if (s.kind === "const" && s.value.kind === "local") {
      const rest = stmts.slice(i + 1);
      // Not where a later binding or an array method's parameter would capture either name.
      const rebound = statementBindings(rest);
      statementExprs(rest).forEach((expr) => lambdaParams(expr, rebound));
      if (!rebound.has(s.name) && !rebound.has(s.value.name)) {
        const values = new Map([[s.name, s.value]]);
        return [...result, ...withoutAliasStatements(mapStatementExprs(rest, (expr) => substitute(expr, values)))];
      }
    }
    result.push(nestedWithoutAliases(s));
  }
  return result;
}

function nestedWithoutAliases(s: Stmt): Stmt {
  if (s.kind === "if") return { ...s, then: withoutAliasStatements(s.then), otherwise: withoutAliasStatements(s.otherwise) };
  if (s.kind === "forOf") return { ...s, body: withoutAliasStatements(s.body) };
  return s;
}

/** `helper/index` of every parameter some call passes the inventory (or a member read of it). */
function inventoryArguments(program: Program): Set<string> {
  const found = new Set<string>();
  const visit = (expr: Expr): void => {
    if (expr.kind === "helperCall") {
      expr.args.forEach((arg, i) => {
        const root = rootOf(arg);
        if (root.kind === "input" && root.field === "inventory") found.add(`${expr.name}/${i}`);
      });
    }
    children(expr).forEach(visit);
  };
  for (const stmts of [program.body, ...program.helpers.map((h) => h.body)]) statementExprs(stmts).forEach(visit);
  return found;
}

function rootOf(expr: Expr): Expr {
  return expr.kind === "member" ? rootOf(expr.object) : expr;
}
