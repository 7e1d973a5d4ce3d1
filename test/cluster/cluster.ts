// A real control plane on loopback for end-to-end tests: etcd, kube-apiserver and Gatekeeper's
// manager (webhook + audit + status, run out of cluster with a kubeconfig), Gatekeeper's CRDs from
// the module it was built from, and a ValidatingWebhookConfiguration that calls the manager by URL
// with a CA made for this run. No kubelet: admission and audit work on objects nobody schedules.
// startCluster() waits until a request really goes through the webhook; stop() (and any failure
// on the way) leaves no process behind.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { Api, ApiError, type KubeObject } from "./api.js";
import { type ClusterBinaries, clusterBinaries, gatekeeperCrdDirectory } from "./binaries.js";
import { makePki, type Pki } from "./pki.js";
import { type Managed, Processes, sleep, tail } from "./processes.js";

export const GATEKEEPER_NAMESPACE = "gatekeeper-system";

export interface ClusterOptions {
  /** Gatekeeper's --audit-interval, in seconds. */
  auditIntervalSeconds?: number;
  /** The webhook's failurePolicy (Fail: a request Gatekeeper did not see is refused, never let through). */
  failurePolicy?: "Fail" | "Ignore";
  /** Gatekeeper's --constraint-violations-limit: how many violations[] a constraint's status lists (default 20). */
  violationsLimit?: number;
  /**
   * Gatekeeper's generation of ValidatingAdmissionPolicies from templates with CEL: "off" (the
   * default here: both --default-create-vap-* flags false, so the webhook alone gives every
   * verdict a test reads) or "installed" (Gatekeeper's own defaults, both true).
   */
  vapGeneration?: "off" | "installed";
  /** More flags for Gatekeeper's manager. */
  gatekeeperArgs?: readonly string[];
}

const VAP_GENERATION_OFF = ["--default-create-vap-for-templates=false", "--default-create-vap-binding-for-constraints=false"];

export interface Timings {
  binariesMs: number;
  etcdMs: number;
  apiserverMs: number;
  crdsMs: number;
  gatekeeperMs: number;
  webhookMs: number;
  totalMs: number;
}

