// Generators for pod-security policies: workloads whose pod and container security contexts,
// volumes, ports, probes and AppArmor annotations are drawn from small pools around the values
// the Pod Security Standards allow and forbid (and near misses of them), with every field
// sometimes missing, null or of the wrong type. Shared by the pod-security policies.
import fc from "fast-check";
import { CONTAINER_NAMES, fromPool, json, labelMap, maybe, objectName, wrongTyped, type PodKind, POD_KINDS, POD_KIND_API_VERSIONS } from "./arbitraries.js";

/** Images: plain, prefixed by an organisation that exempt patterns often target, and junk. */
export const PSS_IMAGES: readonly string[] = [
  "nginx",
  "nginx:1.25",
  "busybox",
  "busybox:1.36",
  "ghcr.io/acme/agent:v1",
  "ghcr.io/acme/app:v1",
  "ghcr.io/acme-evil/agent",
  "",
];

/** Exempt-image patterns: exact, prefix `*`, suffix `*`, everything, nothing. */
export const PSS_EXEMPT_PATTERNS: readonly string[] = ["nginx", "busybox*", "ghcr.io/acme/*", "ghcr.io/acme/agent*", "*:v1", "*", ""];

const CAPABILITIES: readonly string[] = [
  "ALL",
  "NET_BIND_SERVICE",
  "CHOWN",
  "KILL",
  "SYS_CHROOT",
  "AUDIT_WRITE",
  "SYS_ADMIN",
  "NET_RAW",
  "SYS_PTRACE",
  "NET_ADMIN",
];

const SYSCTLS: readonly string[] = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.ip_unprivileged_port_start",
  "kernel.msgmax",
  "net.core.somaxconn",
  "vm.swappiness",
];

const SELINUX_TYPES: readonly string[] = ["container_t", "container_init_t", "container_kvm_t", "container_engine_t", "spc_t", ""];

const VOLUME_SOURCES: readonly string[] = [
  "configMap",
  "secret",
  "emptyDir",
  "projected",
  "persistentVolumeClaim",
  "csi",
  "downwardAPI",
  "ephemeral",
  "hostPath",
  "nfs",
  "gitRepo",
];

const bool = fc.constantFrom(true, false);

/** A value from `pool` most of the time; near misses and broken values otherwise. */
function field<T>(arb: fc.Arbitrary<T>, weight = 6): fc.Arbitrary<T | unknown> {
  return maybe(arb, weight);
}

/** A field usually absent (the common case in real manifests), otherwise a value or broken. */
function sometimes<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> {
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: maybe(arb), weight: 2 });
}

const seccompProfile = fc.record(
  { type: field(fromPool(["RuntimeDefault", "Localhost", "Unconfined"])), localhostProfile: fc.constantFrom(undefined, "p.json") },
  { requiredKeys: [] },
);

const appArmorProfile = fc.record({ type: field(fromPool(["RuntimeDefault", "Localhost", "Unconfined"])) }, { requiredKeys: [] });

const seLinuxOptions = fc.record(
  {
    type: field(fromPool(SELINUX_TYPES)),
    user: field(fc.constantFrom("", "system_u")),
    role: field(fc.constantFrom("", "system_r")),
    level: fc.constantFrom(undefined, "s0:c1,c2"),
  },
  { requiredKeys: [] },
);

const windowsOptions = fc.record({ hostProcess: field(bool) }, { requiredKeys: [] });

const capabilityList = fc.oneof(
  { arbitrary: fc.array(fromPool(CAPABILITIES), { maxLength: 3 }), weight: 6 },
  { arbitrary: fc.array(fc.oneof(fc.constantFrom(...CAPABILITIES), wrongTyped()), { maxLength: 2 }), weight: 1 },
);

