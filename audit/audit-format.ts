// The report formats of `gkc audit --format`: the audit thread formats the report where it was
// made, so only text crosses back to the command's thread.
import { formatJson } from "./report/json.js";
import { formatJunit } from "./report/junit.js";
import { formatSarif } from "./report/sarif.js";
import { formatText } from "./report/text.js";
import type { AuditReport } from "./types.js";

export const AUDIT_FORMATS = ["text", "json", "junit", "sarif"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function formatReport(report: AuditReport, format: AuditFormat, color: boolean): string {
  switch (format) {
    case "json":
      return formatJson(report);
    case "junit":
      return formatJunit(report);
    case "sarif":
      return formatSarif(report);
    case "text":
      return formatText(report, color);
  }
}