export interface Cluster {
  readonly api: Api;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly binaries: ClusterBinaries;
  readonly timings: Timings;
  readonly processes: Processes;
  readonly gatekeeper: Managed;
  /** The Gatekeeper audit interval in force, in seconds. */
  readonly auditIntervalSeconds: number;
  /** Stops every process (Gatekeeper first) and removes the directory unless GKC_CLUSTER_KEEP is set. */
  stop(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const started = Date.now();
  let mark = started;
  const lap = (): number => {
    const now = Date.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const binaries = clusterBinaries();
  const binariesMs = lap();

  const dir = mkdtempSync(join(tmpdir(), "gkc-cluster-"));
  const processes = new Processes(dir);
  let api: Api | undefined;
  const stop = async (): Promise<void> => {
    api?.close();
    await processes.stopAll();
    if (!process.env.GKC_CLUSTER_KEEP) rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const sub of ["pki", "webhook-certs", "etcd", "audit-cache"]) mkdirSync(join(dir, sub));
    const pki = makePki(join(dir, "pki"), join(dir, "webhook-certs"));
    const [etcdClient, etcdPeer, apiserverPort, webhookPort, healthPort, prometheusPort] = (await freePorts(6)) as [number, number, number, number, number, number];

    const etcd = processes.start("etcd", binaries.etcd, [
      "--name=gkc-test",
      `--data-dir=${join(dir, "etcd")}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=gkc-test=http://127.0.0.1:${etcdPeer}`,
      // A test's data is thrown away: no fsync, no metrics listener of its own.
      "--unsafe-no-fsync",
      "--log-level=warn",
    ]);
    await waitFor("etcd /health", processes, etcd, 60_000, async () => (await httpGet(`http://127.0.0.1:${etcdClient}/health`)).includes('"health":"true"'));
    const etcdMs = lap();

    const server = `https://127.0.0.1:${apiserverPort}`;
    const apiserver = processes.start("kube-apiserver", binaries.kubeApiserver, [
      `--etcd-servers=http://127.0.0.1:${etcdClient}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      // The "kubernetes" Service's endpoint reconciler refuses a loopback address; nothing here uses it.
      "--endpoint-reconciler-type=none",
      `--secure-port=${apiserverPort}`,
      `--tls-cert-file=${pki.apiserver.cert}`,
      `--tls-private-key-file=${pki.apiserver.key}`,
      `--client-ca-file=${pki.caFile}`,
      `--service-account-key-file=${pki.serviceAccount.publicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
      "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
      "--service-cluster-ip-range=10.96.0.0/16",
      "--authorization-mode=Node,RBAC",
      // No controller-manager creates the "default" ServiceAccount, which this plugin would require of every Pod.
      "--disable-admission-plugins=ServiceAccount",
      // As kubeadm and managed clusters run it: without it the API server itself refuses privileged
      // containers (422) before any webhook sees them, and privileged-container policies go untested.
      "--allow-privileged=true",
      `--cert-dir=${join(dir, "apiserver-certs")}`,
      "--profiling=false",
      "--v=0",
    ]);
    api = new Api(server, { ca: pki.ca, cert: pki.admin.certPem, key: pki.admin.keyPem });
    const client = api;
    await waitFor("kube-apiserver /readyz", processes, apiserver, 120_000, async () => (await client.request("GET", "/readyz")).status === 200);
    const apiserverMs = lap();

    const kubeconfig = writeKubeconfig(dir, server, pki);
    await installGatekeeperCrds(api, processes, apiserver);
    await api.apply({
      apiVersion: "v1",
      kind: "Namespace",
      // As Gatekeeper's chart does: its own namespace is exempt from its webhook.
      metadata: { name: GATEKEEPER_NAMESPACE, labels: { "admission.gatekeeper.sh/ignore": "no-self-managing" } },
    });
    const crdsMs = lap();

    const auditIntervalSeconds = options.auditIntervalSeconds ?? 5;
    const gatekeeper = processes.start(
      "gatekeeper",
      binaries.gatekeeper,
      [
        // The chart's two deployments in one process; `generate` is the one that creates constraint CRDs.
        "--operation=webhook",
        "--operation=generate",
        "--operation=audit",
        "--operation=status",
        `--port=${webhookPort}`,
        "--host=127.0.0.1",
        `--cert-dir=${pki.webhookCertDir}`,
        "--disable-cert-rotation",
        `--health-addr=127.0.0.1:${healthPort}`,
        "--metrics-addr=0",
        // Its metrics exporter listens on :8888 by default (every interface): a free port instead,
        // so two clusters on one machine do not collide.
        `--prometheus-port=${prometheusPort}`,
        `--audit-interval=${auditIntervalSeconds}`,
        `--api-cache-dir=${join(dir, "audit-cache")}`,
        // Out of cluster there is no Pod of its own to read.
        "--debug-use-fake-pod",
        "--shutdown-delay=0",
        "--log-denies",
        ...(options.violationsLimit === undefined ? [] : [`--constraint-violations-limit=${options.violationsLimit}`]),
        ...((options.vapGeneration ?? "off") === "off" ? VAP_GENERATION_OFF : []),
        ...(options.gatekeeperArgs ?? []),
      ],
      { ...process.env, KUBECONFIG: kubeconfig, POD_NAMESPACE: GATEKEEPER_NAMESPACE },
    );
    await waitFor("Gatekeeper /readyz", processes, gatekeeper, 120_000, async () => (await httpGet(`http://127.0.0.1:${healthPort}/readyz`)).trim() === "ok");
    const gatekeeperMs = lap();

    await registerWebhook(api, pki, webhookPort, options.failurePolicy ?? "Fail");
    // Ready when a request really passes through the webhook: with failurePolicy Fail an
    // unreachable webhook refuses it.
    const probe: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "gkc-webhook-probe", namespace: "default" } };
    await waitFor("the webhook to admit a dry-run request", processes, gatekeeper, 60_000, async () => (await client.create(probe, { dryRun: true })).status === 201);
    const webhookMs = lap();

    return {
      api,
      dir,
      kubeconfig,
      binaries,
      processes,
      gatekeeper,
      auditIntervalSeconds,
      timings: { binariesMs, etcdMs, apiserverMs, crdsMs, gatekeeperMs, webhookMs, totalMs: Date.now() - started },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Applies every CRD of Gatekeeper's chart and waits until each is Established. */
async function installGatekeeperCrds(api: Api, processes: Processes, apiserver: Managed): Promise<void> {
  const crdDir = gatekeeperCrdDirectory();
  const names: string[] = [];
  for (const file of readdirSync(crdDir).filter((f) => f.endsWith(".yaml")).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), "utf8"))) {
      const crd = doc.toJS() as KubeObject | null;
      if (!crd) continue;
      await api.apply(crd);
      names.push(crd.metadata.name);
    }
  }
  for (const name of names) await waitForCrd(api, name, processes, apiserver);
}

