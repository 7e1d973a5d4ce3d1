// Generators for RBAC and NetworkPolicy objects (Roles, ClusterRoles, bindings, subjects,
// NetworkPolicies), biased towards near misses: verbs and resources that almost match,
// wrong apiGroups, missing or wrongly typed fields, ports that are almost DNS.
import fc from "fast-check";
import { json, maybe, nearMissOf, wrongTyped } from "./arbitraries.js";

/** An element that is usually from `arb`, occasionally wrongly typed. */
function element<T>(arb: fc.Arbitrary<T>, weight = 12): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: arb as fc.Arbitrary<unknown>, weight }, { arbitrary: wrongTyped(), weight: 1 });
}

/** A short list from `pool`, with near misses of it and the odd wrongly typed element. */
export function stringList(pool: readonly string[], maxLength = 3): fc.Arbitrary<unknown> {
  const item = fc.oneof({ arbitrary: fc.constantFrom(...pool), weight: 6 }, { arbitrary: nearMissOf(pool.filter((s) => s !== "")), weight: 1 });
  const list = fc.oneof({ arbitrary: fc.array(element(item), { minLength: 1, maxLength }), weight: 8 }, { arbitrary: fc.constant([]), weight: 1 });
  return maybe(list, 12);
}

export const VERBS: readonly string[] = [
  "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "*",
  "escalate", "bind", "impersonate", "Delete", "DELETE", "delete ", "deletecollections", "**", "use",
];
export const RESOURCES: readonly string[] = [
  "pods", "pods/log", "pods/exec", "pods/eviction", "pod", "Pods", "secrets", "secret", "Secrets", "secrets/status",
  "configmaps", "deployments", "*", "**", "roles", "clusterroles", "users", "serviceaccounts",
];
export const API_GROUPS: readonly string[] = ["", "", "*", "apps", "rbac.authorization.k8s.io", "core", "v1", " ", "**", "policy"];

export interface RuleOptions {
  /** Pool of verbs (default VERBS). */
  verbs?: readonly string[];
  /** Pool of resources (default RESOURCES). */
  resources?: readonly string[];
  /** Pool of apiGroups (default API_GROUPS). */
  apiGroups?: readonly string[];
}

/** One PolicyRule: apiGroups, resources, verbs, resourceNames, nonResourceURLs, each maybe broken. */
export function policyRule(options: RuleOptions = {}): fc.Arbitrary<unknown> {
  return fc.record(
    {
      apiGroups: stringList(options.apiGroups ?? API_GROUPS, 2),
      resources: stringList(options.resources ?? RESOURCES, 3),
      verbs: stringList(options.verbs ?? VERBS, 4),
      resourceNames: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 4 },
        { arbitrary: fc.constant([]), weight: 1 },
        { arbitrary: stringList(["my-secret", "ci-token", ""], 2), weight: 2 },
      ),
      nonResourceURLs: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: stringList(["/healthz", "*", "/metrics"], 2), weight: 1 }),
    },
  );
}

/** A list of rules: usually an array (elements occasionally not objects), sometimes wrong. */
export function ruleList(options: RuleOptions = {}): fc.Arbitrary<unknown> {
  return maybe(fc.array(element(policyRule(options), 10), { maxLength: 4 }), 14);
}

export const ROLE_NAMES: readonly string[] = ["ops", "pod-admin", "viewer", "deployer", "secret-reader", "edit"];
export const NAMESPACES: readonly string[] = ["ci", "team-a", "default", "kube-system"];

/** A Role or ClusterRole (apiVersion, kind, metadata, rules), fields maybe broken. */
export function role(
  options: RuleOptions & {
    kind?: fc.Arbitrary<unknown>;
    names?: readonly string[];
    namespaces?: readonly string[];
    /** Arbitrary of metadata.namespace itself (default: one of `namespaces`, maybe broken). */
    namespace?: fc.Arbitrary<unknown>;
    /** `maybe` weight of metadata and the name (default 16, raise to break them less often). */
    validWeight?: number;
  } = {},
): fc.Arbitrary<unknown> {
  const valid = options.validWeight ?? 16;
  const names = options.names ?? ROLE_NAMES;
  const namespaces = options.namespaces ?? NAMESPACES;
  return json(
    fc.record({
      apiVersion: fc.constant("rbac.authorization.k8s.io/v1"),
      kind: options.kind ?? fc.oneof({ arbitrary: fc.constantFrom("Role", "ClusterRole"), weight: 12 }, { arbitrary: wrongTyped(), weight: 1 }),
      metadata: maybe(
        fc.record({
          name: maybe(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: valid / 2 }, { arbitrary: nearMissOf(names), weight: 1 }), valid),
          namespace: options.namespace ?? maybe(fc.constantFrom(...namespaces), valid / 2),
        }),
        valid * 1.5,
      ),
      rules: ruleList(options),
    }),
  );
}

