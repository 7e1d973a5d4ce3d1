// Referential policies on a real cluster: the SyncSets gkc writes to out/sync/ make Gatekeeper
// replicate the kinds the templates read into data.inventory, and Gatekeeper's audit then gives
// the verdicts `gkc audit` gives with the same objects as inventory. The library's two
// referential policies, adopted with their own constraints: the NetworkPolicy check (`scoped`:
// deny in CI, warn in audit, nothing at admission) and the CI/CD pod-delete check (`dryrun`).
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { type KubeObject, statusMessage } from "./api.js";
import { applyInWaves, type AuditViolation, getResource, readBundle, type Resource } from "./bundle.js";
import { type Cluster, startCluster, waitFor } from "./cluster.js";
import { gkc } from "./project.js";
import { gkcAudit as gkcAuditIn, type GkcViolation } from "./verdicts.js";
import { tempProject } from "../support/temp-project.js";

const CONSTRAINTS = "constraints.gatekeeper.sh/v1beta1";

/** The library file with its own constraints, re-exported as a user adopts it. */
function adopted(file: string): string {
  const source = readFileSync(join(PACKAGE_ROOT, "policies", `${file}.ts`), "utf8");
  const constraints = source.slice(source.indexOf("export const constraints"));
  return `export { template, violations } from "gkc/library/${file}";
export type { Parameters } from "gkc/library/${file}";
import type { Parameters } from "gkc/library/${file}";
import { constraint } from "gkc/sdk";

${constraints}`;
}

let cluster: Cluster;
let project: string;
const timings: Record<string, number> = {};


async function list(path: string, apiVersion: string, kind: string): Promise<KubeObject[]> {
  const body = (await cluster.api.request("GET", path)).body as { items: KubeObject[] };
  return body.items.map((item) => ({ ...item, apiVersion, kind }));
}

const gkcAudit = (objects: readonly KubeObject[]): GkcViolation[] => gkcAuditIn(project, objects);

const key = (v: { kind: string; namespace?: string | undefined; name: string; message: string }): string => `${v.kind}/${v.namespace ?? ""}/${v.name}: ${v.message}`;

/** Waits until the constraint's audit status shows `expected` (kind/ns/name: message), then checks it exactly. */
async function expectAuditToEqual(kind: string, name: string, expected: GkcViolation[]): Promise<Resource> {
  const want = expected.filter((v) => v.constraint.kind === kind && v.constraint.name === name).map((v) => key({ ...v.object, namespace: v.object.namespace ?? undefined, message: v.message })).sort();
  let live: Resource | undefined;
  const seen = (): string[] => (live?.status?.violations ?? []).map((v) => key(v)).sort();
  // The inventory fills from watches and the audit runs every interval: converge, then compare.
  await waitFor(`${kind} ${name} audit to match gkc audit`, cluster.processes, cluster.gatekeeper, 60_000, async () => {
    live = await getResource(cluster, CONSTRAINTS, kind, name);
    return live.status?.totalViolations === want.length && JSON.stringify(seen()) === JSON.stringify(want);
  }).catch(() => undefined);
  expect(live?.status?.totalViolations, `${kind}/${name}`).toBe(want.length);
  expect(seen()).toEqual(want);
  return live as Resource;
}

beforeAll(async () => {
  project = tempProject(
    { "policies/namespace-network-policies.ts": adopted("namespace-network-policies"), "policies/cicd-no-pod-delete.ts": adopted("cicd-no-pod-delete") },
    "gkc-cluster-referential-",
  );
  const build = gkc(project, ["build"]);
  if (build.status !== 0) throw new Error(`gkc build: ${build.stdout}${build.stderr}`);
  cluster = await startCluster();
  const started = Date.now();
  await applyInWaves(cluster, readBundle(join(project, "out")));
  timings.applyToEnforcedMs = Date.now() - started;
});