export async function waitForCrd(api: Api, name: string, processes: Processes, watched: Managed, timeoutMs = 60_000): Promise<void> {
  await waitFor(`CRD ${name} Established`, processes, watched, timeoutMs, async () => {
    const response = await api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", name);
    const conditions = (response.body as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
    return conditions.some((c) => c.type === "Established" && c.status === "True");
  });
}

async function registerWebhook(api: Api, pki: Pki, port: number, failurePolicy: "Fail" | "Ignore"): Promise<void> {
  // Gatekeeper's chart's webhook, with a URL instead of a Service: all groups, versions and
  // resources on CREATE and UPDATE, namespaces labelled admission.gatekeeper.sh/ignore exempt.
  await api.apply({
    apiVersion: "admissionregistration.k8s.io/v1",
    kind: "ValidatingWebhookConfiguration",
    metadata: { name: "gatekeeper-validating-webhook-configuration", labels: { "gatekeeper.sh/system": "yes" } },
    webhooks: [
      {
        name: "validation.gatekeeper.sh",
        admissionReviewVersions: ["v1", "v1beta1"],
        clientConfig: { url: `https://127.0.0.1:${port}/v1/admit`, caBundle: Buffer.from(pki.ca).toString("base64") },
        failurePolicy,
        matchPolicy: "Exact",
        namespaceSelector: { matchExpressions: [{ key: "admission.gatekeeper.sh/ignore", operator: "DoesNotExist" }] },
        rules: [{ apiGroups: ["*"], apiVersions: ["*"], operations: ["CREATE", "UPDATE"], resources: ["*"], scope: "*" }],
        sideEffects: "None",
        // The chart's 3 s is tight on 2 shared cores.
        timeoutSeconds: 10,
      },
    ],
  });
}

function writeKubeconfig(dir: string, server: string, pki: Pki): string {
  const path = join(dir, "kubeconfig");
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "gkc-test", cluster: { server, "certificate-authority": pki.caFile } }],
    users: [{ name: "admin", user: { "client-certificate": pki.admin.cert, "client-key": pki.admin.key } }],
    contexts: [{ name: "gkc-test", context: { cluster: "gkc-test", user: "admin" } }],
    "current-context": "gkc-test",
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

/** Polls `check` every 250 ms (a throw counts as "not yet", kept for the timeout message); fails early, with the log tail, if `watched` dies. */
export async function waitFor(what: string, processes: Processes, watched: Managed, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    processes.assertRunning(watched);
    try {
      if (await check()) return;
    } catch (error) {
      last = error instanceof ApiError || error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last})` : ""}\n${watched.name} log:\n${tail(watched.log)}`);
    await sleep(250);
  }
}

function httpGet(url: string): Promise<string> {
  return fetch(url, { signal: AbortSignal.timeout(5_000) }).then((r) => r.text());
}

/** `count` distinct free loopback ports (bound, then released: a race only with other binders). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve(server));
    })),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (!address || typeof address === "string") throw new Error("no port");
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
