// The constraints `gkc audit` enforces: by default the project's own (policies/, through
// loadPolicy: the constraints `gkc build` writes, with the autogen kinds of pod-spec templates);
// with --constraints, Gatekeeper-native Constraint YAML for the project's template kinds instead.
// Each is validated as Gatekeeper validates a Constraint: its kind must have a template, its
// parameters must satisfy the template's openAPIV3Schema (then schema defaults are applied), its
// match block the match CRD schema and label-selector rules, its enforcement action the known
// actions and points.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ErrorObject } from "ajv";
import { layoutOf, type ProjectLayout } from "../compiler/project.js";
import { checkSourcesRecord } from "../compiler/sources.js";
import { readManifestFile } from "./audit-read.js";
import { ciEnforcement } from "./enforcement.js";
import { describeFsError, expandPath, parseManifests, type ParseOptions } from "./inputs.js";
import { compileMatch, type CompiledMatch } from "./match.js";
import { displayPath, type TemplateInfo } from "./templates.js";
import { schemaValidator, type SchemaValidator } from "./schema-validators.js";
import type { Action, AuditError, ConstraintRef, SkippedDocument, SourceLocation } from "./types.js";

export const CONSTRAINTS_GROUP = "constraints.gatekeeper.sh";

export interface AuditConstraint {
  readonly ref: ConstraintRef;
  readonly match: CompiledMatch | undefined;
  /** The actions at the gator enforcement point; empty when the constraint is not enforced in CI. */
  readonly actions: readonly Action[];
  /** spec.parameters with schema defaults applied ({} when absent). */
  readonly parameters: unknown;
  readonly source: SourceLocation | undefined;
}

/** A constraint as declared, before validation. */
export interface ConstraintInput {
  readonly kind: string;
  readonly name: string;
  readonly match: unknown;
  readonly enforcementAction: unknown;
  readonly scopedEnforcementActions: unknown;
  readonly parameters: unknown;
  readonly source: SourceLocation | undefined;
}

export interface ConstraintSet {
  readonly constraints: AuditConstraint[];
  readonly errors: AuditError[];
  readonly skipped: SkippedDocument[];
  /** What the user should know but is no error (out/ built from other sources). */
  readonly notes?: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Validates parameters against templates' schemas; one compiled validator per template. */
export class ParameterValidator {
  private readonly compiled = new Map<string, SchemaValidator>();

