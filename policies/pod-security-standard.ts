import { allContainers, asArray, constraint, defineTemplate, isObject, podSpec, type KubeObject } from "gkc/sdk";
import { isExemptImage, nameOrUnnamed } from "./lib/containers.js";

export const template = defineTemplate({
  kind: "K8sPodSecurityStandard",
  title: "Pod Security Standard",
  description:
    "Enforces the Kubernetes Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/) on Pods and every pod controller. The baseline level forbids known privilege escalations: privileged and Windows HostProcess containers, host namespaces, hostPath volumes, host ports, capabilities beyond the default set, non-default /proc mounts, unsafe sysctls, custom SELinux users, roles and types, AppArmor and seccomp profiles other than the runtime default or a local profile, and probe or lifecycle hosts. The restricted level adds: only core volume types, no privilege escalation, running as non-root (runAsNonRoot true, runAsUser not 0), a RuntimeDefault or Localhost seccomp profile for every container, and dropping ALL capabilities (adding at most NET_BIND_SERVICE); Windows pods (spec.os.name windows) are exempt from the last three Linux-only rules. Container-level settings override pod-level ones where Kubernetes says so. Containers whose image matches an exemptImages pattern are skipped by the container-level checks.",
  version: "1.0.0",
  podSpec: true,
});

/** Parameters of K8sPodSecurityStandard. */
export interface Parameters {
  /**
   * The Pod Security Standards level to enforce: `baseline` (prevents known privilege
   * escalations) or `restricted` (every baseline control plus current pod hardening practice).
   */
  level: "baseline" | "restricted";
  /**
   * Images of containers exempt from the container-level checks. A pattern ending in `*`
   * matches by prefix, one starting with `*` by suffix; any other pattern must equal the image
   * exactly. Pod-level fields (host namespaces, volumes, sysctls, ...) are always checked.
   */
  exemptImages?: string[];
}

/** Capabilities that the baseline level allows in capabilities.add (the container runtime defaults). */
const BASELINE_CAPABILITIES = [
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
];

/** The sysctls the standard considers safe (namespaced and isolated between pods). */
const SAFE_SYSCTLS = [
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
];

/** SELinux types the baseline level allows ("" means unset). */
const SELINUX_TYPES = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

/** Volume sources the restricted level allows. */
const RESTRICTED_VOLUME_TYPES = [
  "configMap",
  "csi",
  "downwardAPI",
  "emptyDir",
  "ephemeral",
  "persistentVolumeClaim",
  "projected",
  "secret",
];

const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"];
const LIFECYCLE_HOOKS = ["postStart", "preStop"];
const HOST_HANDLERS = ["httpGet", "tcpSocket"];
const TEMPLATE_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"];
const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

/** `value[key]` when `value` is a JSON object, otherwise undefined. */
function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** True when `value` is a string in `list`. */
function isOneOf(value: unknown, list: string[]): boolean {
  return typeof value === "string" && list.includes(value);
}

/** True unless the value is one of the allowed "off" values: undefined, null or false. */
function isSetTrue(value: unknown): boolean {
  return value != null && value !== false;
}

/** `"value"` for a string, a placeholder otherwise (non-strings may not print alike everywhere). */
function describe(value: unknown): string {
  if (typeof value === "string") {
    return `"${value}"`;
  }
  return "a non-string value";
}

/** True for the seccomp profile types the restricted level accepts. */
function isConfinedSeccomp(type: unknown): boolean {
  return type === "RuntimeDefault" || type === "Localhost";
}

/** True for the AppArmor profile types the baseline level accepts (unset, RuntimeDefault, Localhost). */
function isAllowedAppArmorType(type: unknown): boolean {
  return type == null || type === "RuntimeDefault" || type === "Localhost";
}

/** True for the legacy AppArmor annotation values the baseline level accepts. */
function isAllowedAppArmorAnnotation(value: unknown): boolean {
  return (
    value == null ||
    value === "" ||
    value === "runtime/default" ||
    (typeof value === "string" && value.startsWith("localhost/"))
  );
}

/** The legacy AppArmor annotation key of the container named `name` ("" when the name is not a string). */
function appArmorAnnotationKey(name: unknown): string {
  if (typeof name === "string") {
    return APPARMOR_ANNOTATION_PREFIX + name;
  }
  return "";
}

