// `--format sarif`: SARIF 2.1.0 (typed with @types/sarif). One rule per enforced constraint; one
// result per violation at the manifest's file and line (deny → error, warn → warning,
// dry-run → note); errors and skipped documents are tool execution notifications.
import type { Location, Log, Notification, ReportingDescriptor, Result } from "sarif";
import { describe } from "../evaluate.js";
import { STDIN_NAME } from "../inputs.js";
import type { Action, AuditReport, SourceLocation } from "../types.js";

const LEVEL: Record<Action, Result.level> = { deny: "error", warn: "warning", dryrun: "note" };

/** A relative URI with forward slashes; stdin is `stdin`. */
export function artifactUri(file: string): string {
  if (file === STDIN_NAME) return "stdin";
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function location(source: SourceLocation): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(source.file) },
      ...(source.line > 0 ? { region: { startLine: source.line } } : {}),
    },
  };
}

export function sarifLog(report: AuditReport, toolVersion: string): Log {
  const rules: ReportingDescriptor[] = report.constraints.map((c) => ({
    id: `${c.constraint.kind}/${c.constraint.name}`,
    name: c.constraint.kind,
    shortDescription: { text: `Gatekeeper constraint ${c.constraint.name} of kind ${c.constraint.kind}` },
    defaultConfiguration: { level: LEVEL[c.action] },
    properties: { enforcementAction: c.action, ...(c.source ? { declaredAt: `${c.source.file}:${c.source.line}` } : {}) },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i] as const));
  const results: Result[] = report.violations.map((v) => {
    const id = `${v.constraint.kind}/${v.constraint.name}`;
    const index = ruleIndex.get(id);
    return {
      ruleId: id,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[v.action],
      message: { text: `${describe(v.object)}: ${v.message}` },
      locations: [
        {
          ...location(v.source),
          logicalLocations: [{ fullyQualifiedName: `${v.object.namespace ? `${v.object.namespace}/` : ""}${v.object.kind}/${v.object.name}`, kind: "resource" }],
        },
      ],
      properties: { enforcementAction: v.action, object: v.object },
    };
  });
  const notifications: Notification[] = [
    ...report.errors.map((e): Notification => ({
      level: "error",
      message: { text: e.message },
      ...(e.source ? { locations: [location(e.source)] } : {}),
      descriptor: { id: `gkc-audit-${e.kind}-error` },
    })),
    ...report.skipped.map((s): Notification => ({
      level: "warning",
      message: { text: s.reason },
      locations: [location(s.source)],
      descriptor: { id: "gkc-audit-skipped-document" },
    })),
  ];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gkc audit", version: toolVersion, rules } },
        results,
        invocations: [{ executionSuccessful: report.errors.length === 0, exitCode: report.summary.exitCode, toolExecutionNotifications: notifications }],
      },
    ],
  };
}

export function formatSarif(report: AuditReport, toolVersion = "0.1.0"): string {
  return `${JSON.stringify(sarifLog(report, toolVersion), null, 2)}\n`;
}
