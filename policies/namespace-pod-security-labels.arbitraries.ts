// Generators for K8sNamespacePodSecurityLabels: Namespaces named near the system and
// infrastructure patterns, whose enforce/audit/warn labels are valid levels, near misses
// ("Restricted", "restricted "), empty, wrongly typed or absent, with class lists around them.
import fc from "fast-check";
import { fromPool, json, LABEL_KEYS, LABEL_VALUES, maybe, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./namespace-pod-security-labels.js";

const NAMES: readonly string[] = [
  "kube-system", "kube-public", "kube-node-lease", "gatekeeper-system", "ingress-nginx", "ingress", "monitoring",
  "monitoring-x", "cert-manager", "istio-system", "team-a", "default", "",
];
const LEVELS: readonly string[] = ["privileged", "baseline", "restricted"];

const level = fc.oneof(
  { arbitrary: fc.constantFrom(...LEVELS), weight: 8 },
  { arbitrary: fromPool(LEVELS, 1).filter((value) => !LEVELS.includes(value)), weight: 1 },
  { arbitrary: fc.constantFrom("", "latest", "Restricted"), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const optionalLevel = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: level, weight: 3 });

const labels = fc
  .tuple(
    fc.record({
      "pod-security.kubernetes.io/enforce": fc.oneof({ arbitrary: fc.constant(undefined), weight: 1 }, { arbitrary: level, weight: 5 }),
      "pod-security.kubernetes.io/audit": optionalLevel,
      "pod-security.kubernetes.io/warn": optionalLevel,
      "pod-security.kubernetes.io/enforce-version": fc.constantFrom(undefined, "latest", "v1.29"),
    }),
    fc.dictionary(fc.constantFrom(...LABEL_KEYS, "pod-security.kubernetes.io/Enforce", "pod-security.kubernetes.io/enforce "), fc.constantFrom(...LABEL_VALUES, "restricted"), { maxKeys: 2 }),
  )
  .map(([psa, other]) => ({ ...other, ...psa }));

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constant("Namespace"),
    metadata: maybe(
      fc.record({
        name: maybe(fromPool(NAMES, 1), 16),
        labels: maybe(labels, 16),
      }),
      30,
    ),
  }),
);

const pattern = fc.oneof(
  { arbitrary: fc.constantFrom("kube-*", "kube-system", "gatekeeper-system", "ingress-*", "monitoring", "*-system", "*-manager", "cert-manager"), weight: 4 },
  { arbitrary: fc.constantFrom("*", "", "istio-system", "team-*", "Monitoring"), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({
    systemNamespaces: fc.array(pattern, { maxLength: 4 }),
    infrastructureNamespaces: fc.array(pattern, { maxLength: 4 }),
  }),
);