export const SUBJECT_KINDS: readonly string[] = ["ServiceAccount", "User", "Group"];
export const SUBJECT_NAMES: readonly string[] = ["deployer", "ci-bot", "alice", "system:masters", "system:nodes", "admin@example.com", "default", "argocd"];

/** One RBAC subject; the kind, name and namespace are drawn from small pools with near misses. */
export function subject(options: { names?: readonly string[]; namespaces?: readonly string[]; validWeight?: number } = {}): fc.Arbitrary<unknown> {
  const valid = options.validWeight ?? 16;
  const names = options.names ?? SUBJECT_NAMES;
  const namespaces = options.namespaces ?? NAMESPACES;
  return fc.record(
    {
      kind: maybe(fc.oneof({ arbitrary: fc.constantFrom(...SUBJECT_KINDS), weight: valid / 2 }, { arbitrary: nearMissOf(SUBJECT_KINDS), weight: 1 }), valid),
      name: maybe(fc.oneof({ arbitrary: fc.constantFrom(...names), weight: valid / 2 }, { arbitrary: nearMissOf(names), weight: 1 }), valid),
      namespace: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.constantFrom(...namespaces, ""), weight: 6 },
        { arbitrary: wrongTyped(), weight: 1 },
      ),
      apiGroup: fc.constantFrom(undefined, "rbac.authorization.k8s.io", ""),
    },
  );
}

/** A RoleBinding or ClusterRoleBinding with subjects and a roleRef drawn from the role pools. */
export function binding(
  options: {
    kind?: fc.Arbitrary<unknown>;
    roleNames?: readonly string[];
    namespaces?: readonly string[];
    subjectNames?: readonly string[];
    /** `maybe` weight of roleRef, its fields and subjects (default 16, raise to break them less often). */
    validWeight?: number;
  } = {},
): fc.Arbitrary<unknown> {
  const valid = options.validWeight ?? 16;
  const roleNames = options.roleNames ?? ROLE_NAMES;
  const namespaces = options.namespaces ?? NAMESPACES;
  return json(
    fc.record({
      apiVersion: fc.constant("rbac.authorization.k8s.io/v1"),
      kind: options.kind ?? fc.oneof({ arbitrary: fc.constantFrom("RoleBinding", "ClusterRoleBinding"), weight: 12 }, { arbitrary: wrongTyped(), weight: 1 }),
      metadata: maybe(
        fc.record({
          name: maybe(fc.constantFrom("ci-binding", "admins", "deployers", "x"), 16),
          namespace: maybe(fc.constantFrom(...namespaces), 8),
        }),
        24,
      ),
      roleRef: maybe(
        fc.record({
          apiGroup: fc.constantFrom("rbac.authorization.k8s.io", undefined),
          kind: maybe(fc.oneof({ arbitrary: fc.constantFrom("Role", "ClusterRole"), weight: valid / 2 }, { arbitrary: nearMissOf(["Role", "ClusterRole"]), weight: 1 }), valid),
          name: maybe(fc.oneof({ arbitrary: fc.constantFrom(...roleNames), weight: valid / 2 }, { arbitrary: nearMissOf(roleNames), weight: 1 }), valid),
        }),
        valid * 1.5,
      ),
      subjects: maybe(fc.array(element(subject({ namespaces, validWeight: valid, ...(options.subjectNames ? { names: options.subjectNames } : {}) })), { maxLength: 4 }), valid),
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicies

/** A label selector that is often empty, sometimes almost empty or wrongly typed. */
export function selector(labels: fc.Arbitrary<Record<string, unknown>> = fc.constant({ app: "web" })): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: fc.constant({}), weight: 6 },
    { arbitrary: fc.constant({ matchLabels: {} }), weight: 2 },
    { arbitrary: fc.constant({ matchExpressions: [] }), weight: 2 },
    { arbitrary: fc.constant({ matchLabels: null, matchExpressions: null }), weight: 1 },
    { arbitrary: labels.map((matchLabels) => ({ matchLabels })), weight: 2 },
    { arbitrary: fc.constant({ matchExpressions: [{ key: "app", operator: "Exists" }] }), weight: 1 },
    { arbitrary: fc.constant({ matchLabels: "x" }), weight: 1 },
    { arbitrary: fc.constant({ matchExpressions: {} }), weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

const KUBE_SYSTEM_LABELS = fc.oneof(
  { arbitrary: fc.constant<Record<string, unknown>>({ "kubernetes.io/metadata.name": "kube-system" }), weight: 6 },
  { arbitrary: fc.constant<Record<string, unknown>>({ "kubernetes.io/metadata.name": "kube-system", team: "platform" }), weight: 1 },
  {
    arbitrary: fc
      .tuple(nearMissOf(["kubernetes.io/metadata.name"]), fc.constant("kube-system"))
      .map(([k, v]) => ({ [k]: v }) as Record<string, unknown>),
    weight: 1,
  },
  {
    arbitrary: fc
      .oneof(nearMissOf(["kube-system"]), fc.constantFrom("default", "team-a"), wrongTyped())
      .map((v) => ({ "kubernetes.io/metadata.name": v }) as Record<string, unknown>),
    weight: 2,
  },
  { arbitrary: fc.constant<Record<string, unknown>>({ name: "kube-system" }), weight: 1 },
);

/** A NetworkPolicy peer: namespaceSelector (often kube-system), podSelector, ipBlock. */
export function networkPolicyPeer(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      namespaceSelector: fc.oneof(
        { arbitrary: selector(KUBE_SYSTEM_LABELS), weight: 1 },
        { arbitrary: KUBE_SYSTEM_LABELS.map((matchLabels) => ({ matchLabels })), weight: 3 },
      ),
      podSelector: fc.oneof(fc.constant(undefined), selector(fc.constant({ "k8s-app": "kube-dns" }))),
      ipBlock: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constant({ cidr: "10.0.0.0/8" }), weight: 1 }),
    },
  );
}

