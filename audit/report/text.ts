// `--format text` (the default): violations grouped by file and object, then errors and skipped
// documents, then one summary line. Coloured when `color` is true (stdout is a TTY).
import pc from "picocolors";
import { describe } from "../evaluate.js";
import type { Action, AuditError, AuditReport, SourceLocation, Violation } from "../types.js";

type Colors = ReturnType<typeof pc.createColors>;

function where(source: SourceLocation | undefined): string {
  if (!source) return "";
  return source.line > 0 ? `${source.file}:${source.line}` : source.file;
}

function actionLabel(action: Action, c: Colors): string {
  switch (action) {
    case "deny":
      return c.red("✗ deny   ");
    case "warn":
      return c.yellow("! warn   ");
    case "dryrun":
      return c.cyan("~ dry-run");
  }
}

export function formatError(error: AuditError): string {
  const location = where(error.source);
  return `${location ? `${location}: ` : ""}${error.message}`;
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

export function summaryLine(report: AuditReport): string {
  const s = report.summary;
  const parts = [
    `${plural(s.objects, "object")} in ${plural(s.files, "file")}`,
    `${plural(s.constraints, "constraint")}${s.notEnforced ? ` (${s.notEnforced} not enforced in CI)` : ""}`,
    `${s.deny} deny, ${s.warn} warn, ${s.dryrun} dry-run ${s.violations === 1 ? "violation" : "violations"}`,
    plural(s.errors, "error"),
  ];
  if (s.skipped) parts.push(plural(s.skipped, "skipped document"));
  return `gkc audit: ${parts.join("; ")}`;
}

export function formatText(report: AuditReport, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  // Violations arrive in input order: group consecutive ones by file, then by object.
  let file: string | undefined;
  let object: string | undefined;
  for (const v of report.violations) {
    if (v.source.file !== file) {
      if (file !== undefined) lines.push("");
      file = v.source.file;
      object = undefined;
      lines.push(c.bold(c.underline(file)));
    }
    const key = objectKey(v);
    if (key !== object) {
      object = key;
      lines.push(`  ${c.dim(`line ${v.source.line}`)}  ${c.bold(describe(v.object))}`);
    }
    lines.push(`    ${actionLabel(v.action, c)}  ${c.dim(`${v.constraint.kind}/${v.constraint.name}`)}  ${v.message}`);
  }
  if (report.errors.length) {
    if (lines.length) lines.push("");
    lines.push(c.red(c.bold(`errors (${report.errors.length})`)));
    for (const error of report.errors) lines.push(`  ${c.red("✗")} ${formatError(error)}`);
  }
  if (report.skipped.length) {
    if (lines.length) lines.push("");
    lines.push(c.yellow(`skipped (${report.skipped.length})`));
    for (const skipped of report.skipped) lines.push(`  - ${where(skipped.source)}: ${skipped.reason}`);
  }
  if (lines.length) lines.push("");
  const summary = summaryLine(report);
  const s = report.summary;
  lines.push(s.exitCode === 2 ? c.red(summary) : s.exitCode === 1 ? c.red(summary) : s.violations ? c.yellow(summary) : c.green(summary));
  return `${lines.join("\n")}\n`;
}

function objectKey(v: Violation): string {
  return `${v.source.file}:${v.source.line}:${describe(v.object)}`;
}
