// gkc build --vap (standalone ValidatingAdmissionPolicies) and --gatekeeper-vap (generateVAP on
// the templates): well-formed, deterministic YAML; the policy's CEL is the template's under the
// documented binding of Gatekeeper's two variables; what a binding cannot express is refused.
// The CEL itself is evaluated by the real API server in test/cluster/vap.test.ts.
import { rmSync } from "node:fs";
import { parse, parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BuildError, buildProject, type BuildResult } from "../compiler/build.js";
import { defaultLayout } from "../compiler/project.js";
import { apiGroupsOf, MATCH_CONDITIONS } from "../compiler/vap/match.js";
import { GATEKEEPER_VARIABLES, validationActions } from "../compiler/vap/render.js";
import type { ConstraintDeclaration } from "../compiler/policies.js";
import { runBuild } from "../cli/build.js";
import { tempProject, adoptLibraryPolicy } from "./support/temp-project.js";

const adopt = adoptLibraryPolicy;
const pods = `kinds: [{ apiGroups: [""], kinds: ["Pod"] }]`;

const POLICIES: Readonly<Record<string, string>> = {
  "policies/container-limits.ts": adopt(
    "container-limits",
    `  constraint<Parameters>({ name: "limits", enforcementAction: "deny", match: { ${pods}, namespaces: ["prod-*"], labelSelector: { matchLabels: { tier: "web" } }, namespaceSelector: { matchExpressions: [{ key: "team", operator: "Exists" }] } }, parameters: { cpu: "2" } }),
  constraint<Parameters>({ name: "limits-warn", enforcementAction: "warn", match: { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] }, parameters: {} }),
  constraint<Parameters>({ name: "limits-audit", enforcementAction: "dryrun", parameters: {} }),
  constraint<Parameters>({ name: "limits-scoped", enforcementAction: "scoped", scopedEnforcementActions: [{ action: "warn", enforcementPoints: [{ name: "vap.k8s.io" }] }, { action: "deny", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] }], parameters: {} }),
  constraint<Parameters>({ name: "webhook-only", enforcementAction: "scoped", scopedEnforcementActions: [{ action: "deny", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] }], parameters: {} }),\n`,
  ),
  "policies/approved-registries.ts": adopt("approved-registries", `  constraint<Parameters>({ name: "repos", enforcementAction: "deny", match: { ${pods} }, parameters: { registries: ["ghcr.io"] } }),\n`),
  // No CEL: compareScaledQuantities (a product of quantities).
  "policies/container-ratios.ts": adopt("container-ratios", `  constraint<Parameters>({ name: "ratios", enforcementAction: "deny", match: { ${pods} }, parameters: { ratio: "2" } }),\n`),
};

