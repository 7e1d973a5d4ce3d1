// audit/constraints.ts and audit/enforcement.ts: Gatekeeper-native Constraint YAML, parameter
// validation against the template schema, unknown kinds, enforcement at the gator point.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { constraintsFromFiles, ParameterValidator, projectConstraints } from "../audit/constraints.js";
import { ciEnforcement, strongestAction } from "../audit/enforcement.js";
import { readTemplates, type TemplateInfo } from "../audit/templates.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const DATA = join(PACKAGE_ROOT, "test", "data", "audit", "constraints");
const { templates } = readTemplates(join(PACKAGE_ROOT, "out"));

describe("ciEnforcement: the actions at gator.gatekeeper.sh", () => {
  const scoped = (...entries: [string, string[]][]): unknown => entries.map(([action, points]) => ({ action, enforcementPoints: points.map((name) => ({ name })) }));
  it.each([
    ["no action is deny", undefined, undefined, ["deny"]],
    ["an empty action is deny", "", undefined, ["deny"]],
    ["deny", "deny", undefined, ["deny"]],
    ["warn", "warn", undefined, ["warn"]],
    ["dryrun", "dryrun", undefined, ["dryrun"]],
    ["scoped for gator", "scoped", scoped(["warn", ["gator.gatekeeper.sh"]]), ["warn"]],
    ["scoped for *", "scoped", scoped(["deny", ["*"]]), ["deny"]],
    ["scoped for another point is not enforced in CI", "scoped", scoped(["deny", ["validation.gatekeeper.sh", "audit.gatekeeper.sh"]]), []],
    ["scoped: every entry naming gator adds its action", "scoped", scoped(["warn", ["gator.gatekeeper.sh"]], ["deny", ["*"]], ["dryrun", ["vap.k8s.io"]]), ["deny", "warn"]],
  ])("%s", (_name, action, scopedActions, expected) => {
    expect(ciEnforcement(action, scopedActions)).toEqual({ actions: expected });
  });
  it.each([
    ["Deny", undefined, 'spec.enforcementAction "Deny" is not one of deny, dryrun, warn, scoped'],
    [3, undefined, "spec.enforcementAction must be a string"],
    ["scoped", undefined, "spec.scopedEnforcementActions must be a list"],
    ["scoped", [{ action: "block", enforcementPoints: [{ name: "*" }] }], 'spec.scopedEnforcementActions[0].action "block" is not one of deny, dryrun, warn'],
    ["scoped", [{ action: "deny", enforcementPoints: [] }], "spec.scopedEnforcementActions[0].enforcementPoints must list at least one enforcement point"],
    ["scoped", [{ action: "deny", enforcementPoints: [{ name: "ci.example.com" }] }], 'spec.scopedEnforcementActions[0].enforcementPoints[0].name "ci.example.com" is not one of'],
  ])("rejects %j %j", (action, scopedActions, message) => {
    const result = ciEnforcement(action, scopedActions);
    expect("errors" in result ? result.errors.join("\n") : "accepted").toContain(message);
  });
  it("reports the strongest action", () => {
    expect(strongestAction(["dryrun", "warn"])).toBe("warn");
    expect(strongestAction(["warn", "deny"])).toBe("deny");
    expect(strongestAction(["dryrun"])).toBe("dryrun");
  });
});

