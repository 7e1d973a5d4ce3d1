// The four output formats of `gkc audit`, on one hand-made report: text (grouping, colour,
// summary), JSON (the documented schema of docs/audit-json.md), JUnit XML and SARIF 2.1.0.
import { describe, expect, it } from "vitest";
import { jsonDocument, formatJson } from "../audit/report/json.js";
import { formatJunit } from "../audit/report/junit.js";
import { artifactUri, sarifLog } from "../audit/report/sarif.js";
import { formatText, summaryLine } from "../audit/report/text.js";
import type { AuditReport, Violation } from "../audit/types.js";

const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "shop" } };
const namespace = { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } };
const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "shop" } };

const v = (constraint: [string, string], action: Violation["action"], object: typeof deployment, file: string, line: number, message: string): Violation => ({
  constraint: { kind: constraint[0], name: constraint[1] },
  action,
  object: { apiVersion: object.apiVersion, kind: object.kind, namespace: (object.metadata as { namespace?: string }).namespace ?? null, name: object.metadata.name },
  source: { file, line },
  message,
});

const REPORT: AuditReport = {
  version: 1,
  summary: { files: 2, objects: 3, constraints: 2, notEnforced: 1, evaluated: 4, violations: 3, deny: 1, warn: 1, dryrun: 1, skipped: 1, errors: 1, exitCode: 2 },
  violations: [
    v(["K8sRequiredLabels", "must-have-owner"], "deny", namespace as typeof deployment, "deploy/ns.yaml", 1, 'missing required label "owner"'),
    v(["K8sContainerLimits", "limits"], "warn", deployment, "deploy/app.yaml", 3, 'container "web" has no cpu limit'),
    v(["K8sRequiredLabels", "must-have-owner"], "dryrun", deployment, "deploy/app.yaml", 3, 'missing <required> label "owner" & more'),
  ],
  errors: [{ kind: "input", message: "malformed YAML: Map keys must be unique", source: { file: "deploy/bad.yaml", line: 4 } }],
  skipped: [{ source: { file: "deploy/app.yaml", line: 20 }, reason: "not a Kubernetes object: the document is a list" }],
  constraints: [
    { constraint: { kind: "K8sRequiredLabels", name: "must-have-owner" }, action: "deny", source: { file: "policies/required-labels.ts", line: 50 }, matched: [0, 1] },
    { constraint: { kind: "K8sContainerLimits", name: "limits" }, action: "warn", matched: [1, 2] },
  ],
  objects: [
    { object: namespace, source: { file: "deploy/ns.yaml", line: 1 } },
    { object: deployment, source: { file: "deploy/app.yaml", line: 3 } },
    { object: configMap, source: { file: "deploy/app.yaml", line: 12 } },
  ],
};