/** A NetworkPolicy port near DNS: UDP/TCP/absent protocol, 53 as number or string, neighbours. */
export function networkPolicyPort(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      protocol: fc.oneof(
        { arbitrary: fc.constantFrom("UDP", "TCP"), weight: 6 },
        { arbitrary: fc.constant(undefined), weight: 2 },
        { arbitrary: fc.constantFrom("udp", "UDP ", "SCTP", "Udp"), weight: 1 },
        { arbitrary: wrongTyped(), weight: 1 },
      ),
      port: fc.oneof(
        { arbitrary: fc.constantFrom<unknown>(53, "53"), weight: 6 },
        { arbitrary: fc.constantFrom<unknown>(52, 54, 5353, 53.5, "053", " 53", "dns", "53 ", 443, "udp/53"), weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
        { arbitrary: wrongTyped(), weight: 1 },
      ),
      endPort: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: fc.constantFrom(60, 53), weight: 1 }),
    },
  );
}

/** An egress rule: ports near DNS and `to` peers (often kube-system), each maybe missing or broken. */
export function egressRule(): fc.Arbitrary<unknown> {
  return fc.record(
    {
      ports: maybe(fc.array(element(networkPolicyPort()), { maxLength: 3 }), 10),
      to: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.constant([]), weight: 1 },
        { arbitrary: fc.array(element(networkPolicyPeer()), { minLength: 1, maxLength: 2 }), weight: 6 },
        { arbitrary: wrongTyped(), weight: 1 },
      ),
    },
  );
}

const POLICY_TYPES = fc.oneof(
  { arbitrary: fc.constant<unknown>(["Ingress", "Egress"]), weight: 5 },
  { arbitrary: fc.constant<unknown>(["Egress", "Ingress"]), weight: 1 },
  { arbitrary: fc.constant<unknown>(["Ingress"]), weight: 2 },
  { arbitrary: fc.constant<unknown>(["Egress"]), weight: 2 },
  { arbitrary: fc.constant<unknown>(undefined), weight: 2 },
  { arbitrary: fc.constant<unknown>([]), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(["ingress", "egress"], ["Ingress", "Egres"], "Ingress,Egress", ["Ingress", null, "Egress"]), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

/** A NetworkPolicy in one of `namespaces`, near default-deny and near DNS-allowing. */
export function networkPolicy(namespaces: readonly string[]): fc.Arbitrary<unknown> {
  return json(
    fc.record({
      apiVersion: fc.constant("networking.k8s.io/v1"),
      kind: fc.constant("NetworkPolicy"),
      metadata: fc.record({
        name: fc.constantFrom("default-deny", "allow-dns", "web", "deny-all"),
        namespace: fc.constantFrom(...namespaces),
      }),
      spec: maybe(
        fc.record(
          {
            podSelector: selector(),
            policyTypes: POLICY_TYPES,
            ingress: fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.constant([{}]), weight: 1 }),
            egress: fc.oneof(
              { arbitrary: fc.constant(undefined), weight: 2 },
              { arbitrary: fc.array(element(egressRule()), { minLength: 1, maxLength: 3 }), weight: 6 },
              { arbitrary: wrongTyped(), weight: 1 },
            ),
          },
        ),
        24,
      ),
    }),
  );
}