let root: string;
let built: BuildResult;
beforeAll(async () => {
  root = tempProject(POLICIES, "gkc-vap-");
  built = await buildProject(defaultLayout(root), undefined, { engine: "both", vap: true });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const doc = (path: string): Record<string, any> => {
  const text = built.files.get(path);
  if (text === undefined) throw new Error(`no ${path} in ${[...built.files.keys()].filter((p) => p.startsWith("vap/")).join(", ")}`);
  return parse(text) as Record<string, any>;
};
const celSource = (kind: string): Record<string, any> =>
  doc(`templates/${kind}.yaml`).spec.targets[0].code.find((c: { engine: string }) => c.engine === "K8sNativeValidation").source;

describe("gkc build --vap", () => {
  test("writes a CRD, a policy, and per constraint a parameter object and a binding; every file one well-formed document", () => {
    const vap = [...built.files.keys()].filter((p) => p.startsWith("vap/")).sort();
    expect(vap).toEqual([
      "vap/bindings/k8sapprovedregistries-repos.yaml",
      "vap/bindings/k8scontainerlimits-limits-audit.yaml",
      "vap/bindings/k8scontainerlimits-limits-scoped.yaml",
      "vap/bindings/k8scontainerlimits-limits-warn.yaml",
      "vap/bindings/k8scontainerlimits-limits.yaml",
      "vap/crds/k8sapprovedregistries.yaml",
      "vap/crds/k8scontainerlimits.yaml",
      "vap/kustomization.yaml",
      "vap/params/k8sapprovedregistries-repos.yaml",
      "vap/params/k8scontainerlimits-limits-audit.yaml",
      "vap/params/k8scontainerlimits-limits-scoped.yaml",
      "vap/params/k8scontainerlimits-limits-warn.yaml",
      "vap/params/k8scontainerlimits-limits.yaml",
      "vap/params/k8scontainerlimits-webhook-only.yaml",
      "vap/policies/k8sapprovedregistries.yaml",
      "vap/policies/k8scontainerlimits.yaml",
    ]);
    for (const path of vap) {
      const docs = parseAllDocuments(built.files.get(path)!);
      expect(docs, path).toHaveLength(1);
      expect(docs[0]!.errors, path).toEqual([]);
    }
    // Kustomize applies them in this order: CRDs, parameter objects, policies, bindings.
    const resources = doc("vap/kustomization.yaml").resources as string[];
    expect(resources.map((r) => r.split("/")[0])).toEqual([...Array(2).fill("crds"), ...Array(6).fill("params"), ...Array(2).fill("policies"), ...Array(5).fill("bindings")]);
    expect(resources.every((r) => built.files.has(`vap/${r}`))).toBe(true);
    expect(built.vap?.skippedTemplates.map((s) => s.kind)).toEqual(["K8sContainerRatios"]);
    expect(built.vap?.skippedConstraints).toEqual([{ kind: "K8sContainerLimits", name: "webhook-only", reason: "no scoped action names the vap.k8s.io enforcement point" }]);
  });

  test("two builds are byte-identical", async () => {
    const again = await buildProject(defaultLayout(root), undefined, { engine: "both", vap: true });
    expect([...again.files.entries()].filter(([p]) => p.startsWith("vap/"))).toEqual([...built.files.entries()].filter(([p]) => p.startsWith("vap/")));
  }, 120_000);

  test("the policy's variables and validations are the template's, after Gatekeeper's anyObject and params", () => {
    for (const kind of ["k8scontainerlimits", "k8sapprovedregistries"]) {
      const source = celSource(kind);
      const policy = doc(`vap/policies/${kind}.yaml`);
      expect(policy.apiVersion).toBe("admissionregistration.k8s.io/v1");
      expect(policy.spec.failurePolicy).toBe("Fail");
      expect(policy.spec.validations).toEqual(source.validations);
      expect(policy.spec.variables).toEqual([...GATEKEEPER_VARIABLES, ...source.variables]);
      expect(policy.spec.variables.map((v: { name: string }) => v.name).slice(0, 2)).toEqual(["anyObject", "params"]);
      expect(policy.spec.matchConditions).toEqual(MATCH_CONDITIONS);
      expect(policy.spec.paramKind).toEqual({ apiVersion: "params.gkc.dev/v1", kind: doc(`templates/${kind}.yaml`).spec.crd.spec.names.kind });
    }
    // matchConstraints: every group a constraint's kinds name (resources need discovery: all).
    // A pod-spec template's constraint without kinds gets the pod-spec kinds (core, apps, batch).
    expect(doc("constraints/k8scontainerlimits-limits-audit.yaml").spec.match.kinds.flatMap((k: { apiGroups: string[] }) => k.apiGroups).sort()).toEqual(["", "apps", "batch"]);
    expect(doc("vap/policies/k8scontainerlimits.yaml").spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: ["", "apps", "batch"], apiVersions: ["*"], resources: ["*"], operations: ["CREATE", "UPDATE"] },
    ]);
    expect(doc("vap/policies/k8sapprovedregistries.yaml").spec.matchConstraints.resourceRules[0].apiGroups).toEqual([""]);
  });

  test("the parameter CRD carries the template's parameters schema; a parameter object the constraint's match and parameters", () => {
    const crd = doc("vap/crds/k8scontainerlimits.yaml");
    const template = doc("templates/k8scontainerlimits.yaml");
    expect(crd.metadata.name).toBe("k8scontainerlimits.params.gkc.dev");
    expect(crd.spec.scope).toBe("Cluster");
    expect(crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.parameters).toEqual(template.spec.crd.spec.validation.openAPIV3Schema);
    const params = doc("vap/params/k8scontainerlimits-limits.yaml");
    const constraint = doc("constraints/k8scontainerlimits-limits.yaml");
    expect(params).toEqual({ apiVersion: "params.gkc.dev/v1", kind: "K8sContainerLimits", metadata: { name: "limits" }, spec: { match: constraint.spec.match, parameters: constraint.spec.parameters } });
  });

  test("bindings: actions from the enforcement action, selectors from the match, fail closed without parameters", () => {
    const binding = (name: string): Record<string, any> => doc(`vap/bindings/k8scontainerlimits-${name}.yaml`).spec;
    expect(binding("limits")).toEqual({
      policyName: "gkc-k8scontainerlimits",
      paramRef: { name: "limits", parameterNotFoundAction: "Deny" },
      matchResources: { namespaceSelector: { matchExpressions: [{ key: "team", operator: "Exists" }] }, objectSelector: { matchLabels: { tier: "web" } } },
      validationActions: ["Deny"],
    });
    expect(binding("limits-warn").validationActions).toEqual(["Warn"]);
    expect(binding("limits-warn").matchResources).toBeUndefined();
    expect(binding("limits-audit").validationActions).toEqual(["Audit"]);
    // Scoped: only the actions for the API server's enforcement point.
    expect(binding("limits-scoped").validationActions).toEqual(["Warn"]);
  });

  test("what a binding cannot express is a build error naming the file and constraint", async () => {
    const bad = tempProject(
      { "policies/approved-registries.ts": adopt("approved-registries", `  constraint<Parameters>({ name: "cluster-only", enforcementAction: "deny", match: { ${pods}, scope: "Namespaced" }, parameters: { registries: [] } }),\n`) },
      "gkc-vap-bad-",
    );
    try {
      const error = await buildProject(defaultLayout(bad), undefined, { engine: "both", vap: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildError);
      expect((error as BuildError).failure.errors).toEqual([
        'policies/approved-registries.ts: constraint cluster-only: match.scope "Namespaced": a ValidatingAdmissionPolicyBinding cannot select by scope; gkc build --vap refuses it',
      ]);
      // Without --vap the same project builds.
      await expect(buildProject(defaultLayout(bad), undefined, { engine: "both" })).resolves.toBeDefined();
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  }, 120_000);

  test("--vap and --gatekeeper-vap need CEL: with --engine rego a one-line usage error, nothing written", async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await runBuild({ check: false, engine: "rego", vap: true }, defaultLayout(root))).toBe(2);
      expect(await runBuild({ check: false, engine: "rego", gatekeeperVap: true }, defaultLayout(root))).toBe(2);
    } finally {
      console.error = original;
    }
    expect(errors.map((e) => e.replace(/\x1b\[[0-9;]*m/g, ""))).toEqual([
      "gkc build: --vap needs the templates' CEL: add --engine both (or cel)",
      "gkc build: --gatekeeper-vap needs the templates' CEL: add --engine both (or cel)",
    ]);
  });
});

