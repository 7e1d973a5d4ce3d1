// `--format json`: the stable, documented schema of docs/audit-json.md (version 1).
import type { AuditReport } from "../types.js";

/** The JSON document: version, summary, constraints, violations, errors, skipped — nothing else. */
export function jsonDocument(report: AuditReport): object {
  return {
    version: report.version,
    summary: report.summary,
    // Which constraints were evaluated: a clean report is evidence only for these (gkc promote).
    constraints: report.constraints.map((c) => ({
      kind: c.constraint.kind,
      name: c.constraint.name,
      action: c.action,
      matched: c.matched.length,
    })),
    violations: report.violations.map((v) => ({
      constraint: { kind: v.constraint.kind, name: v.constraint.name },
      action: v.action,
      object: { apiVersion: v.object.apiVersion, kind: v.object.kind, namespace: v.object.namespace, name: v.object.name },
      source: { file: v.source.file, line: v.source.line },
      message: v.message,
    })),
    errors: report.errors.map((e) => ({
      kind: e.kind,
      message: e.message,
      source: e.source ? { file: e.source.file, line: e.source.line } : null,
      constraint: e.constraint ? { kind: e.constraint.kind, name: e.constraint.name } : null,
    })),
    skipped: report.skipped.map((s) => ({ source: { file: s.source.file, line: s.source.line }, reason: s.reason })),
  };
}

export function formatJson(report: AuditReport): string {
  return `${JSON.stringify(jsonDocument(report), null, 2)}\n`;
}
