// `gkc audit` as a function: read the templates, the constraints and the manifests, evaluate,
// and return the report (the CLI formats it and exits with report.summary.exitCode).
import { layoutOf, type ProjectLayout } from "../compiler/project.js";
import { constraintsFromFiles, projectConstraints, type ConstraintSet } from "./constraints.js";
import { evaluateConstraints, type EvaluateOptions } from "./evaluate.js";
import { readInputs } from "./inputs.js";
import { loadBundle, readTemplates, type TemplateInfo } from "./templates.js";
import type { AuditError, AuditReport, EvaluatedConstraint, Violation } from "./types.js";

export interface AuditOptions {
  /** Files, directories, or `-` for stdin. */
  readonly paths: readonly string[];
  /** Gatekeeper-native Constraint files or directories; when given, only these are enforced. */
  readonly constraints?: readonly string[];
  /** The project: its policies declare the constraints, its bundle directory holds the templates. */
  readonly project: ProjectLayout | string;
  /** The bundle directory as the user named it, for messages (default `out`). */
  readonly outLabel?: string;
  /** Stdin, already read; by default `-` reads process.stdin. */
  readonly readStdin?: () => Promise<string | Uint8Array>;
  readonly onProgress?: EvaluateOptions["onProgress"];
  /** Pass (exit 0) when the input holds no object, instead of failing closed. */
  readonly allowEmpty?: boolean;
  /** The limit on the input bytes read in total, stdin included (default 256 MiB). */
  readonly maxInputBytes?: number;
  /** Evaluation threads (see EvaluateOptions.threads). */
  readonly threads?: number;
  /** On a small stack: throw NeedsLargerStack for input that may nest deeper (ParseOptions.stackLevels). */
  readonly stackLevels?: number;
}

/**
 * --constraints that yield no constraint would pass every manifest: an error, unless the files
 * already reported one (an invalid constraint, an unreadable path).
 */
function requireConstraints(set: ConstraintSet, paths: readonly string[]): ConstraintSet {
  if (set.constraints.length || set.errors.length) return set;
  const [only] = paths;
  const error: AuditError =
    paths.length === 1 && only !== undefined
      ? { kind: "input", message: "no constraint to enforce: --constraints holds no constraints.gatekeeper.sh object", source: { file: only, line: 0 } }
      : { kind: "input", message: `no constraint to enforce: --constraints ${paths.join(", ")} hold no constraints.gatekeeper.sh object` };
  return { ...set, errors: [error] };
}

export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const project = layoutOf(options.project);
  const out = options.outLabel ?? "out";
  const { templates, errors: templateErrors } = readTemplates(project.out);
  const constraintSet: ConstraintSet = options.constraints?.length
    ? requireConstraints(constraintsFromFiles(options.constraints, templates, options.stackLevels === undefined ? {} : { stackLevels: options.stackLevels }), options.constraints)
    : await projectConstraints(project, templates, out);
  const inputs = await readInputs(options.paths, {
    ...(options.readStdin ? { readStdin: options.readStdin } : {}),
    ...(options.allowEmpty ? { allowEmpty: true } : {}),
    ...(options.maxInputBytes !== undefined ? { maxInputBytes: options.maxInputBytes } : {}),
    ...(options.stackLevels !== undefined ? { stackLevels: options.stackLevels } : {}),
  });

  const enforced = constraintSet.constraints.filter((c) => c.actions.length > 0);
  const needed = new Set(enforced.map((c) => c.ref.kind));
  const { bundle, errors: engineErrors } = await loadBundle([...templates.values()].filter((t: TemplateInfo) => needed.has(t.kind)));
  const evaluation = await evaluateConstraints(inputs.objects, enforced, bundle, {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
  });

  const errors: AuditError[] = [...templateErrors, ...engineErrors, ...constraintSet.errors, ...inputs.errors, ...evaluation.errors];
  const skipped = [...constraintSet.skipped, ...inputs.skipped];
  const count = (action: Violation["action"]): number => evaluation.violations.filter((v) => v.action === action).length;
  const deny = count("deny");
  const constraints: EvaluatedConstraint[] = enforced.map((c, i) => ({
    constraint: c.ref,
    action: c.actions.includes("deny") ? "deny" : c.actions.includes("warn") ? "warn" : "dryrun",
    ...(c.source ? { source: c.source } : {}),
    matched: evaluation.matched[i]!,
  }));
  return {
    version: 1,
    summary: {
      files: inputs.files,
      objects: inputs.objects.length,
      constraints: enforced.length,
      notEnforced: constraintSet.constraints.length - enforced.length,
      evaluated: evaluation.evaluated,
      violations: evaluation.violations.length,
      deny,
      warn: count("warn"),
      dryrun: count("dryrun"),
      skipped: skipped.length,
      errors: errors.length,
      exitCode: errors.length ? 2 : deny ? 1 : 0,
    },
    violations: evaluation.violations,
    errors,
    skipped,
    constraints,
    objects: inputs.objects,
    ...(constraintSet.notes?.length ? { notes: constraintSet.notes } : {}),
  };
}
