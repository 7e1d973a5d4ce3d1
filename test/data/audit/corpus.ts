// A deterministic corpus of Kubernetes objects for `gkc audit` parity tests and the audit bench:
// a seeded generator (same seed, same objects), so gator and gkc review the same input.
//
// It covers what matching depends on: Namespaces with and without labels, namespaced objects in
// Namespaces that are in the corpus, in `default` (never a Namespace object here: gator invents
// it) and in Namespaces that are absent; cluster-scoped objects (ClusterRole) and namespaced kinds
// without metadata.namespace; labels, generateName, pod controllers with good and bad images and
// limits, names that break naming conventions. Every object has a unique
// (apiVersion, kind, namespace, name), and every one is a valid object for gator.

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;

/** Namespaces that have a Namespace object in the corpus, with their labels. */
export const CORPUS_NAMESPACES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "team-a": { env: "prod", team: "a", owner: "alice" },
  "team-b": { env: "staging", team: "b" },
  "kube-system": { "kubernetes.io/metadata.name": "kube-system" },
  "prod-web": { env: "prod", tier: "web", owner: "bob" },
  "staging-web": { env: "staging", tier: "web" },
  "dev-db": {},
};
/** Namespaces objects live in without a Namespace object (`default` is gator's built-in). */
export const ABSENT_NAMESPACES = ["default", "orphan", "team-ghost"];

const REGISTRIES = ["registry.corp.example/", "ghcr.io/acme/", "docker.io/library/", "quay.io/other/", "", "ghcr.io/acme-evil/"];
const IMAGES = ["nginx:1.25", "api:2.0", "worker@sha256:" + "a".repeat(64), "db:15", "tool"];
const CPUS = [undefined, "100m", "1", "2", "2500m", "4", "bogus", -1];
const MEMORIES = [undefined, "128Mi", "1Gi", "4Gi", "8Gi", "5G", "lots"];
const APPS = ["web", "api", "db", "worker", "Web_App"];
const TIERS = ["frontend", "backend", "batch"];
const NAME_STEMS = ["web", "api", "db", "worker", "cache", "Bad_Name", "x".repeat(70), "web-api", "svc.dotted"];

export interface CorpusOptions {
  readonly seed: number;
  /** Objects besides the Namespace objects. */
  readonly count: number;
}

/** The corpus: Namespace objects first, then `count` other objects. */
export function generateCorpus(options: CorpusOptions): Json[] {
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number): boolean => random() < p;
  const objects: Json[] = [];

  for (const [name, labels] of Object.entries(CORPUS_NAMESPACES)) {
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name, ...(Object.keys(labels).length ? { labels: { ...labels } } : {}) } });
  }
  // A Namespace with a name no namespaced object uses, and one that breaks naming conventions.
  objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name: "Empty_NS", labels: { env: "dev" } } });

  const namespaces = [...Object.keys(CORPUS_NAMESPACES), ...ABSENT_NAMESPACES];
  const labelsFor = (): Record<string, unknown> | undefined => {
    if (chance(0.15)) return undefined;
    const labels: Record<string, unknown> = {};
    if (chance(0.7)) labels["app"] = pick(APPS);
    if (chance(0.5)) labels["tier"] = pick(TIERS);
    if (chance(0.4)) labels["owner"] = pick(["alice", "bob", "Carol!", ""]);
    if (chance(0.03)) labels["replicas"] = 3; // not a string: Gatekeeper then sees no labels at all
    return labels;
  };
  const container = (index: number): Json => {
    const cpu = pick(CPUS);
    const memory = pick(MEMORIES);
    const limits: Json = {};
    if (cpu !== undefined) limits["cpu"] = cpu;
    if (memory !== undefined) limits["memory"] = memory;
    return {
      name: `c${index}`,
      image: `${pick(REGISTRIES)}${pick(IMAGES)}`,
      ...(Object.keys(limits).length || chance(0.5) ? { resources: { limits } } : {}),
    };
  };
  const podSpec = (): Json => {
    const spec: Json = { containers: Array.from({ length: 1 + Math.floor(random() * 2) }, (_, i) => container(i)) };
    if (chance(0.2)) spec["initContainers"] = [container(9)];
    return spec;
  };

  for (let i = 0; i < options.count; i++) {
    const stem = pick(NAME_STEMS);
    const name = `${stem}-${i}`;
    // About one object in ten has no metadata.namespace, whatever its kind.
    const namespace = chance(0.1) ? undefined : pick(namespaces);
    const metadata = (): Json => {
      const m: Json = { name };
      if (namespace !== undefined) m["namespace"] = namespace;
      const labels = labelsFor();
      if (labels) m["labels"] = labels;
      if (chance(0.1)) m["generateName"] = `${pick(["web-", "job-", "db-"])}`;
      return m;
    };
    const kindRoll = random();
    if (kindRoll < 0.18) {
      objects.push({ apiVersion: "v1", kind: "Pod", metadata: metadata(), spec: podSpec() });
    } else if (kindRoll < 0.34) {
      objects.push({ apiVersion: "apps/v1", kind: "Deployment", metadata: metadata(), spec: { replicas: 2, template: { metadata: { labels: { app: "x" } }, spec: podSpec() } } });
    } else if (kindRoll < 0.4) {
      objects.push({ apiVersion: "apps/v1", kind: pick(["StatefulSet", "DaemonSet", "ReplicaSet"]), metadata: metadata(), spec: { template: { spec: podSpec() } } });
    } else if (kindRoll < 0.46) {
      objects.push({ apiVersion: "batch/v1", kind: "Job", metadata: metadata(), spec: { template: { spec: podSpec() } } });
    } else if (kindRoll < 0.52) {
      objects.push({ apiVersion: "batch/v1", kind: "CronJob", metadata: metadata(), spec: { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: podSpec() } } } } });
    } else if (kindRoll < 0.68) {
      objects.push({ apiVersion: "v1", kind: "ConfigMap", metadata: metadata(), data: { key: `value-${i}` } });
    } else if (kindRoll < 0.8) {
      objects.push({ apiVersion: "v1", kind: "Service", metadata: metadata(), spec: { selector: { app: pick(APPS) }, ports: [{ port: 80 }] } });
    } else if (kindRoll < 0.86) {
      objects.push({ apiVersion: "v1", kind: "ServiceAccount", metadata: metadata() });
    } else if (kindRoll < 0.93) {
      const m = metadata();
      delete m["namespace"];
      objects.push({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: m, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }] });
    } else {
      objects.push({ apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: metadata(), spec: { rules: [] } });
    }
  }
  return objects;
}

