// gkc audit against Gatekeeper's own audit on a real cluster: the seeded corpus of the gator
// parity test (test/audit-parity.test.ts) created through the API server, and the 27 constraints
// with varied match blocks (kinds, namespaces and globs, label and namespace selectors, scope,
// name, scoped actions) over the four card templates of out/. Gatekeeper audits whatever the
// cluster holds, so both sides are compared on the objects this test created plus every Namespace.
// Found here, not with gator: for cluster-scoped objects other than Namespaces, gkc audit (like
// `gator test`) and Gatekeeper's in-cluster audit disagree on scope/namespaces matching.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { coreConstraints, generateCorpus } from "../data/audit/corpus.js";
import { type KubeObject, statusMessage } from "./api.js";
import { applyInWaves, type AuditViolation, type Manifest, readManifests, waitForAuditListing } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { gkc } from "./project.js";
import type { GkcViolation } from "./verdicts.js";

const SEED = 20260423;
const COUNT = 120;
const CORE_KINDS = ["k8srequiredlabels", "k8sapprovedregistries", "k8scontainerlimits", "k8snamingconvention"];

let cluster: Cluster;
let work: string;
const timings: Record<string, number> = {};

const objectKey = (kind: string, namespace: string | undefined, name: string): string => `${kind}/${namespace ?? ""}/${name}`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "gkc-cluster-parity-"));
  cluster = await startCluster({ violationsLimit: 2000 });
});

