// Finds the policy files and loads what they declare at runtime: template metadata and
// constraints. Loading runs the TypeScript natively (the reference semantics).
import { ENGINES } from "./engine.js";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import type { ConstraintSpec, Match, TemplateMeta } from "../sdk/authoring.js";
import type { JsonSchema } from "./schema.js";
import type { Diagnostic } from "./diagnostics.js";
import { POD_CONTROLLER_KINDS } from "../sdk/podspec.js";
import { layoutOf, ProjectError, type ProjectLayout } from "./project.js";
import { importTypeScript } from "./typescript-loader.js";

export class PolicyLoadError extends Error {
  /** Syntax errors behind a failed load, each in the module at fault. */
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.diagnostics = diagnostics;
  }
}

export type Predicate = (object: unknown, parameters: unknown, inventory: unknown, review: unknown) => Iterable<unknown>;

export interface ConstraintDeclaration {
  readonly name: string;
  readonly enforcementAction: ConstraintSpec<unknown>["enforcementAction"];
  readonly scopedEnforcementActions?: unknown;
  readonly match: Match;
  readonly parameters: unknown;
}

export interface LoadedPolicy {
  readonly file: string;
  readonly meta: TemplateMeta;
  readonly predicate: Predicate;
  readonly constraints: readonly ConstraintDeclaration[];
}

const SUFFIXES_THAT_ARE_NOT_POLICIES = [".arbitraries.ts", ".test.ts", ".d.ts"];

/** Policy files of a project, sorted: every `*.ts` in its policies directory except helpers' suffixes and `_`-prefixed files. */
export function discoverPolicies(project: ProjectLayout | string): string[] {
  const directory = layoutOf(project).policies;
  if (!existsSync(directory)) throw new ProjectError(`the policies directory ${directory} does not exist: create it, or set "policies" in gkc.config.json`);
  return readdirSync(directory)
    .filter((f) => f.endsWith(".ts") && !f.startsWith("_") && !SUFFIXES_THAT_ARE_NOT_POLICIES.some((s) => f.endsWith(s)))
    .sort()
    .map((f) => join(directory, f));
}

const KIND_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Loads a policy module. `fresh` bypasses the module cache, for a file edited in this process. */
export async function loadPolicy(file: string, options: { fresh?: boolean } = {}): Promise<LoadedPolicy> {
  let module: Record<string, unknown>;
  try {
    module = await importTypeScript(file, options);
  } catch (error) {
    throw await loadFailure(file, error);
  }
  const meta = module["template"] as TemplateMeta | undefined;
  if (!meta || typeof meta !== "object") throw new PolicyLoadError(`${file}: does not export 'template' (use defineTemplate)`);
  for (const field of ["kind", "title", "description", "version"] as const) {
    if (typeof meta[field] !== "string" || !meta[field]) throw new PolicyLoadError(`${file}: template.${field} must be a non-empty string`);
  }
  if (!KIND_PATTERN.test(meta.kind)) throw new PolicyLoadError(`${file}: template.kind '${meta.kind}' must be PascalCase letters and digits`);
  if (meta.engine !== undefined && !ENGINES.includes(meta.engine)) throw new PolicyLoadError(`${file}: template.engine must be one of ${ENGINES.join(", ")}`);
  const predicate = module["violations"];
  if (typeof predicate !== "function") throw new PolicyLoadError(`${file}: does not export the generator 'violations'`);
  const declared = module["constraints"] ?? [];
  if (!Array.isArray(declared)) throw new PolicyLoadError(`${file}: 'constraints' must be an array of constraint(...)`);
  const constraints = declared.map((c: ConstraintSpec<unknown>) => normaliseConstraint(file, meta, c));
  const names = new Set<string>();
  for (const c of constraints) {
    if (names.has(c.name)) throw new PolicyLoadError(`${file}: two constraints are named '${c.name}'`);
    names.add(c.name);
  }
  return { file, meta, predicate: predicate as Predicate, constraints };
}

/**
 * Why a policy could not be loaded. A syntax error is located (file:line:col of the module at
 * fault, which may be a shared helper); anything else keeps the loader's whole first line.
 */
async function loadFailure(file: string, error: unknown): Promise<PolicyLoadError> {
  const { findSyntaxErrors } = await import("./syntax.js");
  const syntax = findSyntaxErrors(file);
  const first = syntax[0];
  if (first) return new PolicyLoadError(`${first.file}:${first.line}:${first.column}: ${first.message}`, syntax);
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n").find((l) => l.trim() && !/^Transform failed/.test(l)) ?? text;
  return new PolicyLoadError(`${file}: cannot load: ${line.trim()}`);
}

/** Pod and every pod controller, grouped by API group: the autogen match of pod-spec templates. */
export function podSpecKindsMatch(): Match["kinds"] {
  const groups = new Map<string, string[]>();
  for (const { apiGroup, kind } of POD_CONTROLLER_KINDS) groups.set(apiGroup, [...(groups.get(apiGroup) ?? []), kind]);
  return [...groups.entries()].map(([group, kinds]) => ({ apiGroups: [group], kinds }));
}

function normaliseConstraint(file: string, meta: TemplateMeta, c: ConstraintSpec<unknown>): ConstraintDeclaration {
  if (!c || typeof c.name !== "string" || !DNS_SUBDOMAIN.test(c.name) || c.name.length > 253) {
    throw new PolicyLoadError(`${file}: constraint name ${JSON.stringify(c?.name)} is not a valid Kubernetes name`);
  }
  const match: Match = { ...(c.match ?? {}) };
  if (meta.podSpec && !match.kinds) (match as { kinds?: Match["kinds"] }).kinds = podSpecKindsMatch();
  return {
    name: c.name,
    enforcementAction: c.enforcementAction,
    ...(c.enforcementAction === "scoped" ? { scopedEnforcementActions: c.scopedEnforcementActions } : {}),
    match,
    parameters: c.parameters,
  };
}

/** Checks every constraint's parameters against the template's generated schema. */
export function validateConstraintParameters(policy: LoadedPolicy, schema: JsonSchema): void {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);
  for (const c of policy.constraints) {
    if (!validate(c.parameters ?? {})) {
      const first = validate.errors?.[0];
      const where = first?.instancePath ? `parameters${first.instancePath.replace(/\//g, ".")}` : "parameters";
      throw new PolicyLoadError(`${policy.file}: constraint '${c.name}': ${where} ${first?.message ?? "is invalid"}`);
    }
  }
}
