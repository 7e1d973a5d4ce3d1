// Finds a project constraint by name (or Kind/name) across the policies.
import type { ProjectLayout } from "../compiler/project.js";
import { discoverPolicies, loadPolicy, type ConstraintDeclaration, type LoadedPolicy } from "../compiler/policies.js";

export interface FoundConstraint {
  readonly policy: LoadedPolicy;
  readonly constraint: ConstraintDeclaration;
}

export class LookupError extends Error {}

export async function loadAllPolicies(project: ProjectLayout | string): Promise<LoadedPolicy[]> {
  const policies: LoadedPolicy[] = [];
  // Fresh: a promotion earlier in the same process may have edited a file.
  for (const file of discoverPolicies(project)) policies.push(await loadPolicy(file, { fresh: true }));
  return policies;
}

/** `reference` is `name` or `Kind/name`. */
export function findConstraint(policies: readonly LoadedPolicy[], reference: string): FoundConstraint {
  const [kind, name] = reference.includes("/") ? (reference.split("/", 2) as [string, string]) : [undefined, reference];
  const found = policies.flatMap((policy) =>
    policy.constraints.filter((c) => c.name === name && (kind === undefined || policy.meta.kind === kind)).map((constraint) => ({ policy, constraint })),
  );
  if (found.length === 0) {
    const known = policies.flatMap((p) => p.constraints.map((c) => `${p.meta.kind}/${c.name}`)).sort();
    throw new LookupError(`no constraint '${reference}'; known: ${known.join(", ")}`);
  }
  if (found.length > 1) {
    throw new LookupError(`'${reference}' is ambiguous: ${found.map((f) => `${f.policy.meta.kind}/${f.constraint.name}`).join(", ")}; use Kind/name`);
  }
  return found[0]!;
}
