import { asArray, constraint, defineTemplate, isObject, matchesWildcard, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sNamespacePodSecurityLabels",
  title: "Namespace Pod Security Labels",
  description:
    "Requires every Namespace to carry the Pod Security Admission label pod-security.kubernetes.io/enforce with a level suited to its class: system namespaces (systemNamespaces) may use any level including privileged; infrastructure namespaces (infrastructureNamespaces) need at least baseline; every other namespace is an application namespace and needs restricted. A namespace matching both lists is a system namespace. The audit and warn labels are optional, but when present must be valid levels at least as strict as enforce (privileged < baseline < restricted). Levels are case-sensitive, as Pod Security Admission parses them; an invalid level is a violation.",
  version: "1.0.0",
});

/** Parameters of K8sNamespacePodSecurityLabels. */
export interface Parameters {
  /**
   * System namespaces, which may enforce any level, including `privileged`. A pattern ending
   * in `*` matches by prefix, one starting with `*` by suffix; any other pattern must equal the
   * namespace name exactly.
   */
  systemNamespaces: string[];
  /**
   * Infrastructure namespaces (ingress controllers, monitoring, ...), which must enforce at least
   * `baseline`. Same pattern syntax as systemNamespaces. Namespaces in neither list are
   * application namespaces and must enforce `restricted`.
   */
  infrastructureNamespaces: string[];
}

const ENFORCE = "pod-security.kubernetes.io/enforce";

/** The rank of a Pod Security level: privileged 0, baseline 1, restricted 2; -1 when invalid. */
function rank(level: unknown): number {
  if (level === "privileged") {
    return 0;
  }
  if (level === "baseline") {
    return 1;
  }
  if (level === "restricted") {
    return 2;
  }
  return -1;
}

/** The name of a valid level rank. */
function levelName(levelRank: number): string {
  if (levelRank === 0) {
    return "privileged";
  }
  if (levelRank === 1) {
    return "baseline";
  }
  return "restricted";
}

/** ` "<value>"` for a string value, nothing otherwise. */
function shown(value: unknown): string {
  if (typeof value === "string") {
    return ` "${value}"`;
  }
  return "";
}

/** True when `name` matches one of `patterns`. */
function matchesAny(patterns: string[], name: unknown): boolean {
  return typeof name === "string" && patterns.some((pattern) => matchesWildcard(pattern, name));
}

/** The lowest enforce rank a namespace of this class may use. */
function minimumRank(system: boolean, infrastructure: boolean): number {
  if (system) {
    return 0;
  }
  if (infrastructure) {
    return 1;
  }
  return 2;
}

/** What a namespace of this class needs, for messages. */
function requirement(system: boolean, infrastructure: boolean): string {
  if (system) {
    return `system namespaces need one of "privileged", "baseline" or "restricted"`;
  }
  if (infrastructure) {
    return `infrastructure namespaces need at least "baseline"`;
  }
  return `application namespaces need "restricted"`;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const metadata: unknown = object.metadata;
  const name: unknown = isObject(metadata) ? metadata["name"] : undefined;
  const labels: unknown = isObject(metadata) ? metadata["labels"] : undefined;
  const shownName = typeof name === "string" ? name : "<unnamed>";
  const system = matchesAny(asArray(parameters.systemNamespaces), name);
  const infrastructure = !system && matchesAny(asArray(parameters.infrastructureNamespaces), name);
  const needs = requirement(system, infrastructure);
  const enforce: unknown = isObject(labels) ? labels[ENFORCE] : undefined;
  const enforceRank = rank(enforce);
  if (enforce == null) {
    yield `Namespace "${shownName}" has no ${ENFORCE} label; ${needs}`;
  } else if (enforceRank < 0) {
    yield `Namespace "${shownName}" has an invalid ${ENFORCE} level${shown(enforce)}; ${needs}`;
  } else if (enforceRank < minimumRank(system, infrastructure)) {
    yield `Namespace "${shownName}" enforces pod security level "${levelName(enforceRank)}"; ${needs}`;
  }
  for (const mode of ["audit", "warn"]) {
    const key = `pod-security.kubernetes.io/${mode}`;
    const level: unknown = isObject(labels) ? labels[key] : undefined;
    if (level == null) {
      continue;
    }
    const levelRank = rank(level);
    if (levelRank < 0) {
      yield `Namespace "${shownName}" has an invalid ${key} level${shown(level)}; valid levels are "privileged", "baseline" and "restricted"`;
    } else if (enforceRank >= 0 && levelRank < enforceRank) {
      yield `Namespace "${shownName}" has ${key} level "${levelName(levelRank)}", weaker than its enforce level "${levelName(enforceRank)}"`;
    }
  }
}

export const constraints = [
  constraint<Parameters>({
    name: "namespaces-enforce-pod-security",
    enforcementAction: "dryrun",
    match: { kinds: [{ apiGroups: [""], kinds: ["Namespace"] }] },
    parameters: {
      systemNamespaces: ["kube-system", "kube-public", "kube-node-lease", "gatekeeper-system"],
      infrastructureNamespaces: ["ingress-*", "monitoring", "cert-manager", "istio-system"],
    },
  }),
];