/** The metadata of the pod (for a Pod) or of the pod template (for a pod controller). */
function podMetadata(object: KubeObject): unknown {
  const kind = object.kind;
  const spec: unknown = object.spec;
  if (kind === "Pod") {
    return object.metadata;
  }
  if (kind === "CronJob") {
    return field(field(field(field(spec, "jobTemplate"), "spec"), "template"), "metadata");
  }
  if (typeof kind === "string" && TEMPLATE_KINDS.includes(kind)) {
    return field(field(spec, "template"), "metadata");
  }
  return undefined;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const restricted = parameters.level === "restricted";
  const exemptImages = asArray(parameters.exemptImages);
  const spec: unknown = podSpec(object);
  const containers = allContainers(object);
  const podSecurity = field(spec, "securityContext");
  // The Linux-only restricted controls do not apply to Windows pods.
  const linux = field(field(spec, "os"), "name") !== "windows";

  // ---- Baseline, pod level ----
  if (isSetTrue(field(spec, "hostNetwork"))) {
    yield "pod: spec.hostNetwork must not be true";
  }
  if (isSetTrue(field(spec, "hostPID"))) {
    yield "pod: spec.hostPID must not be true";
  }
  if (isSetTrue(field(spec, "hostIPC"))) {
    yield "pod: spec.hostIPC must not be true";
  }
  if (isSetTrue(field(field(podSecurity, "windowsOptions"), "hostProcess"))) {
    yield "pod: spec.securityContext.windowsOptions.hostProcess must not be true";
  }
  const podSELinux = field(podSecurity, "seLinuxOptions");
  const podSELinuxType = field(podSELinux, "type");
  if (podSELinuxType != null && !isOneOf(podSELinuxType, SELINUX_TYPES)) {
    yield `pod: spec.securityContext.seLinuxOptions.type ${describe(podSELinuxType)} is not allowed`;
  }
  const podSELinuxUser = field(podSELinux, "user");
  if (podSELinuxUser != null && podSELinuxUser !== "") {
    yield "pod: spec.securityContext.seLinuxOptions.user must be unset";
  }
  const podSELinuxRole = field(podSELinux, "role");
  if (podSELinuxRole != null && podSELinuxRole !== "") {
    yield "pod: spec.securityContext.seLinuxOptions.role must be unset";
  }
  if (!isAllowedAppArmorType(field(field(podSecurity, "appArmorProfile"), "type"))) {
    yield "pod: spec.securityContext.appArmorProfile.type must be RuntimeDefault or Localhost";
  }
  const podSeccomp = field(podSecurity, "seccompProfile");
  const podSeccompType = field(podSeccomp, "type");
  if (podSeccompType === "Unconfined") {
    yield "pod: spec.securityContext.seccompProfile.type must not be Unconfined";
  }
  for (const sysctl of asArray(field(podSecurity, "sysctls"))) {
    const sysctlName = field(sysctl, "name");
    if (!isOneOf(sysctlName, SAFE_SYSCTLS)) {
      yield `pod: spec.securityContext.sysctls ${describe(sysctlName)} is not in the safe set`;
    }
  }
  const annotations = field(podMetadata(object), "annotations");
  if (isObject(annotations)) {
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION_PREFIX) || isAllowedAppArmorAnnotation(value)) {
        continue;
      }
      const exempt = containers.some((c) => key === appArmorAnnotationKey(c.name) && isExemptImage(c.image, exemptImages));
      if (!exempt) {
        yield `pod: metadata.annotations["${key}"] must be runtime/default or localhost/<profile>`;
      }
    }
  }
  for (const volume of asArray(field(spec, "volumes"))) {
    const volumeName = nameOrUnnamed(field(volume, "name"));
    if (field(volume, "hostPath") != null) {
      yield `volume "${volumeName}": hostPath volumes are not allowed`;
    }
    // ---- Restricted, volume types ----
    if (restricted && !RESTRICTED_VOLUME_TYPES.some((type) => field(volume, type) != null)) {
      yield `volume "${volumeName}": only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes are allowed`;
    }
  }

  // ---- Restricted, pod level ----
  const podRunAsNonRoot = field(podSecurity, "runAsNonRoot");
  const podSeccompConfined = podSeccomp != null && isConfinedSeccomp(podSeccompType);
  if (restricted) {
    if (podRunAsNonRoot != null && podRunAsNonRoot !== true) {
      yield "pod: spec.securityContext.runAsNonRoot must be true";
    }
    if (field(podSecurity, "runAsUser") === 0) {
      yield "pod: spec.securityContext.runAsUser must not be 0";
    }
    if (linux && podSeccomp != null && !podSeccompConfined) {
      yield "pod: spec.securityContext.seccompProfile.type must be RuntimeDefault or Localhost";
    }
  }

  // ---- Containers, init containers and ephemeral containers ----
  for (const container of containers) {
    if (isExemptImage(container.image, exemptImages)) {
      continue;
    }
    const name = nameOrUnnamed(container.name);
    const security = field(container, "securityContext");
    const capabilities = field(security, "capabilities");
    const added = asArray(field(capabilities, "add"));

    // Baseline
    if (isSetTrue(field(security, "privileged"))) {
      yield `container "${name}": securityContext.privileged must not be true`;
    }
    if (isSetTrue(field(field(security, "windowsOptions"), "hostProcess"))) {
      yield `container "${name}": securityContext.windowsOptions.hostProcess must not be true`;
    }
    for (const capability of added) {
      if (!isOneOf(capability, BASELINE_CAPABILITIES)) {
        yield `container "${name}": securityContext.capabilities.add must not include ${describe(capability)}`;
      }
    }
    for (const port of asArray(field(container, "ports"))) {
      const hostPort = field(port, "hostPort");
      if (hostPort != null && hostPort !== 0) {
        yield `container "${name}": ports[*].hostPort must be 0 or unset`;
      }
    }
    const procMount = field(security, "procMount");
    if (procMount != null && procMount !== "Default") {
      yield `container "${name}": securityContext.procMount must be Default or unset`;
    }
    const seLinux = field(security, "seLinuxOptions");
    const seLinuxType = field(seLinux, "type");
    if (seLinuxType != null && !isOneOf(seLinuxType, SELINUX_TYPES)) {
      yield `container "${name}": securityContext.seLinuxOptions.type ${describe(seLinuxType)} is not allowed`;
    }
    const seLinuxUser = field(seLinux, "user");
    if (seLinuxUser != null && seLinuxUser !== "") {
      yield `container "${name}": securityContext.seLinuxOptions.user must be unset`;
    }
    const seLinuxRole = field(seLinux, "role");
    if (seLinuxRole != null && seLinuxRole !== "") {
      yield `container "${name}": securityContext.seLinuxOptions.role must be unset`;
    }
    if (!isAllowedAppArmorType(field(field(security, "appArmorProfile"), "type"))) {
      yield `container "${name}": securityContext.appArmorProfile.type must be RuntimeDefault or Localhost`;
    }
    const seccomp = field(security, "seccompProfile");
    const seccompType = field(seccomp, "type");
    if (seccompType === "Unconfined") {
      yield `container "${name}": securityContext.seccompProfile.type must not be Unconfined`;
    }
    for (const probe of PROBES) {
      for (const handler of HOST_HANDLERS) {
        const host = field(field(field(container, probe), handler), "host");
        if (host != null && host !== "") {
          yield `container "${name}": ${probe}.${handler}.host must be unset`;
        }
      }
    }
    for (const hook of LIFECYCLE_HOOKS) {
      for (const handler of HOST_HANDLERS) {
        const host = field(field(field(field(container, "lifecycle"), hook), handler), "host");
        if (host != null && host !== "") {
          yield `container "${name}": lifecycle.${hook}.${handler}.host must be unset`;
        }
      }
    }

    // Restricted
    if (!restricted) {
      continue;
    }
    if (linux && field(security, "allowPrivilegeEscalation") !== false) {
      yield `container "${name}": securityContext.allowPrivilegeEscalation must be false`;
    }
    const runAsNonRoot = field(security, "runAsNonRoot");
    if (runAsNonRoot != null ? runAsNonRoot !== true : podRunAsNonRoot !== true) {
      yield `container "${name}": securityContext.runAsNonRoot must be true`;
    }
    if (field(security, "runAsUser") === 0) {
      yield `container "${name}": securityContext.runAsUser must not be 0`;
    }
    if (linux && (seccomp != null ? !isConfinedSeccomp(seccompType) : !podSeccompConfined)) {
      yield `container "${name}": securityContext.seccompProfile.type must be RuntimeDefault or Localhost`;
    }
    if (linux && !asArray(field(capabilities, "drop")).includes("ALL")) {
      yield `container "${name}": securityContext.capabilities.drop must include ALL`;
    }
    if (linux) {
      for (const capability of added) {
        if (capability !== "NET_BIND_SERVICE") {
          yield `container "${name}": securityContext.capabilities.add may only include NET_BIND_SERVICE, not ${describe(capability)}`;
        }
      }
    }
  }
}

const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"];

export const constraints = [
  constraint<Parameters>({
    name: "pss-baseline",
    enforcementAction: "dryrun",
    match: { excludedNamespaces: SYSTEM_NAMESPACES },
    parameters: { level: "baseline" },
  }),
  constraint<Parameters>({
    name: "pss-restricted",
    enforcementAction: "dryrun",
    match: { namespaceSelector: { matchLabels: { "gkc.dev/namespace-class": "application" } } },
    parameters: { level: "restricted" },
  }),
];
