// gkc's bundle on a real control plane, end to end: applied in sync-wave order, enforced at
// admission with exactly gkc's messages, audited by Gatekeeper with exactly `gkc audit`'s
// verdicts, and rolled out with `gkc promote --evidence` on the status read back from the API.
// Every expectation is gkc's own output for the same objects; the tests only also check that each
// case exercises what it is meant to (a "denied" case has a deny violation in gkc's report).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeObject, statusMessage } from "./api.js";
import { applyInWaves, type AuditViolation, getResource, readBundle, readManifests, waitConstraintEnforced, waitForAuditAfter, waitForAuditListing } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { ADMISSION, AUDIT, builtProject, gkc } from "./project.js";
import { DENIED_PREFIX, expectAdmission, gkcAudit as gkcAuditIn, type GkcViolation, lines } from "./verdicts.js";

const CONSTRAINTS = "constraints.gatekeeper.sh/v1beta1";

let cluster: Cluster;
let project: string;
let scratch: string;
const timings: Record<string, number> = {};

/** `gkc audit --format json` of the project's constraints on `objects`. */
const gkcAudit = (objects: readonly KubeObject[]): GkcViolation[] => gkcAuditIn(project, objects);

const container = (image: string, limits?: Record<string, string>): Record<string, unknown> => ({ name: "app", image, ...(limits ? { resources: { limits } } : {}) });
const LIMITS = { cpu: "500m", memory: "512Mi" };

function pod(namespace: string, name: string, labels: Record<string, string>, containers: Record<string, unknown>[]): KubeObject {
  return { apiVersion: "v1", kind: "Pod", metadata: { name, namespace, labels }, spec: { containers } };
}

function configMap(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: ADMISSION, labels }, data: { key: "value" } };
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "gkc-cluster-e2e-"));
  let t = Date.now();
  project = builtProject();
  timings.gkcBuildMs = Date.now() - t;
  cluster = await startCluster();
  Object.assign(timings, cluster.timings);
  for (const name of [ADMISSION, AUDIT]) await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  t = Date.now();
  await applyInWaves(cluster, readBundle(join(project, "out")));
  timings.applyToEnforcedMs = Date.now() - t;
});

afterAll(async () => {
  const groups = cluster?.processes.liveGroups() ?? [];
  await cluster?.stop();
  rmSync(scratch, { recursive: true, force: true });
  if (project) rmSync(project, { recursive: true, force: true });
  process.stdout.write(`cluster e2e timings (ms): ${JSON.stringify(timings)}\n`);
  // Nothing survives the cluster.
  expect(groups.length).toBe(3);
  expect(cluster?.processes.liveGroups()).toEqual([]);
});

describe("a. out/ applied in sync-wave order", () => {
  it("every template is created with its constraint CRD, and every constraint enforced with the action gkc built", async () => {
    const manifests = readBundle(join(project, "out"));
    const templates = manifests.filter((m) => m.object.kind === "ConstraintTemplate");
    const constraints = manifests.filter((m) => m.object.apiVersion === CONSTRAINTS);
    expect(templates.map((m) => m.object.metadata.name).sort()).toEqual(["k8sapprovedregistries", "k8scontainerlimits", "k8snamingconvention", "k8srequiredlabels"]);
    expect(constraints).toHaveLength(7);
    // Templates come in an earlier wave than the constraints whose CRD they create.
    expect(Math.max(...templates.map((m) => m.wave))).toBeLessThan(Math.min(...constraints.map((m) => m.wave)));
    for (const { object } of templates) {
      const status = (await getResource(cluster, "templates.gatekeeper.sh/v1", "ConstraintTemplate", object.metadata.name)).status;
      expect(status?.created, object.metadata.name).toBe(true);
    }
    for (const { object } of constraints) {
      const live = await waitConstraintEnforced(cluster, object.kind, object.metadata.name);
      expect(live.spec?.enforcementAction).toBe((object.spec as { enforcementAction: string }).enforcementAction);
      expect(live.status?.byPod?.every((pod) => pod.enforced === true)).toBe(true);
    }
  });
});