/** A container securityContext biased towards the restricted-compliant values. */
export function containerSecurityContext(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      privileged: field(fc.constantFrom(false, false, true)),
      allowPrivilegeEscalation: field(fc.constantFrom(false, false, false, true)),
      runAsNonRoot: field(fc.constantFrom(true, true, false)),
      runAsUser: field(fc.constantFrom(0, 1000, 65534, 1)),
      procMount: field(fromPool(["Default", "Unmasked"])),
      readOnlyRootFilesystem: field(fc.constantFrom(true, true, false)),
      capabilities: field(fc.record({ add: sometimes(capabilityList), drop: field(fc.oneof(fc.constant(["ALL"]), capabilityList)) }, { requiredKeys: [] })),
      seccompProfile: sometimes(seccompProfile),
      appArmorProfile: sometimes(appArmorProfile),
      seLinuxOptions: sometimes(seLinuxOptions),
      windowsOptions: sometimes(windowsOptions),
    },
    { requiredKeys: [] },
  );
}

/** A pod securityContext biased towards the restricted-compliant values. */
export function podSecurityContext(): fc.Arbitrary<unknown> {
  const sysctl = fc.record({ name: field(fromPool(SYSCTLS), 12), value: fc.constant("1") }, { requiredKeys: [] });
  return fc.record(
    {
      runAsNonRoot: field(fc.constantFrom(true, true, false)),
      runAsUser: sometimes(fc.constantFrom(0, 1000)),
      seccompProfile: field(seccompProfile),
      appArmorProfile: sometimes(appArmorProfile),
      seLinuxOptions: sometimes(seLinuxOptions),
      windowsOptions: sometimes(windowsOptions),
      sysctls: sometimes(fc.array(fc.oneof({ arbitrary: sysctl, weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 3 })),
    },
    { requiredKeys: [] },
  );
}

const host = fc.constantFrom("", "10.0.0.1", "localhost");
const handler = fc.record(
  {
    httpGet: sometimes(fc.record({ port: fc.constant(80), host: sometimes(host) }, { requiredKeys: [] })),
    tcpSocket: sometimes(fc.record({ port: fc.constant(80), host: sometimes(host) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);

export interface PssContainerOptions {
  /** Arbitrary of the container image (before `maybe`). */
  image?: fc.Arbitrary<unknown>;
  /** Arbitrary of the container securityContext (before `maybe`). */
  securityContext?: fc.Arbitrary<unknown>;
}

/** One container with security-relevant fields, each maybe broken. */
export function pssContainer(options: PssContainerOptions = {}): fc.Arbitrary<unknown> {
  const port = fc.record({ containerPort: fc.constant(80), hostPort: sometimes(fc.constantFrom(0, 0, 80, 8080)) }, { requiredKeys: [] });
  return fc.record(
    {
      name: maybe(fc.oneof(fc.constantFrom(...CONTAINER_NAMES), fc.string({ maxLength: 4 })), 12),
      image: maybe(options.image ?? fromPool(PSS_IMAGES), 12),
      securityContext: maybe(options.securityContext ?? containerSecurityContext(), 6),
      ports: sometimes(fc.array(fc.oneof({ arbitrary: port, weight: 6 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 2 })),
      livenessProbe: sometimes(handler),
      readinessProbe: sometimes(handler),
      startupProbe: sometimes(handler),
      lifecycle: sometimes(fc.record({ postStart: sometimes(handler), preStop: sometimes(handler) }, { requiredKeys: [] })),
    },
    { requiredKeys: [] },
  );
}

function pssContainerList(options: PssContainerOptions): fc.Arbitrary<unknown> {
  const element = fc.oneof({ arbitrary: pssContainer(options), weight: 12 }, { arbitrary: wrongTyped(), weight: 1 });
  return maybe(fc.array(element, { minLength: 1, maxLength: 3 }), 16);
}

/** A volume: a name and one (sometimes two, sometimes no) volume sources. */
export function pssVolume(): fc.Arbitrary<unknown> {
  const sources = fc.uniqueArray(fromPool(VOLUME_SOURCES, 1), { minLength: 0, maxLength: 2 });
  const sourceValue = fc.oneof({ arbitrary: fc.constant({}), weight: 6 }, { arbitrary: wrongTyped(), weight: 1 });
  return fc
    .tuple(maybe(fc.constantFrom("data", "cache", "config"), 12), sources, fc.array(sourceValue, { minLength: 2, maxLength: 2 }))
    .map(([name, keys, values]) => {
      const volume: Record<string, unknown> = { name };
      keys.forEach((key, i) => {
        volume[key] = values[i];
      });
      return volume;
    });
}

/** A pod spec with security-relevant pod fields, containers, init and ephemeral containers. */
export function pssPodSpec(options: PssContainerOptions = {}): fc.Arbitrary<unknown> {
  const optionalList = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: pssContainerList(options), weight: 1 });
  return fc.record(
    {
      hostNetwork: sometimes(bool),
      hostPID: sometimes(bool),
      hostIPC: sometimes(bool),
      os: sometimes(fc.record({ name: fromPool(["linux", "windows"]) })),
      securityContext: maybe(podSecurityContext(), 8),
      volumes: sometimes(fc.array(fc.oneof({ arbitrary: pssVolume(), weight: 8 }, { arbitrary: wrongTyped(), weight: 1 }), { maxLength: 3 })),
      containers: pssContainerList(options),
      initContainers: optionalList,
      ephemeralContainers: optionalList,
    },
    { requiredKeys: ["containers"] },
  );
}

/** Pod metadata whose annotations sometimes carry legacy AppArmor annotations for the usual container names. */
export function pssMetadata(): fc.Arbitrary<unknown> {
  const apparmorKey = fc.constantFrom(...CONTAINER_NAMES, "").map((name) => `container.apparmor.security.beta.kubernetes.io/${name}`);
  const apparmorValue = maybe(fromPool(["runtime/default", "localhost/profile", "unconfined", ""]), 10);
  const annotations = maybe(fc.dictionary(fc.oneof(apparmorKey, fc.constantFrom("team", "container.apparmor.security.beta.kubernetes.io")), apparmorValue, { maxKeys: 3 }));
  return fc.record({
    name: maybe(objectName()),
    namespace: maybe(fc.constantFrom("default", "team-a")),
    labels: labelMap(),
    annotations: sometimes(annotations),
  });
}


/** A workload of `kind` around {@link pssPodSpec}; the wrappers are rarely broken. */
export function pssWorkload(kind: PodKind, options: PssContainerOptions = {}): fc.Arbitrary<unknown> {
  const spec = maybe(pssPodSpec(options), 60);
  const template = maybe(fc.record({ metadata: pssMetadata(), spec }), 60);
  const body: fc.Arbitrary<unknown> =
    kind === "Pod"
      ? spec
      : kind === "CronJob"
        ? fc.record({ schedule: fc.constant("*/5 * * * *"), jobTemplate: maybe(fc.record({ spec: maybe(fc.record({ template }), 60) }), 60) })
        : fc.record({ replicas: fc.constant(1), template });
  return json(fc.record({ apiVersion: fc.constant(POD_KIND_API_VERSIONS[kind]), kind: fc.constant(kind), metadata: pssMetadata(), spec: body }));
}

/** A workload of any pod kind, Pods most often. */
export function anyPssWorkload(options: PssContainerOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: pssWorkload("Pod", options), weight: 4 },
    ...POD_KINDS.filter((kind) => kind !== "Pod").map((kind) => ({ arbitrary: pssWorkload(kind, options), weight: 1 })),
  );
}

/** An exempt-image list: usually empty or short, from patterns that hit the image pool. */
export function exemptImagesList(): fc.Arbitrary<string[]> {
  return fc.oneof(
    { arbitrary: fc.constant([] as string[]), weight: 3 },
    { arbitrary: fc.array(fromPool(PSS_EXEMPT_PATTERNS), { minLength: 1, maxLength: 2 }), weight: 2 },
  );
}