  /** Returns the parameters with defaults applied, or the problems, each naming the field. */
  validate(template: TemplateInfo, parameters: unknown): { readonly parameters: unknown } | { readonly errors: string[] } {
    const value = parameters === undefined || parameters === null ? {} : structuredClone(parameters);
    if (!template.schema) return { parameters: value };
    let validate = this.compiled.get(template.kind);
    if (!validate) {
      try {
        validate = schemaValidator(template.schema);
      } catch (error) {
        return { errors: [`the openAPIV3Schema of ${template.path} is not a valid schema: ${error instanceof Error ? error.message : String(error)}`] };
      }
      this.compiled.set(template.kind, validate);
    }
    if (validate(value)) return { parameters: value };
    return { errors: (validate.errors ?? []).map(describeSchemaError) };
  }
}

/** `/labels/0/key` → `spec.parameters.labels[0].key`, with ajv's message. */
function describeSchemaError(error: ErrorObject): string {
  let field = "spec.parameters";
  for (const segment of error.instancePath.split("/").slice(1)) {
    const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    field += /^\d+$/.test(key) ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
  }
  if (error.keyword === "required") {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? "?";
    return `${field}.${missing} is required`;
  }
  if (error.keyword === "additionalProperties") {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty ?? "?";
    return `${field}.${extra} is not allowed by the template's schema`;
  }
  return `${field} ${error.message ?? "is invalid"}`;
}

/** What a Constraint document declares, from its spec. */
function declaredIn(kind: string, name: string, spec: Record<string, unknown>, source: SourceLocation | undefined): ConstraintInput {
  return {
    kind,
    name,
    match: spec["match"],
    enforcementAction: spec["enforcementAction"],
    scopedEnforcementActions: spec["scopedEnforcementActions"],
    parameters: spec["parameters"],
    source,
  };
}

/** Validates one declared constraint against its template. */
export function prepareConstraint(
  input: ConstraintInput,
  templates: ReadonlyMap<string, TemplateInfo>,
  validator: ParameterValidator,
): { readonly constraint: AuditConstraint } | { readonly error: AuditError } {
  const ref = { kind: input.kind, name: input.name };
  const fail = (message: string): { error: AuditError } => ({
    error: { kind: "constraint", message, constraint: ref, ...(input.source ? { source: input.source } : {}) },
  });
  const label = `constraint ${input.kind}/${input.name}`;
  const template = templates.get(input.kind);
  if (!template) {
    const known = [...templates.keys()].sort();
    return fail(`${label}: unknown constraint kind ${input.kind}: no ConstraintTemplate defines it (templates: ${known.length ? known.join(", ") : "none"})`);
  }
  const problems: string[] = [];
  const match = compileMatch(input.match);
  if ("errors" in match) problems.push(...match.errors);
  const enforcement = ciEnforcement(input.enforcementAction, input.scopedEnforcementActions);
  if ("errors" in enforcement) problems.push(...enforcement.errors);
  const parameters = validator.validate(template, input.parameters);
  if ("errors" in parameters) problems.push(...parameters.errors);
  if ("errors" in match || "errors" in enforcement || "errors" in parameters) return fail(`${label}: ${problems.join("; ")}`);
  return { constraint: { ref, match: match.match, actions: enforcement.actions, parameters: parameters.parameters, source: input.source } };
}

function rejectDuplicates(set: ConstraintSet): ConstraintSet {
  const seen = new Map<string, AuditConstraint>();
  const constraints: AuditConstraint[] = [];
  const errors = [...set.errors];
  for (const c of set.constraints) {
    const key = `${c.ref.kind}/${c.ref.name}`;
    const first = seen.get(key);
    if (first) {
      const where = (s: SourceLocation | undefined): string => (s ? `${s.file}:${s.line}` : "?");
      errors.push({ kind: "constraint", message: `constraint ${key} is declared twice (${where(first.source)} and ${where(c.source)})`, constraint: c.ref, ...(c.source ? { source: c.source } : {}) });
      continue;
    }
    seen.set(key, c);
    constraints.push(c);
  }
  return { constraints, errors, skipped: set.skipped, ...(set.notes?.length ? { notes: set.notes } : {}) };
}

/** The line of the constraint's name in its policy file, for reports. */
function lineOfName(file: string, name: string): number {
  try {
    const lines = readFileSync(file, "utf8").split("\n");
    const index = lines.findIndex((line) => line.includes(`"${name}"`) || line.includes(`'${name}'`));
    return index >= 0 ? index + 1 : 1;
  } catch {
    return 1;
  }
}

/**
 * The project's constraints as out/constraints holds them, when out/'s record of its sources
 * (compiler/sources.ts) says the policies would declare exactly these: no TypeScript is loaded.
 * Undefined when the record does not hold, or anything in the files would be an error (the
 * policies then report it as they always have), with the reason when there was a record.
 */
function recordedConstraints(layout: ProjectLayout, templates: ReadonlyMap<string, TemplateInfo>): { readonly set: ConstraintSet } | { readonly stale: string | undefined } {
  const check = checkSourcesRecord(layout.root, layout.out);
  if (!check.current) return { stale: check.reason };
  const set: ConstraintSet = { constraints: [], errors: [], skipped: [] };
  const validator = new ParameterValidator();
  for (const recorded of check.constraints) {
    // Read and hash-checked by checkSourcesRecord: the very text the build wrote.
    const parsed = parseManifests(recorded.content, join(layout.out, recorded.file));
    const [only, ...others] = parsed.objects;
    const spec = only?.object["spec"] ?? {};
    const metadata = only?.object["metadata"];
    if (!only || others.length || parsed.errors.length || !isRecord(spec) || !isRecord(metadata)) return { stale: `${recorded.file} is not one constraint` };
    const policy = join(layout.root, recorded.policy);
    const name = String(metadata["name"]);
    const source = { file: displayPath(policy), line: lineOfName(policy, name) };
    const prepared = prepareConstraint(declaredIn(String(only.object["kind"]), name, spec, source), templates, validator);
    if ("error" in prepared) return { stale: undefined };
    set.constraints.push(prepared.constraint);
  }
  return { set: rejectDuplicates(set) };
}

/** The project's constraints: what every policy in `root`/policies declares. */
export async function projectConstraints(project: ProjectLayout | string, templates: ReadonlyMap<string, TemplateInfo>, outLabel = "out"): Promise<ConstraintSet> {
  const layout = layoutOf(project);
  const recorded = recordedConstraints(layout, templates);
  if ("set" in recorded) return recorded.set;
  const notes = recorded.stale ? [`${outLabel}/ was built from other sources (${recorded.stale}): the constraints are read from the TypeScript policies, the templates from ${outLabel}/ as built; run \`npx gkc build\``] : [];
  // Loading policies needs ajv and the TypeScript loader: only this mode imports them.
  const { discoverPolicies, loadPolicy } = await import("../compiler/policies.js");
  const set: ConstraintSet = { constraints: [], errors: [], skipped: [], notes };
  const validator = new ParameterValidator();
  for (const file of discoverPolicies(layout)) {
    let policy;
    try {
      policy = await loadPolicy(file);
    } catch (error) {
      set.errors.push({ kind: "constraint", message: error instanceof Error ? error.message : String(error), source: { file: displayPath(file), line: 1 } });
      continue;
    }
    if (policy.constraints.length && !templates.has(policy.meta.kind)) {
      set.errors.push({
        kind: "template",
        message: `${outLabel}/templates/${policy.meta.kind.toLowerCase()}.yaml is missing for ${displayPath(file)}: run \`npx gkc build\``,
      });
      continue;
    }
    for (const declared of policy.constraints) {
      const prepared = prepareConstraint(
        {
          kind: policy.meta.kind,
          name: declared.name,
          match: declared.match,
          enforcementAction: declared.enforcementAction,
          scopedEnforcementActions: declared.scopedEnforcementActions,
          parameters: declared.parameters,
          source: { file: displayPath(file), line: lineOfName(file, declared.name) },
        },
        templates,
        validator,
      );
      if ("error" in prepared) set.errors.push(prepared.error);
      else set.constraints.push(prepared.constraint);
    }
  }
  return rejectDuplicates(set);
}

/**
 * Gatekeeper-native Constraints from files and directories. Documents of another API group (a
 * ConstraintTemplate, a kustomization) are skipped and reported; a constraints.gatekeeper.sh
 * document of a kind no template defines is an error.
 */
export function constraintsFromFiles(paths: readonly string[], templates: ReadonlyMap<string, TemplateInfo>, options: ParseOptions = {}): ConstraintSet {
  const set: ConstraintSet = { constraints: [], errors: [], skipped: [] };
  const validator = new ParameterValidator();
  for (const path of paths) {
    let files: string[];
    try {
      files = expandPath(path);
    } catch (error) {
      set.errors.push({ kind: "input", message: `--constraints: ${describeFsError(error)}`, source: { file: path, line: 0 } });
      continue;
    }
    if (!files.length) set.errors.push({ kind: "input", message: "--constraints: no .yaml, .yml or .json files in this directory", source: { file: path, line: 0 } });
    for (const file of files) {
      let text: string;
      try {
        text = readManifestFile(file); // bounded, and binary content is an error
      } catch (error) {
        set.errors.push({ kind: "input", message: `cannot read: ${describeFsError(error)}`, source: { file, line: 0 } });
        continue;
      }
      const parsed = parseManifests(text, file, options);
      set.errors.push(...parsed.errors);
      set.skipped.push(...parsed.skipped);
      for (const { object, source } of parsed.objects) {
        const apiVersion = object["apiVersion"] as string;
        const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
        const kind = object["kind"] as string;
        const metadata = object["metadata"] as Record<string, unknown>;
        const name = metadata["name"] as string;
        if (group !== CONSTRAINTS_GROUP) {
          set.skipped.push({ source, reason: `not a Constraint (${apiVersion} ${kind} ${name}): --constraints files hold ${CONSTRAINTS_GROUP} objects` });
          continue;
        }
        if (name.length > 63) {
          set.errors.push({ kind: "constraint", message: `constraint ${kind}/${name}: metadata.name must be no more than 63 characters`, source, constraint: { kind, name } });
          continue;
        }
        const spec = object["spec"] ?? {};
        if (!isRecord(spec)) {
          set.errors.push({ kind: "constraint", message: `constraint ${kind}/${name}: spec must be an object`, source, constraint: { kind, name } });
          continue;
        }
        const prepared = prepareConstraint(declaredIn(kind, name, spec, source), templates, validator);
        if ("error" in prepared) set.errors.push(prepared.error);
        else set.constraints.push(prepared.constraint);
      }
    }
  }
  return rejectDuplicates(set);
}