describe("b. admission", () => {
  const team = { team: "shop" };
  const cases: { why: string; object: KubeObject; verdict: "denied" | "admitted" }[] = [
    { why: "a compliant Pod", object: pod(ADMISSION, "compliant", team, [container("registry.corp.example/shop/web:1.0", LIMITS)]), verdict: "admitted" },
    { why: "K8sRequiredLabels: no team label", object: pod(ADMISSION, "no-team", {}, [container("registry.corp.example/shop/web:1.0", LIMITS)]), verdict: "denied" },
    { why: "K8sApprovedRegistries: a Docker Hub image", object: pod(ADMISSION, "hub-image", team, [container("nginx:1.27", LIMITS)]), verdict: "denied" },
    { why: "K8sApprovedRegistries: a look-alike organisation", object: pod(ADMISSION, "evil-org", team, [container("ghcr.io/acme-evil/web:1", LIMITS)]), verdict: "denied" },
    { why: "K8sContainerLimits: no limits", object: pod(ADMISSION, "no-limits", team, [container("ghcr.io/acme/web:1")]), verdict: "denied" },
    { why: "K8sContainerLimits: memory above the maximum", object: pod(ADMISSION, "too-much-memory", team, [container("ghcr.io/acme/web:1", { cpu: "1", memory: "5Gi" })]), verdict: "denied" },
    { why: "three constraints at once (one message per line)", object: pod(ADMISSION, "everything-wrong", {}, [container("nginx")]), verdict: "denied" },
    { why: "K8sNamingConvention: a dot in the name (a valid DNS subdomain for Kubernetes)", object: configMap("app.config", { owner: "shop" }), verdict: "denied" },
    { why: "a compliant ConfigMap", object: configMap("app-config", { owner: "shop" }), verdict: "admitted" },
    { why: "warn: a ConfigMap without an owner is admitted with gkc's warning", object: configMap("no-owner", {}), verdict: "admitted" },
    { why: "deny and warn together: the denial carries the warning too", object: configMap("no.owner", {}), verdict: "denied" },
    { why: "dryrun: a Pod violating a dryrun constraint is admitted without a word", object: pod(AUDIT, "dryrun-only", {}, [container("nginx", LIMITS)]), verdict: "admitted" },
  ];

  // One `gkc audit` of every case (each object is judged on its own; names are distinct).
  let expected: GkcViolation[];
  beforeAll(() => {
    expected = gkcAudit(cases.map((c) => c.object));
  });

  it.each(cases)("$why", async ({ object, verdict }) => {
    // The case tests what it says it does.
    expect(lines(expected, object, "deny").length > 0 ? "denied" : "admitted").toBe(verdict);
    await expectAdmission(cluster, object, expected);
    if (object.metadata.namespace === AUDIT) expect(lines(expected, object, "dryrun").length).toBeGreaterThan(0);
  });
});