afterAll(async () => {
  await cluster?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
  process.stdout.write(`cluster referential timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("referential policies with the sync config from out/sync", () => {
  it("out/ holds a SyncSet per referential template, applied before the templates", () => {
    const manifests = readBundle(join(project, "out"));
    const syncSets = manifests.filter((m) => m.object.kind === "SyncSet");
    expect(syncSets.map((m) => m.object.metadata.name).sort()).toEqual(["gkc-k8scicdnopoddelete", "gkc-k8snamespacenetworkpolicies"]);
    const firstTemplate = manifests.findIndex((m) => m.object.kind === "ConstraintTemplate");
    expect(manifests.findIndex((m) => m.object.kind === "SyncSet")).toBeLessThan(firstTemplate);
  });

  it("a Namespace without NetworkPolicies is admitted without a word (scoped: no action at validation.gatekeeper.sh)", async () => {
    const response = await cluster.api.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-open" } }, { dryRun: true });
    expect(response.status, statusMessage(response)).toBe(201);
    expect(response.warnings).toEqual([]);
  });

  it("Gatekeeper's audit of Namespaces against the synced NetworkPolicies equals gkc audit's", async () => {
    const started = Date.now();
    for (const name of ["team-open", "team-closed", "team-half"]) await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const defaultDeny = (namespace: string): KubeObject => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "default-deny", namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    const dns: KubeObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-dns", namespace: "team-closed" },
      spec: {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }], ports: [{ protocol: "UDP", port: 53 }] }],
      },
    };
    for (const policy of [defaultDeny("team-closed"), dns, defaultDeny("team-half")]) await cluster.api.apply(policy);

    const objects = [
      ...(await list("/api/v1/namespaces", "v1", "Namespace")),
      ...(await list("/apis/networking.k8s.io/v1/networkpolicies", "networking.k8s.io/v1", "NetworkPolicy")),
    ];
    const expected = gkcAudit(objects);
    const mine = expected.filter((v) => v.constraint.kind === "K8sNamespaceNetworkPolicies");
    // The case has both outcomes: team-closed passes; team-open (and default) fail twice, team-half once.
    expect(mine.some((v) => v.object.name === "team-closed")).toBe(false);
    expect(mine.filter((v) => v.object.name === "team-half")).toHaveLength(1);
    const live = await expectAuditToEqual("K8sNamespaceNetworkPolicies", "namespaces-must-have-network-policies", expected);
    // gkc audit reports the CI action (deny at gator.gatekeeper.sh); Gatekeeper's audit says
    // `scoped` and lists the actions in force at audit.gatekeeper.sh.
    expect(new Set(mine.map((v) => v.action))).toEqual(new Set(["deny"]));
    const violations = (live.status?.violations ?? []) as (AuditViolation & { enforcementActions?: string[] })[];
    expect(new Set(violations.map((v) => `${v.enforcementAction} ${JSON.stringify(v.enforcementActions)}`))).toEqual(new Set(['scoped ["warn"]']));
    timings.networkPolicyAuditMs = Date.now() - started;
  });

  it("Gatekeeper's audit of RoleBindings against the synced Roles and ClusterRoles equals gkc audit's", async () => {
    const started = Date.now();
    await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: "ci" } });
    await cluster.api.apply({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "pod-janitor" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete"] }],
    });
    await cluster.api.apply({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "reader", namespace: "ci" },
      rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] }],
    });
    const binding = (name: string, roleKind: string, role: string): KubeObject => ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name, namespace: "ci" },
      subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: "ci" }],
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: role },
    });
    // Bound to a ClusterRole that deletes pods (violates), and to a Role that only reads (passes).
    await cluster.api.apply(binding("deployer-janitor", "ClusterRole", "pod-janitor"));
    await cluster.api.apply(binding("deployer-reader", "Role", "reader"));

    const rbac = "rbac.authorization.k8s.io/v1";
    const objects = [
      ...(await list(`/apis/${rbac}/roles`, rbac, "Role")),
      ...(await list(`/apis/${rbac}/clusterroles`, rbac, "ClusterRole")),
      ...(await list(`/apis/${rbac}/rolebindings`, rbac, "RoleBinding")),
      ...(await list(`/apis/${rbac}/clusterrolebindings`, rbac, "ClusterRoleBinding")),
    ];
    const expected = gkcAudit(objects);
    const mine = expected.filter((v) => v.constraint.kind === "K8sCICDNoPodDelete");
    expect(mine.map((v) => v.object.name)).toContain("deployer-janitor");
    expect(mine.map((v) => v.object.name)).not.toContain("deployer-reader");
    await expectAuditToEqual("K8sCICDNoPodDelete", "cicd-identities-cannot-delete-pods", expected);
    timings.cicdAuditMs = Date.now() - started;
  });
});