afterAll(async () => {
  await cluster?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
  process.stdout.write(`cluster audit-parity timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("Gatekeeper's audit on a real cluster and gkc audit", () => {
  it(`agree on every (constraint, object, message) of namespaced objects and Namespaces (${COUNT}-object corpus, 27 varied constraints); on other cluster-scoped objects only where a namespace matcher meets gator test's empty Namespace`, async () => {
    const corpus = generateCorpus({ seed: SEED, count: COUNT }) as KubeObject[];
    // The corpus's "absent" namespaces must exist for their objects to be created.
    const namespaces = corpus.filter((o) => o.kind === "Namespace");
    const others = corpus.filter((o) => o.kind !== "Namespace");
    for (const name of ["orphan", "team-ghost"]) namespaces.push({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const created = new Set<string>();
    const refused: string[] = [];
    for (const object of [...namespaces, ...others]) {
      const response = object.kind === "Namespace" && object.metadata.name === "kube-system" ? await cluster.api.apply(object) : await cluster.api.create(object);
      if (response.status < 300) {
        const stored = response.body as KubeObject;
        created.add(objectKey(stored.kind, stored.metadata.namespace, stored.metadata.name));
      } else {
        // Objects gator accepts but the API server does not (names, quantities): noted, not compared.
        refused.push(`${object.kind} ${object.metadata.name}: ${statusMessage(response)?.slice(0, 120)}`);
      }
    }
    process.stdout.write(`API server refused ${refused.length} of ${corpus.length + 2} corpus objects, e.g.:\n  ${refused.slice(0, 12).join("\n  ")}\n`);
    expect(created.size).toBeGreaterThan(40);

    // Templates and constraints only now, so that admission refuses none of the corpus.
    const templates = CORE_KINDS.flatMap((kind) => readManifests(join(PACKAGE_ROOT, "out", "templates", `${kind}.yaml`)));
    // Constraints are themselves admitted by Gatekeeper: rl-scope-cluster (deny: cluster-scoped
    // objects need a `team` label) and rl-scoped-webhook-only (deny at the webhook: everything
    // needs `app`) would refuse every constraint applied after them. Labels on the constraints
    // do not change what they match.
    const constraints: KubeObject[] = (coreConstraints() as unknown as KubeObject[]).map((c) => ({ ...c, metadata: { ...c.metadata, labels: { team: "gkc", app: "gkc" } } }));
    const manifests: Manifest[] = [...templates, ...constraints.map((object) => ({ file: "coreConstraints()", wave: 0, object }))];
    await applyInWaves(cluster, manifests);
    const since = new Date();
    const started = Date.now();
    const live = new Map<string, AuditViolation[]>();
    for (const c of constraints) {
      const status = (await waitForAuditListing(cluster, c.kind, c.metadata.name, since)).status;
      const violations = status?.violations ?? [];
      expect(violations.length, `${c.metadata.name}: the violations limit hides some`).toBe(status?.totalViolations);
      live.set(`${c.kind}/${c.metadata.name}`, violations);
    }
    timings.auditConvergenceMs = Date.now() - started;

    // gkc audit on what the cluster stores: our objects, and every Namespace (selectors read them).
    const stored: KubeObject[] = [];
    const lists: [string, string, string][] = [
      ["/api/v1/namespaces", "v1", "Namespace"],
      ["/api/v1/pods", "v1", "Pod"],
      ["/api/v1/configmaps", "v1", "ConfigMap"],
      ["/api/v1/services", "v1", "Service"],
      ["/api/v1/serviceaccounts", "v1", "ServiceAccount"],
      ["/apis/apps/v1/deployments", "apps/v1", "Deployment"],
      ["/apis/apps/v1/statefulsets", "apps/v1", "StatefulSet"],
      ["/apis/apps/v1/daemonsets", "apps/v1", "DaemonSet"],
      ["/apis/apps/v1/replicasets", "apps/v1", "ReplicaSet"],
      ["/apis/batch/v1/jobs", "batch/v1", "Job"],
      ["/apis/batch/v1/cronjobs", "batch/v1", "CronJob"],
      ["/apis/rbac.authorization.k8s.io/v1/clusterroles", "rbac.authorization.k8s.io/v1", "ClusterRole"],
      ["/apis/networking.k8s.io/v1/ingresses", "networking.k8s.io/v1", "Ingress"],
    ];
    for (const [path, apiVersion, kind] of lists) {
      const items = ((await cluster.api.request("GET", path)).body as { items: KubeObject[] }).items;
      for (const item of items) {
        if (kind === "Namespace" || created.has(objectKey(kind, item.metadata.namespace, item.metadata.name))) stored.push({ ...item, apiVersion, kind });
      }
    }
    const ours = new Set(stored.map((o) => objectKey(o.kind, o.metadata.namespace, o.metadata.name)));
    const objectsFile = join(work, "objects.yaml");
    const constraintsFile = join(work, "constraints.yaml");
    writeFileSync(objectsFile, stored.map((o) => JSON.stringify(o)).join("\n---\n"));
    writeFileSync(constraintsFile, constraints.map((o) => JSON.stringify(o)).join("\n---\n"));
    const result = gkc(PACKAGE_ROOT, ["audit", "--format", "json", "--constraints", constraintsFile, objectsFile]);
    expect(result.status === 0 || result.status === 1, result.stderr).toBe(true);
    const report = JSON.parse(result.stdout) as { violations: GkcViolation[] };

    const key = (constraint: string, kind: string, namespace: string | undefined, name: string, message: string): string => `${constraint} ${objectKey(kind, namespace || undefined, name)}: ${message}`;
    const theirs = [...live].flatMap(([constraint, violations]) =>
      violations.filter((v) => ours.has(objectKey(v.kind, v.namespace || undefined, v.name))).map((v) => key(constraint, v.kind, v.namespace, v.name, v.message)),
    );
    const mine = report.violations.map((v) => key(`${v.constraint.kind}/${v.constraint.name}`, v.object.kind, v.object.namespace ?? undefined, v.object.name, v.message));
    expect(mine.length).toBeGreaterThan(50);

    // Namespaced objects and Namespaces: identical verdicts.
    const clusterScoped = new Set(stored.filter((o) => o.kind !== "Namespace" && !o.metadata.namespace).map((o) => objectKey(o.kind, undefined, o.metadata.name)));
    const isClusterScoped = (k: string): boolean => clusterScoped.has(k.slice(k.indexOf(" ") + 1, k.indexOf(": ")));
    const onlyGkc = mine.filter((k) => !theirs.includes(k));
    const onlyGatekeeper = theirs.filter((k) => !mine.includes(k));
    expect({ onlyGkc: onlyGkc.filter((k) => !isClusterScoped(k)), onlyGatekeeper: onlyGatekeeper.filter((k) => !isClusterScoped(k)) }).toEqual({ onlyGkc: [], onlyGatekeeper: [] });
    expect(mine.filter((k) => !isClusterScoped(k)).length).toBeGreaterThan(50);

    // Cluster-scoped objects other than Namespaces (the corpus's ClusterRoles): gkc audit matches
    // them as `gator test` does, with an empty Namespace (audit/match.ts, gatorNamespaceFor), so
    // `scope: Namespaced` and `namespaces` globs see a namespace ""; Gatekeeper's audit matches
    // them with none, as its webhook does. Every difference is on a constraint that has one of
    // those matchers; with none of them both agree.
    const byName = new Map(constraints.map((c) => [`${c.kind}/${c.metadata.name}`, (c["spec"] as { match?: Record<string, unknown> }).match ?? {}]));
    const namespaceMatchers = (k: string): boolean => {
      const match = byName.get(k.slice(0, k.indexOf(" "))) ?? {};
      return "scope" in match || "namespaces" in match || "namespaceSelector" in match;
    };
    const divergent = [...onlyGkc, ...onlyGatekeeper].filter(isClusterScoped);
    expect(divergent.filter((k) => !namespaceMatchers(k))).toEqual([]);
    process.stdout.write(`cluster-scoped objects, gkc audit (gator test's matching) vs Gatekeeper's audit:\n  only gkc: ${onlyGkc.filter(isClusterScoped).join("\n  only gkc: ")}\n  only Gatekeeper: ${onlyGatekeeper.filter(isClusterScoped).join("\n  only Gatekeeper: ")}\n`);
    timings.compared = mine.length;
    timings.divergentClusterScoped = divergent.length;
  });
});