describe("c–d. audit status and rollout", () => {
  const owner = (value: string): Record<string, string> => ({ owner: value });
  const audited = [
    pod(AUDIT, "owned", owner("alice"), [container("ghcr.io/acme/web:1", LIMITS)]),
    pod(AUDIT, "unowned", {}, [container("ghcr.io/acme/web:1", LIMITS)]),
    pod(AUDIT, "bad-owner", owner("Alice-1"), [container("ghcr.io/acme/web:1", LIMITS)]),
  ];
  let createdAt: Date;
  let stored: KubeObject[];

  /** The live constraint as `kubectl get <kind> <name> -o yaml` shows it, written to a file. */
  async function evidence(kind: string, name: string): Promise<string> {
    const live = await getResource(cluster, CONSTRAINTS, kind, name);
    const file = join(scratch, `${name}-${Date.now()}.yaml`);
    writeFileSync(file, stringify(live));
    return file;
  }

  it("c. after the audit interval, totalViolations and violations[] of each dryrun constraint equal `gkc audit` on the stored objects", async () => {
    for (const object of audited) {
      const response = await cluster.api.create(object);
      expect(response.status, statusMessage(response)).toBe(201);
    }
    createdAt = new Date();
    const list = (await cluster.api.request("GET", `/api/v1/namespaces/${AUDIT}/pods`)).body as { items: KubeObject[] };
    // List items carry no apiVersion/kind; Gatekeeper audits each as a v1 Pod.
    stored = list.items.map((item) => ({ ...item, apiVersion: "v1", kind: "Pod" }));
    expect(stored).toHaveLength(audited.length);
    const expected = gkcAudit(stored);

    const t = Date.now();
    for (const [kind, name] of [["K8sRequiredLabels", "pods-have-owner"], ["K8sContainerLimits", "audit-containers-have-limits"]] as const) {
      const live = await waitForAuditListing(cluster, kind, name, createdAt);
      const mine = expected.filter((v) => v.constraint.kind === kind && v.constraint.name === name);
      expect(live.status?.totalViolations, `${kind}/${name}`).toBe(mine.length);
      const theirs = (live.status?.violations ?? []).map((v: AuditViolation) => ({ action: v.enforcementAction, kind: v.kind, namespace: v.namespace, name: v.name, message: v.message }));
      const ours = mine.map((v) => ({ action: v.action, kind: v.object.kind, namespace: v.object.namespace, name: v.object.name, message: v.message }));
      const order = (a: { name: string; message: string }, b: { name: string; message: string }): number => `${a.name}\n${a.message}`.localeCompare(`${b.name}\n${b.message}`);
      expect(theirs.sort(order)).toEqual(ours.sort(order));
    }
    timings.auditConvergenceMs = Date.now() - t;
    // The case exercises both outcomes: one constraint violated, one clean.
    expect(expected.filter((v) => v.constraint.name === "pods-have-owner").length).toBe(2);
    expect(expected.filter((v) => v.constraint.name === "audit-containers-have-limits")).toEqual([]);
  });

  it("d. a dryrun constraint with violations is refused promotion on its real audit status", async () => {
    const policy = join(project, "policies", "required-labels.ts");
    const before = readFileSync(policy, "utf8");
    // Evidence from an audit that saw the violating Pods (an older one would be clean, and accepted).
    await waitForAuditAfter(cluster, "K8sRequiredLabels", "pods-have-owner", createdAt);
    const refused = gkc(project, ["promote", "K8sRequiredLabels/pods-have-owner", "--to", "warn", "--evidence", await evidence("K8sRequiredLabels", "pods-have-owner"), "--reason", "e2e"]);
    expect(refused.status).toBe(1);
    expect(`${refused.stdout}${refused.stderr}`).toMatch(/\[no-violations\]/);
    expect(readFileSync(policy, "utf8")).toBe(before);
  });

  it("d. a clean dryrun constraint is promoted on its real audit status, re-applied, and the next violating Pod is warned, then denied", async () => {
    const kind = "K8sContainerLimits";
    const name = "audit-containers-have-limits";
    const file = join(project, "out", "constraints", `${kind.toLowerCase()}-${name}.yaml`);
    const next = pod(AUDIT, "next-without-limits", owner("bob"), [container("ghcr.io/acme/web:1")]);
    let since = createdAt;
    for (const to of ["warn", "deny"] as const) {
      await waitForAuditAfter(cluster, kind, name, since);
      const promoted = gkc(project, ["promote", `${kind}/${name}`, "--to", to, "--evidence", await evidence(kind, name), "--reason", "clean in the e2e cluster"]);
      expect(promoted.status, `${promoted.stdout}${promoted.stderr}`).toBe(0);
      const [manifest] = readManifests(file);
      expect((manifest?.object.spec as { enforcementAction: string }).enforcementAction).toBe(to);
      if (!manifest) throw new Error(`no ${file}`);
      await cluster.api.apply(manifest.object);
      since = new Date();
      const live = await waitConstraintEnforced(cluster, kind, name);
      expect(live.spec?.enforcementAction).toBe(to);

      const expected = gkcAudit([next]);
      const response = await cluster.api.create(next, { dryRun: true });
      if (to === "warn") {
        expect(response.status, statusMessage(response)).toBe(201);
        expect(response.warnings.sort()).toEqual(lines(expected, next, "warn"));
        expect(response.warnings.length).toBeGreaterThan(0);
      } else {
        expect(response.status).toBe(403);
        const denies = lines(expected, next, "deny");
        expect(denies.length).toBeGreaterThan(0);
        expect(statusMessage(response)).toBe(`${DENIED_PREFIX}${denies.join("\n")}`);
      }
    }
  });
});
