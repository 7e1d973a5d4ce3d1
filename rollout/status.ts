// `gkc status`: every constraint, its action, and the violations in the last evidence given.
import { layoutOf, type ProjectLayout } from "../compiler/project.js";
import { loadAllPolicies } from "./constraints.js";
import { readEvidence } from "./evidence.js";
import { readRollout } from "./log.js";

export interface StatusRow {
  readonly constraint: string;
  readonly action: string;
  readonly violations: number | null;
  readonly evidence: string;
}

export async function rolloutStatus(project: ProjectLayout | string, evidenceFile?: string): Promise<StatusRow[]> {
  const policies = await loadAllPolicies(project);
  const log = readRollout(layoutOf(project).root);
  const rows: StatusRow[] = [];
  for (const policy of policies) {
    for (const c of policy.constraints) {
      const ref = { kind: policy.meta.kind, name: c.name };
      const action =
        c.enforcementAction === "scoped" && Array.isArray(c.scopedEnforcementActions)
          ? `scoped (${(c.scopedEnforcementActions as { action: string; enforcementPoints: { name: string }[] }[])
              .map((s) => `${s.action}@${s.enforcementPoints.map((p) => p.name).join("+")}`)
              .join(", ")})`
          : c.enforcementAction;
      if (evidenceFile) {
        const finding = readEvidence(evidenceFile, ref);
        const unusable = finding.problems.filter((p) => !["no-violations", "same-constraint", "constraint-evaluated"].includes(p.rule)).map((p) => `[${p.rule}]`);
        const evidence = unusable.length ? `${finding.summary} (not evidence for promote: ${unusable.join(" ")})` : finding.summary;
        rows.push({ constraint: `${ref.kind}/${ref.name}`, action, violations: finding.violations ?? null, evidence });
        continue;
      }
      const last = [...log].reverse().find((e) => e.constraint.kind === ref.kind && e.constraint.name === ref.name && e.evidence);
      rows.push({
        constraint: `${ref.kind}/${ref.name}`,
        action,
        violations: last?.evidence?.violations ?? null,
        evidence: last?.evidence ? `${last.evidence.summary} (given ${last.when})` : "no evidence given yet",
      });
    }
  }
  return rows.sort((a, b) => (a.constraint < b.constraint ? -1 : a.constraint > b.constraint ? 1 : 0));
}