describe("constraintsFromFiles", () => {
  it("loads native constraints with their file and line, and skips documents that are not constraints", () => {
    const set = constraintsFromFiles([join(DATA, "native.yaml")], templates);
    expect(set.errors).toEqual([]);
    expect(set.constraints.map((c) => [`${c.ref.kind}/${c.ref.name}`, c.actions, c.source?.line])).toEqual([
      ["K8sNamingConvention/shop-names", ["deny"], 2],
      ["K8sRequiredLabels/prod-needs-owner", ["warn"], 13],
      ["K8sApprovedRegistries/registries-webhook-only", [], 25],
      ["K8sContainerLimits/limits-dryrun", ["dryrun"], 37],
    ]);
    expect(set.skipped.map((s) => s.reason)).toEqual([expect.stringContaining("not a Constraint (kustomize.config.k8s.io/v1beta1 Kustomization k)")]);
  });

  it("names the constraint and the field of every problem; an unknown kind is a clear error", () => {
    const set = constraintsFromFiles([join(DATA, "invalid.yaml")], templates);
    expect(set.constraints).toEqual([]);
    expect(set.errors.map((e) => [e.kind, e.constraint?.name, e.source?.line])).toEqual([
      ["constraint", "bad-params", 1],
      ["constraint", "unknown-kind", 9],
      ["constraint", "bad-match", 15],
    ]);
    const [params, unknown, match] = set.errors.map((e) => e.message);
    expect(params).toBe("constraint K8sRequiredLabels/bad-params: spec.parameters.labels[0].key is required; spec.parameters.labels[0].allowedRegex must be string");
    expect(unknown).toMatch(/^constraint K8sNoSuchThing\/unknown-kind: unknown constraint kind K8sNoSuchThing: no ConstraintTemplate defines it \(templates: .*K8sRequiredLabels/);
    expect(match).toContain('spec.match.namespaces[0] "Shop" must match');
    expect(match).toContain("spec.match.labelSelector.matchExpressions[0].values: must be specified when operator is In or NotIn");
    expect(match).toContain('spec.enforcementAction "Deny" is not one of deny, dryrun, warn, scoped');
  });

  it("rejects a constraint declared twice, and a missing path", () => {
    const set = constraintsFromFiles([join(DATA, "native.yaml"), join(DATA, "native.yaml"), join(DATA, "absent.yaml")], templates);
    expect(set.constraints).toHaveLength(4);
    const messages = set.errors.map((e) => e.message);
    expect(messages.filter((m) => m.includes("is declared twice"))).toHaveLength(4);
    expect(set.errors).toContainEqual({ kind: "input", message: "--constraints: no such file or directory", source: { file: join(DATA, "absent.yaml"), line: 0 } });
  });
});

describe("readTemplates", () => {
  it("reads the same kinds, Rego and schemas from its per-user cache as from the YAML", () => {
    const saved = process.env["GKC_CACHE_DIR"];
    const cache = mkdtempSync(join(tmpdir(), "gkc-template-facts-"));
    process.env["GKC_CACHE_DIR"] = cache;
    try {
      const parsed = readTemplates(join(PACKAGE_ROOT, "out"));
      const entries = readdirSync(join(cache, "templates"));
      expect(entries).toHaveLength(parsed.templates.size);
      expect(readTemplates(join(PACKAGE_ROOT, "out"))).toEqual(parsed);
      // A malformed entry is derived again, not trusted.
      for (const entry of entries) writeFileSync(join(cache, "templates", entry), JSON.stringify({ rego: { kind: 1 } }));
      expect(readTemplates(join(PACKAGE_ROOT, "out"))).toEqual(parsed);
    } finally {
      if (saved === undefined) delete process.env["GKC_CACHE_DIR"];
      else process.env["GKC_CACHE_DIR"] = saved;
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it("refuses a template whose metadata.name is not the lowercase of its kind, as Gatekeeper does, and keeps the others", () => {
    const out = mkdtempSync(join(tmpdir(), "gkc-template-name-"));
    try {
      mkdirSync(join(out, "templates"));
      const labels = readFileSync(join(PACKAGE_ROOT, "out", "templates", "k8srequiredlabels.yaml"), "utf8");
      const renamed = join(out, "templates", "k8srequiredlabels.yaml");
      // Hand-edited: the kind renamed, the name left as it was.
      writeFileSync(renamed, labels.replace("kind: K8sRequiredLabels", "kind: K8sRequiredLabelsV2"));
      writeFileSync(join(out, "templates", "k8sblocknodeport.yaml"), readFileSync(join(PACKAGE_ROOT, "out", "templates", "k8sblocknodeport.yaml"), "utf8"));
      const { templates: read, errors } = readTemplates(out);
      expect([...read.keys()]).toEqual(["K8sBlockNodePort"]);
      expect(errors.map((e) => e.message)).toEqual([
        `${renamed}: metadata.name "k8srequiredlabels" is not the lowercase of its kind K8sRequiredLabelsV2: Gatekeeper refuses the template unless it is named "k8srequiredlabelsv2"`,
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
  it("says a template with only CEL cannot be audited, and how to build one that can", () => {
    const out = mkdtempSync(join(tmpdir(), "gkc-template-cel-"));
    try {
      mkdirSync(join(out, "templates"));
      const template = parse(readFileSync(join(PACKAGE_ROOT, "out", "templates", "k8sblocknodeport.yaml"), "utf8")) as { spec: { targets: { code: unknown[] }[] } };
      template.spec.targets[0]!.code = [{ engine: "K8sNativeValidation", source: { validations: [{ expression: "true", message: "m" }] } }];
      const path = join(out, "templates", "k8sblocknodeport.yaml");
      writeFileSync(path, stringify(template));
      const { templates: read, errors } = readTemplates(out);
      expect(read.size).toBe(0);
      expect(errors.map((e) => e.message)).toEqual([`${path}: K8sBlockNodePort carries only CEL (K8sNativeValidation): gkc evaluates the Rego, so build it with --engine both (or rego)`]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("ParameterValidator", () => {
  const template: TemplateInfo = {
    kind: "K8sExample",
    path: "example.yaml",
    rego: { kind: "K8sExample", packageName: "k8sexample", rego: "package k8sexample" },
    schema: {
      type: "object",
      properties: {
        mode: { type: "string", default: "strict" },
        limits: { type: "object", properties: { "max-count": { type: "integer" } } },
      },
      required: ["limits"],
    },
  };
  it("applies schema defaults and leaves the declared parameters untouched", () => {
    const declared = { limits: {} };
    expect(new ParameterValidator().validate(template, declared)).toEqual({ parameters: { mode: "strict", limits: {} } });
    expect(declared).toEqual({ limits: {} });
  });
  it("names fields with awkward keys and missing required ones", () => {
    expect(new ParameterValidator().validate(template, { limits: { "max-count": "3" } })).toEqual({ errors: ['spec.parameters.limits["max-count"] must be integer'] });
    expect(new ParameterValidator().validate(template, undefined)).toEqual({ errors: ["spec.parameters.limits is required"] });
  });
  it("validates the same from ajv's standalone code cached per user as when it compiles the schema", () => {
    const saved = process.env["GKC_CACHE_DIR"];
    const cache = mkdtempSync(join(tmpdir(), "gkc-validators-"));
    process.env["GKC_CACHE_DIR"] = cache;
    try {
      const cases = [{ limits: {} }, { limits: { "max-count": "3" } }, undefined, { mode: 1, limits: [] }];
      const compiled = cases.map((c) => new ParameterValidator().validate(template, c));
      const files = readdirSync(join(cache, "validators"));
      expect(files).toHaveLength(1);
      const cached = cases.map((c) => new ParameterValidator().validate(template, c));
      expect(cached).toEqual(compiled);
      expect(compiled[0]).toEqual({ parameters: { mode: "strict", limits: {} } });
      // An unusable entry is compiled again (and rewritten), not trusted.
      writeFileSync(join(cache, "validators", files[0]!), "module.exports = 42;");
      expect(cases.map((c) => new ParameterValidator().validate(template, c))).toEqual(compiled);
    } finally {
      if (saved === undefined) delete process.env["GKC_CACHE_DIR"];
      else process.env["GKC_CACHE_DIR"] = saved;
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe("projectConstraints", () => {
  it("loads the policies' constraints, autogen kinds included, when their templates are built", async () => {
    const set = await projectConstraints(PACKAGE_ROOT, templates);
    const limits = set.constraints.find((c) => c.ref.kind === "K8sContainerLimits");
    expect(limits, JSON.stringify(set.errors)).toBeDefined();
    expect(limits!.match?.kinds.flatMap((k) => k.kinds)).toEqual(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob"]);
    expect(limits!.source?.file).toBe("policies/container-limits.ts");
  });
  it("says to run gkc build when a policy's template is not in out/", async () => {
    const set = await projectConstraints(PACKAGE_ROOT, new Map());
    expect(set.constraints).toEqual([]);
    expect(set.errors.find((e) => e.message.includes("k8srequiredlabels.yaml"))?.message).toBe("out/templates/k8srequiredlabels.yaml is missing for policies/required-labels.ts: run `npx gkc build`");
  });
});