/** Gatekeeper-native constraints with varied match blocks for the four core template kinds. */
export function coreConstraints(): Json[] {
  const c = (kind: string, name: string, spec: Json): Json => ({ apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec });
  const podKinds = [
    { apiGroups: [""], kinds: ["Pod"] },
    { apiGroups: ["apps"], kinds: ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"] },
    { apiGroups: ["batch"], kinds: ["Job", "CronJob"] },
  ];
  const owner = { labels: [{ key: "owner", allowedRegex: "^[a-z]+$" }] };
  return [
    // K8sRequiredLabels
    c("K8sRequiredLabels", "rl-namespaces", { enforcementAction: "deny", match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] }, parameters: owner }),
    c("K8sRequiredLabels", "rl-team-globs", { enforcementAction: "warn", match: { kinds: [{ apiGroups: ["*"], kinds: ["*"] }], namespaces: ["team-*"], labelSelector: { matchExpressions: [{ key: "app", operator: "Exists" }] } }, parameters: owner }),
    c("K8sRequiredLabels", "rl-prod-deployments", { enforcementAction: "dryrun", match: { kinds: [{ apiGroups: ["apps"], kinds: ["Deployment"] }], namespaceSelector: { matchLabels: { env: "prod" } } }, parameters: { labels: [{ key: "tier" }] } }),
    c("K8sRequiredLabels", "rl-scope-cluster", { match: { scope: "Cluster" }, parameters: { labels: [{ key: "team" }] } }),
    c("K8sRequiredLabels", "rl-scope-namespaced", { enforcementAction: "warn", match: { scope: "Namespaced", excludedNamespaces: ["kube-*", "*-web"] }, parameters: { labels: [{ key: "app" }] } }),
    c("K8sRequiredLabels", "rl-name-prefix", { enforcementAction: "dryrun", match: { name: "web-*" }, parameters: { labels: [{ key: "tier" }] } }),
    c("K8sRequiredLabels", "rl-ns-not-prod", { enforcementAction: "dryrun", match: { namespaceSelector: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] } }, parameters: { labels: [{ key: "owner" }] } }),
    c("K8sRequiredLabels", "rl-everything", { enforcementAction: "dryrun", parameters: { labels: [{ key: "app", allowedRegex: "^[a-z]+$" }] } }),
    c("K8sRequiredLabels", "rl-apps-group-any-kind", { enforcementAction: "warn", match: { kinds: [{ apiGroups: ["apps"] }] }, parameters: { labels: [{ key: "app" }] } }),
    c("K8sRequiredLabels", "rl-empty-label-selector", { enforcementAction: "dryrun", match: { labelSelector: {}, kinds: [{ apiGroups: [""], kinds: ["ConfigMap"] }] }, parameters: { labels: [{ key: "tier" }] } }),
    c("K8sRequiredLabels", "rl-namespaces-star", { enforcementAction: "dryrun", match: { namespaces: ["*"], kinds: [{ apiGroups: ["rbac.authorization.k8s.io", ""], kinds: ["ClusterRole", "Service"] }] }, parameters: { labels: [{ key: "owner" }] } }),
    c("K8sRequiredLabels", "rl-scoped-gator", {
      enforcementAction: "scoped",
      scopedEnforcementActions: [
        { action: "deny", enforcementPoints: [{ name: "gator.gatekeeper.sh" }] },
        { action: "warn", enforcementPoints: [{ name: "*" }] },
      ],
      match: { kinds: [{ apiGroups: [""], kinds: ["Service"] }], namespaces: ["prod-*", "default"] },
      parameters: { labels: [{ key: "app" }] },
    }),
    c("K8sRequiredLabels", "rl-scoped-webhook-only", {
      enforcementAction: "scoped",
      scopedEnforcementActions: [{ action: "deny", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] }],
      parameters: { labels: [{ key: "app" }] },
    }),
    c("K8sRequiredLabels", "rl-source-generated", { enforcementAction: "deny", match: { source: "Generated" }, parameters: { labels: [{ key: "app" }] } }),
    c("K8sRequiredLabels", "rl-source-original", { enforcementAction: "dryrun", match: { source: "Original", kinds: [{ apiGroups: ["networking.k8s.io"], kinds: ["Ingress"] }] }, parameters: { labels: [{ key: "app" }] } }),
    c("K8sRequiredLabels", "rl-label-in", { enforcementAction: "dryrun", match: { labelSelector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In", values: ["frontend", "backend"] }, { key: "owner", operator: "DoesNotExist" }] } }, parameters: { labels: [{ key: "owner" }] } }),
    // K8sApprovedRegistries
    c("K8sApprovedRegistries", "ar-default-kinds", { enforcementAction: "deny", match: { kinds: podKinds }, parameters: { registries: ["registry.corp.example", "ghcr.io/acme"] } }),
    c("K8sApprovedRegistries", "ar-team-a-prod", { enforcementAction: "warn", match: { kinds: podKinds, namespaces: ["team-a", "prod-*"] }, parameters: { registries: ["registry.corp.example"] } }),
    c("K8sApprovedRegistries", "ar-ns-selector", { enforcementAction: "dryrun", match: { kinds: podKinds, namespaceSelector: { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "staging"] }] }, excludedNamespaces: ["kube-system"] }, parameters: { registries: ["ghcr.io/acme"] } }),
    c("K8sApprovedRegistries", "ar-name-suffix", { enforcementAction: "dryrun", match: { name: "*-1*" }, parameters: { registries: ["docker.io"] } }),
    // K8sContainerLimits
    c("K8sContainerLimits", "cl-default", { enforcementAction: "deny", match: { kinds: podKinds }, parameters: { cpu: "2", memory: "4Gi" } }),
    c("K8sContainerLimits", "cl-not-batch", { enforcementAction: "warn", match: { kinds: podKinds, labelSelector: { matchExpressions: [{ key: "tier", operator: "NotIn", values: ["batch"] }] } }, parameters: { cpu: "1", memory: "1Gi", exemptImages: ["ghcr.io/acme/*"] } }),
    c("K8sContainerLimits", "cl-no-owner-ns", { enforcementAction: "dryrun", match: { kinds: podKinds, namespaceSelector: { matchExpressions: [{ key: "owner", operator: "DoesNotExist" }] } }, parameters: { memory: "2Gi" } }),
    // K8sNamingConvention
    c("K8sNamingConvention", "nc-core-namespaced", { enforcementAction: "deny", match: { kinds: [{ apiGroups: [""], kinds: ["*"] }], scope: "Namespaced" }, parameters: { pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 63 } }),
    c("K8sNamingConvention", "nc-default-ns", { enforcementAction: "warn", match: { namespaces: ["default"] }, parameters: { pattern: "^[a-z]" } }),
    c("K8sNamingConvention", "nc-db-names", { enforcementAction: "dryrun", match: { name: "*db*", excludedNamespaces: ["dev-*"] }, parameters: { pattern: "^db-", maxLength: 10 } }),
    c("K8sNamingConvention", "nc-cluster-objects", { enforcementAction: "dryrun", match: { kinds: [{ apiGroups: ["rbac.authorization.k8s.io"], kinds: ["ClusterRole"] }], namespaceSelector: { matchExpressions: [{ key: "env", operator: "DoesNotExist" }] } }, parameters: { pattern: "^[a-z-]+$" } }),
  ];
}
