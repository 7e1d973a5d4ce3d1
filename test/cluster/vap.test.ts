// In-process admission without Gatekeeper's webhook, on a real API server: the same objects get
// the same verdicts from
//   1. the ValidatingAdmissionPolicies Gatekeeper, with its own default flags, generates from a
//      default `gkc build` (which leaves generateVAP to Gatekeeper), with no error on any
//      constraint's status, once Gatekeeper is stopped and its webhook unregistered;
//   2. the standalone policies of `gkc build --vap` (out/vap/), with no Gatekeeper object left.
// Each verdict is checked against gkc's own (`gkc audit` on the same objects): denied with gkc's
// message (deny), admitted with it as a warning (warn), admitted silently (dryrun).
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResponse, type KubeObject, statusMessage } from "./api.js";
import { applyInWaves, readBundle } from "./bundle.js";
import { type Cluster, startCluster, waitFor } from "./cluster.js";
import { gkc } from "./project.js";
import { sleep } from "./processes.js";
import { tempProject, adoptLibraryPolicy } from "../support/temp-project.js";
import { gkcAudit, type GkcViolation } from "./verdicts.js";
import { compareFixtures } from "./vap-fixtures.js";

const NS = "vap-a";
const OTHER = "vap-b";
const ADMISSION = "admissionregistration.k8s.io/v1";

const adopt = adoptLibraryPolicy;
const pods = `kinds: [{ apiGroups: [""], kinds: ["Pod"] }]`;

const POLICIES: Readonly<Record<string, string>> = {
  "policies/container-limits.ts": adopt(
    "container-limits",
    `  constraint<Parameters>({ name: "limits-deny", enforcementAction: "deny", match: { ${pods}, namespaces: ["${NS}"] }, parameters: { cpu: "2", memory: "4Gi" } }),\n`,
  ),
  "policies/allowed-repos.ts": adopt(
    "allowed-repos",
    `  constraint<Parameters>({ name: "repos-warn", enforcementAction: "warn", match: { ${pods}, namespaces: ["${NS}"] }, parameters: { repos: ["registry.corp.example/"] } }),
  constraint<Parameters>({
    name: "repos-deny-strict",
    enforcementAction: "deny",
    match: { ${pods}, namespaces: ["vap-*"], excludedNamespaces: ["${OTHER}"], labelSelector: { matchLabels: { strict: "true" } } },
    parameters: { repos: ["registry.corp.example/"] },
  }),\n`,
    // The library's K8sAllowedRepos keeps to Rego unless the team asks for its CEL (README, CEL).
    "both",
  ),
  "policies/approved-registries.ts": adopt(
    "approved-registries",
    `  constraint<Parameters>({ name: "registries-dryrun", enforcementAction: "dryrun", match: { ${pods}, namespaces: ["${NS}"] }, parameters: { registries: ["registry.corp.example"] } }),\n`,
  ),
  // No CEL (compareScaledQuantities): gkc build --vap lists it as skipped.
  "policies/container-ratios.ts": adopt(
    "container-ratios",
    `  constraint<Parameters>({ name: "pods-ratios", enforcementAction: "dryrun", match: { ${pods}, namespaces: ["nowhere"] }, parameters: { ratio: "2" } }),\n`,
  ),
};

const GOOD = "registry.corp.example/app:1";
const FOREIGN = "docker.io/library/nginx:1";
function pod(name: string, namespace: string, image: string, limits: Record<string, string> | undefined, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers: [{ name: "app", image, ...(limits ? { resources: { limits } } : {}) }] } };
}
const OBJECTS: readonly KubeObject[] = [
  pod("compliant", NS, GOOD, { cpu: "500m", memory: "512Mi" }),
  pod("too-much-memory", NS, GOOD, { cpu: "500m", memory: "8Gi" }), // limits-deny
  pod("foreign-image", NS, FOREIGN, { cpu: "500m", memory: "512Mi" }), // repos-warn, registries-dryrun
  pod("foreign-strict", NS, FOREIGN, { cpu: "500m", memory: "512Mi" }, { strict: "true" }), // repos-deny-strict too
  pod("elsewhere", OTHER, FOREIGN, undefined, { strict: "true" }), // excluded by every constraint
];

/** A verdict with the enforcing policy's and binding's names taken out, to compare two generations. */
interface Verdict {
  status: number;
  denied?: { binding: string; message: string };
  warnings: { binding: string; message: string }[];
  unexpected?: string;
}