describe("text", () => {
  it("groups by file and object, then errors, skipped documents and one summary line", () => {
    const text = formatText(REPORT, false);
    expect(text).toBe(
      [
        "deploy/ns.yaml",
        "  line 1  v1 Namespace shop",
        '    ✗ deny     K8sRequiredLabels/must-have-owner  missing required label "owner"',
        "",
        "deploy/app.yaml",
        "  line 3  apps/v1 Deployment shop/web",
        '    ! warn     K8sContainerLimits/limits  container "web" has no cpu limit',
        '    ~ dry-run  K8sRequiredLabels/must-have-owner  missing <required> label "owner" & more',
        "",
        "errors (1)",
        "  ✗ deploy/bad.yaml:4: malformed YAML: Map keys must be unique",
        "",
        "skipped (1)",
        "  - deploy/app.yaml:20: not a Kubernetes object: the document is a list",
        "",
        "gkc audit: 3 objects in 2 files; 2 constraints (1 not enforced in CI); 1 deny, 1 warn, 1 dry-run violations; 1 error; 1 skipped document",
        "",
      ].join("\n"),
    );
  });
  it("colours only when asked", () => {
    expect(formatText(REPORT, true)).toMatch(/\u001b\[31m/);
    expect(formatText(REPORT, false)).not.toMatch(/\u001b\[/);
  });
  it("summarises a clean run", () => {
    const clean: AuditReport = { ...REPORT, violations: [], errors: [], skipped: [], summary: { ...REPORT.summary, violations: 0, deny: 0, warn: 0, dryrun: 0, errors: 0, skipped: 0, notEnforced: 0, exitCode: 0 } };
    expect(summaryLine(clean)).toBe("gkc audit: 3 objects in 2 files; 2 constraints; 0 deny, 0 warn, 0 dry-run violations; 0 errors");
  });
});

describe("json", () => {
  it("has exactly the documented keys", () => {
    const document = JSON.parse(formatJson(REPORT)) as Record<string, unknown>;
    expect(Object.keys(document)).toEqual(["version", "summary", "constraints", "violations", "errors", "skipped"]);
    expect(document["version"]).toBe(1);
    expect(Object.keys(document["summary"] as object).sort()).toEqual(["deny", "dryrun", "errors", "evaluated", "exitCode", "files", "notEnforced", "objects", "constraints", "skipped", "violations", "warn"].sort());
    expect((document["violations"] as unknown[])[1]).toEqual({
      constraint: { kind: "K8sContainerLimits", name: "limits" },
      action: "warn",
      object: { apiVersion: "apps/v1", kind: "Deployment", namespace: "shop", name: "web" },
      source: { file: "deploy/app.yaml", line: 3 },
      message: 'container "web" has no cpu limit',
    });
    expect((document["violations"] as { object: { namespace: unknown } }[])[0]!.object.namespace).toBeNull();
    expect(document["errors"]).toEqual([{ kind: "input", message: "malformed YAML: Map keys must be unique", source: { file: "deploy/bad.yaml", line: 4 }, constraint: null }]);
    expect(document["skipped"]).toEqual([{ source: { file: "deploy/app.yaml", line: 20 }, reason: "not a Kubernetes object: the document is a list" }]);
    expect(jsonDocument(REPORT)).toEqual(document);
  });
});

describe("junit", () => {
  it("is one suite per constraint and one case per matched object; deny fails, warn and dry-run pass with output", () => {
    const xml = formatJunit(REPORT);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="gkc audit" tests="6" failures="1" errors="1" skipped="1">/);
    expect(xml).toContain('<testsuite name="K8sRequiredLabels/must-have-owner" tests="2" failures="1" errors="0" skipped="0">');
    expect(xml).toContain('<property name="declaredAt" value="policies/required-labels.ts:50"/>');
    expect(xml).toContain('<testcase classname="K8sRequiredLabels/must-have-owner" name="v1 Namespace shop (deploy/ns.yaml:1)" file="deploy/ns.yaml">');
    expect(xml).toContain('<failure message="missing required label &quot;owner&quot;" type="deny"/>');
    expect(xml).toContain("<system-out><![CDATA[dryrun: missing <required> label \"owner\" & more]]></system-out>");
    expect(xml).toContain('<testcase classname="K8sContainerLimits/limits" name="v1 ConfigMap shop/cfg (deploy/app.yaml:12)" file="deploy/app.yaml"/>');
    expect(xml).toContain('<error message="deploy/bad.yaml:4: malformed YAML: Map keys must be unique" type="input"/>');
    expect(xml).toMatch(/<testcase classname="gkc.audit.skipped" name="deploy\/app.yaml:20" file="deploy\/app.yaml">\s*<skipped\/>/);
    expect(xml.match(/<testcase /g)).toHaveLength(6);
  });
});

describe("sarif", () => {
  it("is SARIF 2.1.0 with one rule per constraint and each violation at the manifest's file and line", () => {
    const log = sarifLog(REPORT, "9.9.9");
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0]!;
    expect(run.tool.driver.rules?.map((r) => [r.id, r.defaultConfiguration?.level])).toEqual([
      ["K8sRequiredLabels/must-have-owner", "error"],
      ["K8sContainerLimits/limits", "warning"],
    ]);
    expect(run.results?.map((r) => [r.ruleId, r.ruleIndex, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ["K8sRequiredLabels/must-have-owner", 0, "error", "deploy/ns.yaml", 1],
      ["K8sContainerLimits/limits", 1, "warning", "deploy/app.yaml", 3],
      ["K8sRequiredLabels/must-have-owner", 0, "note", "deploy/app.yaml", 3],
    ]);
    expect(run.results?.[1]?.message.text).toBe('apps/v1 Deployment shop/web: container "web" has no cpu limit');
    expect(run.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(run.invocations?.[0]?.toolExecutionNotifications?.map((n) => [n.level, n.locations?.[0]?.physicalLocation?.region?.startLine])).toEqual([
      ["error", 4],
      ["warning", 20],
    ]);
    // Valid JSON all the way down (no undefined, no cycles).
    expect(JSON.parse(JSON.stringify(log))).toEqual(log);
  });
  it("makes relative URIs with forward slashes and escapes", () => {
    expect(artifactUri("a b/c#d.yaml")).toBe("a%20b/c%23d.yaml");
    expect(artifactUri("dir\\file.yaml")).toBe("dir/file.yaml");
    expect(artifactUri("<stdin>")).toBe("stdin");
  });
});
