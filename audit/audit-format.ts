// The report formats of `gkc audit --format`: the audit thread formats the report where it was
// made, so only text crosses back to the command's thread.
// Each format's module (and its libraries) is imported only when that format is asked for.
import type { AuditReport } from "./types.js";

export const AUDIT_FORMATS = ["text", "json", "junit", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export async function formatReport(report: AuditReport, format: AuditFormat, color: boolean): Promise<string> {
  switch (format) {
    case "json":
      return (await import("./report/json.js")).formatJson(report);
    case "junit":
      return (await import("./report/junit.js")).formatJunit(report);
    case "sarif":
      return (await import("./report/sarif.js")).formatSarif(report);
    case "text":
      return (await import("./report/text.js")).formatText(report, color);
  }
}