let cluster: Cluster;
let project: string;
let gkcViolations: GkcViolation[];
const timings: Record<string, number> = {};
const verdicts: Record<string, Record<string, Verdict>> = {};

// A validation without `reason` fails with Invalid: HTTP 422 (Gatekeeper's generated policies and gkc's alike).
const DENIED_STATUS = 422;
const DENIED = /^pods "[^"]+" is forbidden: ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request: ([\s\S]*)$/;
const WARNED = /^Validation failed for ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)': ([\s\S]*)$/;

/**
 * The verdict of a dry-run create, names relative to `prefix` (gatekeeper- or gkc-). A denial or
 * warning that is not a binding's validation (e.g. "failed to find resource referenced by
 * paramKind" while the API server has not yet mapped a new parameter CRD) is `unexpected`.
 */
function verdictOf(response: ApiResponse, prefix: string): Verdict {
  const strip = (policy: string, binding: string): string | undefined =>
    policy.startsWith(prefix) && binding.startsWith(`${policy}-`) ? binding.slice(policy.length + 1) : undefined;
  const verdict: Verdict = { status: response.status, warnings: [] };
  if (response.status !== 201) {
    const m = DENIED.exec(statusMessage(response) ?? "");
    const binding = m && strip(m[1]!, m[2]!);
    if (response.status === DENIED_STATUS && binding) verdict.denied = { binding, message: m![3]! };
    else verdict.unexpected = statusMessage(response) ?? String(response.status);
  }
  for (const text of response.warnings) {
    const m = WARNED.exec(text);
    const binding = m && strip(m[1]!, m[2]!);
    if (binding) verdict.warnings.push({ binding, message: m![3]! });
    else verdict.unexpected = text;
  }
  verdict.warnings.sort((a, b) => (a.binding < b.binding ? -1 : 1));
  return verdict;
}

/** Dry-run creates of every object until `ready` holds of their verdicts (policies load asynchronously). */
async function verdictsWhen(prefix: string, ready: (v: Record<string, Verdict>) => boolean, timeoutMs = 90_000): Promise<Record<string, Verdict>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out: Record<string, Verdict> = {};
    for (const object of OBJECTS) out[object.metadata.name] = verdictOf(await cluster.api.create(object, { dryRun: true }), prefix);
    if (ready(out)) return out;
    if (Date.now() > deadline) throw new Error(`verdicts never settled: ${JSON.stringify(out)}`);
    await sleep(500);
  }
}

/** Every policy and binding of the expected ones answers: the deny cases are denied, the warn case warned. */
const settled = (v: Record<string, Verdict>): boolean =>
  Object.values(v).every((x) => x.unexpected === undefined) &&
  v["too-much-memory"]?.status === DENIED_STATUS && v["foreign-strict"]?.status === DENIED_STATUS && (v["foreign-image"]?.warnings.length ?? 0) > 0;

async function waitExists(apiVersion: string, kind: string, name: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await cluster.api.get(apiVersion, kind, name)).status !== 200) {
    if (Date.now() > deadline) throw new Error(`${kind} ${name} never appeared`);
    await sleep(500);
  }
}

function manifestsIn(dir: string): KubeObject[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as KubeObject));
}

/** gkc's violations of one object at one action: `binding-suffix → message`. */
function gkcLines(object: string, action: string): { binding: string; message: string }[] {
  return gkcViolations
    .filter((v) => v.object.name === object && v.action === action)
    .map((v) => ({ binding: v.constraint.name, message: v.message }))
    .sort((a, b) => (a.binding < b.binding ? -1 : 1));
}

