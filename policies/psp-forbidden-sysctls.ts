import { constraint, defineTemplate, matchesWildcard, type AdmissionReview, type Inventory, type KubeObject } from "gkc/sdk";
import { isUpdate } from "./lib/library.js";
import { elements, field, holds, listText, sameScalar, shown } from "./lib/psp-host.js";

export const template = defineTemplate({
  kind: "K8sPSPForbiddenSysctls",
  title: "Forbidden Sysctls",
  description:
    "Controls the `sysctl` profile used by containers. Corresponds to the `allowedUnsafeSysctls` and `forbiddenSysctls` fields in a PodSecurityPolicy. When specified, any sysctl not in the `allowedSysctls` parameter is considered to be forbidden. The `forbiddenSysctls` parameter takes precedence over the `allowedSysctls` parameter. For more information, see https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/",
  version: "1.0.0",
});

/**
 * Controls the `sysctl` profile used by containers. Corresponds to the `allowedUnsafeSysctls` and
 * `forbiddenSysctls` fields in a PodSecurityPolicy. When specified, any sysctl not in the
 * `allowedSysctls` parameter is considered to be forbidden. The `forbiddenSysctls` parameter takes
 * precedence over the `allowedSysctls` parameter. For more information, see
 * https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
 */
export interface Parameters {
  /** An allow-list of sysctls. `*` allows all sysctls not listed in the `forbiddenSysctls` parameter. */
  allowedSysctls?: string[];
  /** A disallow-list of sysctls. `*` forbids all sysctls. */
  forbiddenSysctls?: string[];
}

/** The sysctl is listed: `*`, the exact name, or a `prefix*` pattern the name starts with. */
function listed(patterns: unknown[], sysctl: unknown): boolean {
  return patterns.some(
    (pattern) =>
      pattern === "*" ||
      sameScalar(pattern, sysctl) ||
      (typeof pattern === "string" && pattern.endsWith("*") && typeof sysctl === "string" && matchesWildcard(pattern, sysctl)),
  );
}

export function* violations(object: KubeObject, parameters: Parameters, _inventory: Inventory, review: AdmissionReview): Generator<string> {
  // spec.securityContext.sysctls is immutable: UPDATEs are not judged.
  if (isUpdate(review)) {
    return;
  }
  const podName: unknown = object.metadata?.name;
  // The library's messages print metadata.name: an object without one is not reported.
  if (podName === undefined) {
    return;
  }
  const forbidden = elements(parameters.forbiddenSysctls);
  const allowedSysctls: unknown = parameters.allowedSysctls;
  const allowed = elements(allowedSysctls);
  for (const sysctl of elements(field(field(object["spec"], "securityContext"), "sysctls"))) {
    const name = field(sysctl, "name");
    if (name === undefined) {
      continue;
    }
    if (listed(forbidden, name)) {
      yield `The sysctl ${shown(name)} is not allowed, pod: ${shown(podName)}. Forbidden sysctls: ${listText(parameters.forbiddenSysctls)}`;
    }
    // Without allowedSysctls every sysctl is allowed; with it, only the listed ones.
    if (holds(allowedSysctls) && !listed(allowed, name)) {
      yield `The sysctl ${shown(name)} is not explicitly allowed, pod: ${shown(podName)}. Allowed sysctls: ${listText(allowedSysctls)}`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "psp-forbidden-sysctls",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
    parameters: {
      allowedSysctls: [
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
      ],
    },
  }),
];
