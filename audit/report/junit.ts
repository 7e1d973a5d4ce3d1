// `--format junit`: JUnit XML (junit-report-builder). One test suite per enforced constraint, one
// test case per object it matched: a deny violation fails the case; warn and dry-run violations
// pass it with the messages as system-out. Errors are error cases of a "gkc audit: errors" suite
// and skipped documents skipped cases of a "gkc audit: skipped documents" suite.
import junit, { type Builder } from "junit-report-builder";
import { describe } from "../evaluate.js";
import { objectRef } from "../evaluate.js";
import type { AuditReport, Violation } from "../types.js";
import { formatError } from "./text.js";

/** The package's CommonJS export is the builder itself; its typings describe an ES default. */
function newBuilder(): Builder {
  const exported = junit as unknown as Builder & { default?: Builder };
  return (exported.default ?? exported).newBuilder();
}

function violationKey(constraint: string, file: string, line: number, object: string): string {
  return `${constraint}\u0000${file}:${line}\u0000${object}`;
}

export function formatJunit(report: AuditReport): string {
  const builder = newBuilder().name("gkc audit");
  const byPair = new Map<string, Violation[]>();
  for (const v of report.violations) {
    const key = violationKey(`${v.constraint.kind}/${v.constraint.name}`, v.source.file, v.source.line, describe(v.object));
    byPair.set(key, [...(byPair.get(key) ?? []), v]);
  }
  for (const evaluated of report.constraints) {
    const constraintName = `${evaluated.constraint.kind}/${evaluated.constraint.name}`;
    const suite = builder.testSuite().name(constraintName).property("enforcementAction", evaluated.action);
    if (evaluated.source) suite.property("declaredAt", `${evaluated.source.file}:${evaluated.source.line}`);
    for (const index of evaluated.matched) {
      const { object, source } = report.objects[index]!;
      const described = describe(objectRef(object));
      const testCase = suite.testCase().className(constraintName).name(`${described} (${source.file}:${source.line})`).file(source.file);
      const violations = byPair.get(violationKey(constraintName, source.file, source.line, described)) ?? [];
      const denied = violations.filter((v) => v.action === "deny");
      if (denied.length) testCase.failure(denied.map((v) => v.message).join("\n"), "deny");
      const reported = violations.filter((v) => v.action !== "deny");
      if (reported.length) testCase.standardOutput(reported.map((v) => `${v.action}: ${v.message}`).join("\n"));
    }
  }
  if (report.errors.length) {
    const suite = builder.testSuite().name("gkc audit: errors");
    report.errors.forEach((error, i) => {
      const testCase = suite.testCase().className(`gkc.audit.${error.kind}`).name(`${error.kind} error ${i + 1}`).error(formatError(error), error.kind);
      if (error.source) testCase.file(error.source.file);
    });
  }
  if (report.skipped.length) {
    const suite = builder.testSuite().name("gkc audit: skipped documents");
    for (const skipped of report.skipped) {
      suite.testCase().className("gkc.audit.skipped").name(`${skipped.source.file}:${skipped.source.line}`).file(skipped.source.file).skipped().standardOutput(skipped.reason);
    }
  }
  return `${builder.build()}\n`;
}