beforeAll(async () => {
  let t = Date.now();
  project = tempProject(POLICIES, "gkc-cluster-vap-");
  // The default engine (both) and no generateVAP: what a team gets without choosing.
  const build = gkc(project, ["build", "--vap"]);
  if (build.status !== 0) throw new Error(`gkc build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  expect(build.stdout).toContain("wrote 3 ValidatingAdmissionPolicies and 4 bindings");
  expect(build.stdout).toMatch(/skipped \(no CEL\): K8sContainerRatios: /);
  gkcViolations = gkcAudit(project, OBJECTS);
  timings.gkcBuildMs = Date.now() - t;
  // Gatekeeper as installed, but binding 1 s (not 30 s) after a template's CRD appears.
  cluster = await startCluster({ vapGeneration: "installed", gatekeeperArgs: ["--default-wait-for-vapb-generation=1"] });
  Object.assign(timings, cluster.timings);
  for (const name of [NS, OTHER]) await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
  process.stdout.write(`cluster vap timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("ValidatingAdmissionPolicy: the API server enforces gkc's CEL with Gatekeeper stopped", () => {
  it("the cases exercise what they are meant to (gkc's own verdicts)", () => {
    expect(gkcLines("compliant", "deny")).toEqual([]);
    expect(gkcLines("too-much-memory", "deny").map((l) => l.binding)).toEqual(["limits-deny"]);
    expect(gkcLines("foreign-image", "warn").map((l) => l.binding)).toEqual(["repos-warn"]);
    expect(gkcLines("foreign-image", "dryrun").map((l) => l.binding)).toEqual(["registries-dryrun"]);
    expect(gkcLines("foreign-strict", "deny").map((l) => l.binding)).toEqual(["repos-deny-strict"]);
    expect(gkcViolations.filter((v) => v.object.name === "elsewhere")).toEqual([]);
  });

  it("1. the policies Gatekeeper generates by default from a default build, Gatekeeper then stopped", async () => {
    const t = Date.now();
    const bundle = readBundle(join(project, "out"));
    for (const { object } of bundle.filter((m) => m.object.kind === "ConstraintTemplate")) {
      const cel = templateCode(object).find((c) => c.engine === "K8sNativeValidation");
      if (cel) expect(cel.source, object.metadata.name).not.toHaveProperty("generateVAP");
    }
    await applyInWaves(cluster, bundle);
    for (const kind of ["k8scontainerlimits", "k8sallowedrepos", "k8sapprovedregistries"]) await waitExists(ADMISSION, "ValidatingAdmissionPolicy", `gatekeeper-${kind}`);
    for (const name of ["k8scontainerlimits-limits-deny", "k8sallowedrepos-repos-warn", "k8sallowedrepos-repos-deny-strict", "k8sapprovedregistries-registries-dryrun"]) {
      await waitExists(ADMISSION, "ValidatingAdmissionPolicyBinding", `gatekeeper-${name}`);
    }
    // The template without CEL gets none.
    expect((await cluster.api.get(ADMISSION, "ValidatingAdmissionPolicy", "gatekeeper-k8scontainerratios")).status).toBe(404);
    // Every constraint's status says its binding was generated, and carries no error (as
    // `gkc promote` requires): the error Gatekeeper reports when a template states
    // generateVAP: false, which gkc wrote by default before, is absent.
    for (const { object } of bundle.filter((m) => m.object.apiVersion === "constraints.gatekeeper.sh/v1beta1")) {
      await waitBindingGenerated(object.kind, object.metadata.name, object.kind !== "K8sContainerRatios");
    }
    timings.gatekeeperGenerationMs = Date.now() - t;
    await cluster.processes.stop(cluster.gatekeeper);
    expect((await cluster.api.delete(ADMISSION, "ValidatingWebhookConfiguration", "gatekeeper-validating-webhook-configuration")).status).toBe(200);
    const t2 = Date.now();
    verdicts.gatekeeper = await verdictsWhen("gatekeeper-", settled);
    timings.gatekeeperVerdictsMs = Date.now() - t2;
    expectGkcVerdicts(verdicts.gatekeeper);
  });

  it("2. gkc build --vap: the standalone policies, with Gatekeeper's removed", async () => {
    for (const name of ["k8scontainerlimits-limits-deny", "k8sallowedrepos-repos-warn", "k8sallowedrepos-repos-deny-strict", "k8sapprovedregistries-registries-dryrun"]) {
      expect((await cluster.api.delete(ADMISSION, "ValidatingAdmissionPolicyBinding", `gatekeeper-${name}`)).status).toBe(200);
    }
    for (const kind of ["k8scontainerlimits", "k8sallowedrepos", "k8sapprovedregistries"]) {
      expect((await cluster.api.delete(ADMISSION, "ValidatingAdmissionPolicy", `gatekeeper-${kind}`)).status).toBe(200);
    }
    // Nothing enforces now: every object is admitted.
    await verdictsWhen("gatekeeper-", (v) => Object.values(v).every((x) => x.status === 201 && x.warnings.length === 0 && x.unexpected === undefined));
    const t = Date.now();
    const vap = join(project, "out", "vap");
    const crds = manifestsIn(join(vap, "crds"));
    for (const crd of crds) await cluster.api.apply(crd);
    for (const crd of crds) await waitEstablished(crd.metadata.name);
    for (const sub of ["params", "policies", "bindings"]) for (const object of manifestsIn(join(vap, sub))) await cluster.api.apply(object);
    verdicts.standalone = await verdictsWhen("gkc-", settled);
    timings.standaloneVerdictsMs = Date.now() - t;
    expectGkcVerdicts(verdicts.standalone);
    // The same objects, the same verdicts, the same messages.
    expect(verdicts.standalone).toEqual(verdicts.gatekeeper);
  });
});

describe("the standalone policies' CEL on the library's fixtures, evaluated by the API server", () => {
  it("3. every Pod fixture of the three templates the API server accepts gets the messages the TypeScript gives", async () => {
    const t = Date.now();
    const result = await compareFixtures(cluster, [
      { kind: "K8sContainerLimits", file: "container-limits" },
      { kind: "K8sAllowedRepos", file: "allowed-repos" },
      { kind: "K8sApprovedRegistries", file: "approved-registries" },
    ]);
    timings.fixturesCompared = result.compared;
    timings.fixturesRefusedByApiServer = result.refused.length;
    timings.fixturesMs = Date.now() - t;
    process.stdout.write(`fixtures the API server refuses before admission (not compared):\n  ${result.refused.join("\n  ")}\n`);
    expect(result.mismatches).toEqual([]);
    // 38 of the 61 Pod fixtures are objects the API server accepts (measured); the rest it refuses itself.
    expect(result.compared).toBeGreaterThanOrEqual(30);
  });
});

/** Denied with gkc's deny message; admitted with gkc's warn messages as warnings; dryrun silent. */
function expectGkcVerdicts(v: Record<string, Verdict>): void {
  for (const object of OBJECTS) {
    const name = object.metadata.name;
    const denies = gkcLines(name, "deny");
    const verdict = v[name]!;
    if (denies.length) {
      expect(verdict.status, name).toBe(DENIED_STATUS);
      expect(denies, name).toContainEqual(verdict.denied);
    } else {
      expect(verdict.status, `${name}: ${JSON.stringify(verdict)}`).toBe(201);
      expect(verdict.warnings, name).toEqual(gkcLines(name, "warn"));
    }
  }
}

/** The code list of a ConstraintTemplate's one target. */
function templateCode(template: KubeObject): { engine: string; source: Record<string, unknown> }[] {
  return (template.spec as { targets: { code: { engine: string; source: Record<string, unknown> }[] }[] }).targets[0]!.code;
}

/**
 * Waits until a constraint's status shows its ValidatingAdmissionPolicyBinding generated (for a
 * template without CEL, none: Gatekeeper notes the missing CEL in the enforcement point's state,
 * not as an error), and fails on any error in it.
 */
async function waitBindingGenerated(kind: string, name: string, hasCel: boolean): Promise<void> {
  let errors: unknown[] = [];
  await waitFor(`${kind}/${name}: its binding generated`, cluster.processes, cluster.gatekeeper, 120_000, async () => {
    const status = ((await cluster.api.get("constraints.gatekeeper.sh/v1beta1", kind, name)).body as { status?: ConstraintStatus }).status;
    const pods = status?.byPod ?? [];
    errors = pods.flatMap((p) => p.errors ?? []);
    // An error ends the wait: it fails below, at once.
    if (errors.length > 0) return true;
    const states = pods.flatMap((p) => (p.enforcementPointsStatus ?? []).filter((e) => e.enforcementPoint === "vap.k8s.io").map((e) => e.state));
    return pods.length > 0 && pods.every((p) => p.enforced === true) && (hasCel ? states.length > 0 && states.every((s) => s === "generated") : !states.includes("generated"));
  });
  expect(errors, `${kind}/${name}`).toEqual([]);
}

interface ConstraintStatus {
  byPod?: { enforced?: boolean; errors?: unknown[]; enforcementPointsStatus?: { enforcementPoint: string; state: string }[] }[];
}

async function waitEstablished(name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await cluster.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name);
    const conditions = (response.body as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
    if (conditions.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline) throw new Error(`CRD ${name} never Established`);
    await sleep(250);
  }
}
