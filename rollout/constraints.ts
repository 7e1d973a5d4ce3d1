// Finds a project constraint by name (or Kind/name) across the policies.
import { relative } from "node:path";
import { layoutOf, type ProjectLayout } from "../compiler/project.js";
import { discoverPolicies, loadPolicy, PolicyLoadError, type ConstraintDeclaration, type LoadedPolicy } from "../compiler/policies.js";

export interface FoundConstraint {
  readonly policy: LoadedPolicy;
  readonly constraint: ConstraintDeclaration;
}

/** A policy file that did not load; `shown` is relative to the project root. */
export interface LoadFailure {
  readonly file: string;
  readonly shown: string;
  /** Why, without the file name. */
  readonly reason: string;
}

/** An unknown or ambiguous constraint reference: a usage error. */
export class LookupError extends Error {}

/** Every policy that loads, and the files that do not (an emergency demote must not need them). */
export async function loadPolicies(project: ProjectLayout | string): Promise<{ policies: LoadedPolicy[]; failures: LoadFailure[] }> {
  const layout = layoutOf(project);
  const policies: LoadedPolicy[] = [];
  const failures: LoadFailure[] = [];
  for (const file of discoverPolicies(layout)) {
    try {
      // Fresh: a promotion earlier in the same process may have edited a file.
      policies.push(await loadPolicy(file, { fresh: true }));
    } catch (error) {
      if (!(error instanceof PolicyLoadError)) throw error;
      failures.push({ file, shown: relative(layout.root, file), reason: error.message.replace(`${file}: `, "") });
    }
  }
  return { policies, failures };
}

export async function loadAllPolicies(project: ProjectLayout | string): Promise<LoadedPolicy[]> {
  const { policies, failures } = await loadPolicies(project);
  if (failures.length) throw new PolicyLoadError(failures.map((f) => `${f.file}: ${f.reason}`).join("; "));
  return policies;
}

/** `reference` is `name` or `Kind/name`. */
export function findConstraint(policies: readonly LoadedPolicy[], reference: string, failures: readonly LoadFailure[] = []): FoundConstraint {
  const [kind, name] = reference.includes("/") ? (reference.split("/", 2) as [string, string]) : [undefined, reference];
  const found = policies.flatMap((policy) =>
    policy.constraints.filter((c) => c.name === name && (kind === undefined || policy.meta.kind === kind)).map((constraint) => ({ policy, constraint })),
  );
  if (found.length === 0) {
    const known = policies.flatMap((p) => p.constraints.map((c) => `${p.meta.kind}/${c.name}`)).sort();
    const unsearched = failures.length ? `; not searched: ${failures.map((f) => `${f.shown} did not load (${f.reason})`).join("; ")}` : "";
    throw new LookupError(`no constraint '${reference}'; known: ${known.join(", ")}${unsearched}`);
  }
  if (found.length > 1) {
    throw new LookupError(`'${reference}' is ambiguous: ${found.map((f) => `${f.policy.meta.kind}/${f.constraint.name}`).join(", ")}; use Kind/name`);
  }
  return found[0]!;
}
