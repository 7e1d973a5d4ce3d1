// Generators for K8sNamespaceNetworkPolicies: Namespaces whose names come from the same small
// pool as the namespaces of the synced NetworkPolicies, and NetworkPolicies near the two
// requirements: almost-empty pod selectors, policyTypes missing one type or absent, DNS ports
// over TCP, without protocol, as "53", 52 or 5353, and peers almost selecting kube-system.
import fc from "fast-check";
import { json, maybe, nearMissOf } from "gkc/arbitraries";
import { networkPolicy } from "gkc/arbitraries/rbac";
import type { Parameters } from "./namespace-network-policies.js";

const NAMESPACES = ["team-a", "prod", "kube-system"];

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Namespace"),
    metadata: maybe(
      fc.record({
        name: maybe(fc.oneof({ arbitrary: fc.constantFrom(...NAMESPACES), weight: 12 }, { arbitrary: nearMissOf(NAMESPACES), weight: 1 }), 30),
        labels: fc.constant({ team: "a" }),
      }),
      40,
    ),
  }),
);

/** Policies that meet one requirement exactly, so that namespaces passing both are common. */
const DEFAULT_DENY = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const ALLOW_DNS = {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    {
      to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
      ports: [
        { protocol: "UDP", port: 53 },
        { protocol: "TCP", port: 53 },
      ],
    },
  ],
};
const exact = fc
  .tuple(fc.constantFrom(["default-deny", DEFAULT_DENY], ["allow-dns", ALLOW_DNS]), fc.constantFrom("team-a", "prod"))
  .map(([[name, spec], namespace]) => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec }));

export const inventory: fc.Arbitrary<unknown[]> = fc.array(fc.oneof({ arbitrary: networkPolicy(["team-a", "prod"]), weight: 3 }, { arbitrary: exact, weight: 1 }), {
  maxLength: 6,
});

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record(
    {
      exemptNamespaces: fc.array(fc.constantFrom("kube-system", "kube-*", "prod", "*-a", "team", "", "*"), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
);