describe("Gatekeeper's own generation (generateVAP)", () => {
  test("left to Gatekeeper unless stated: absent by default, true or false as the build or gkc.config.json says; templates without CEL have no CEL source", async () => {
    expect(celSource("k8scontainerlimits")).not.toHaveProperty("generateVAP");
    const stated = async (gatekeeperVap: boolean): Promise<Record<string, any>> => {
      const result = await buildProject(defaultLayout(root), undefined, { engine: "both", gatekeeperVap });
      expect([...result.files.keys()].some((p) => p.startsWith("vap/"))).toBe(false);
      expect(result.files.get("templates/k8scontainerratios.yaml")).not.toContain("K8sNativeValidation");
      return (parse(result.files.get("templates/k8sapprovedregistries.yaml")!) as Record<string, any>).spec.targets[0].code[0].source;
    };
    expect((await stated(true)).generateVAP).toBe(true);
    expect((await stated(false)).generateVAP).toBe(false);
  }, 120_000);

  test("gkc build says who decides: Gatekeeper's flag when left out, and what Gatekeeper then needs when stated false", async () => {
    const said = async (gatekeeperVap?: boolean): Promise<string[]> => {
      const lines: string[] = [];
      const original = console.log;
      console.log = (line: string) => lines.push(line.replace(/\x1b\[[0-9;]*m/g, ""));
      try {
        expect(await runBuild({ check: false, ...(gatekeeperVap === undefined ? {} : { gatekeeperVap }) }, defaultLayout(root))).toBe(0);
      } finally {
        console.log = original;
      }
      return lines.filter((l) => /generateVAP|ValidatingAdmissionPolicy from each/.test(l));
    };
    expect(await said()).toEqual(["  Gatekeeper generates a ValidatingAdmissionPolicy from each unless installed with --default-create-vap-for-templates=false (README, CEL)"]);
    expect(await said(true)).toEqual([]);
    expect(await said(false)).toEqual([
      "  generateVAP: false: install Gatekeeper with --default-create-vap-binding-for-constraints=false, or it reports an error on each of these templates' constraints (README, CEL)",
    ]);
  }, 120_000);
});

describe("parts", () => {
  const declaration = (d: Partial<ConstraintDeclaration>): ConstraintDeclaration => ({ name: "c", enforcementAction: "deny", match: {}, parameters: undefined, ...d }) as ConstraintDeclaration;

  test("validationActions: deny, warn, dryrun; scoped to vap.k8s.io or *; deny with warn refused", () => {
    expect(validationActions(declaration({ enforcementAction: "dryrun" }))).toEqual(["Audit"]);
    const scoped = (actions: { action: string; points: string[] }[]): ReturnType<typeof validationActions> =>
      validationActions(declaration({ enforcementAction: "scoped", scopedEnforcementActions: actions.map((a) => ({ action: a.action, enforcementPoints: a.points.map((name) => ({ name })) })) }));
    expect(scoped([{ action: "dryrun", points: ["*"] }, { action: "deny", points: ["vap.k8s.io"] }])).toEqual(["Deny", "Audit"]);
    expect(scoped([{ action: "deny", points: ["audit.gatekeeper.sh"] }])).toBe("");
    expect(scoped([{ action: "deny", points: ["*"] }, { action: "warn", points: ["vap.k8s.io"] }])).toBe("deny and warn together: Kubernetes refuses a binding with both Deny and Warn");
  });

  test("apiGroupsOf: the union of named groups, or every group when one constraint matches every group", () => {
    expect(apiGroupsOf([{ kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] }, { kinds: [{ apiGroups: ["", "batch"], kinds: [] }] }])).toEqual(["", "apps", "batch"]);
    expect(apiGroupsOf([{ kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }] }, {}])).toEqual(["*"]);
    expect(apiGroupsOf([{ kinds: [{ apiGroups: ["*"], kinds: ["Pod"] }] }])).toEqual(["*"]);
    expect(apiGroupsOf([])).toEqual(["*"]);
  });
});
