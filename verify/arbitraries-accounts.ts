// Generators for the identity and mesh policies (service accounts, Pod Security labels, Istio
// mTLS): workloads whose pod spec carries serviceAccountName / serviceAccount /
// automountServiceAccountToken drawn from small pools, and metadata with namespaces and
// generateName near the interesting patterns.
import fc from "fast-check";
import { anyWorkload, fromPool, labelMap, maybe, objectName, wrongTyped, type PodSpecOptions } from "./arbitraries.js";

/** ServiceAccount names: the default one, near misses of it, dedicated ones, empty. */
export const SERVICE_ACCOUNTS: readonly string[] = ["default", "web", "builder", "prometheus", "ci-runner", ""];

/** A ServiceAccount name: usually from the pool, sometimes a near miss ("Default", "default-evil"). */
export function serviceAccountName(): fc.Arbitrary<string> {
  return fromPool(SERVICE_ACCOUNTS, 1);
}

/** A field that is usually absent, otherwise the value, sometimes null or wrongly typed. */
export function sometimes<T>(arb: fc.Arbitrary<T>, absentWeight = 2, valueWeight = 3): fc.Arbitrary<T | unknown> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: absentWeight },
    { arbitrary: arb as fc.Arbitrary<unknown>, weight: valueWeight },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: wrongTyped(), weight: 1 },
  );
}

export const NAMESPACES: readonly string[] = ["default", "kube-system", "team-a", "team-b", "ci", "gatekeeper-system", ""];

/** Metadata of a workload: name or generateName, a namespace near the pools, labels. */
export function workloadMetadata(namespaces: readonly string[] = NAMESPACES): fc.Arbitrary<unknown> {
  return fc.record({
    name: maybe(objectName(), 6),
    generateName: sometimes(fc.constantFrom("web-", "job-7d9f-", "", "x")),
    namespace: maybe(fromPool(namespaces, 1), 10),
    labels: labelMap(),
  });
}

/** The account-related pod spec fields. */
export interface AccountFields {
  serviceAccountName?: unknown;
  serviceAccount?: unknown;
  automountServiceAccountToken?: unknown;
}

/** Account-related pod spec fields: serviceAccountName, the deprecated serviceAccount, automountServiceAccountToken. */
export function accountFields(): fc.Arbitrary<AccountFields> {
  return fc.record({
    serviceAccountName: sometimes(serviceAccountName(), 2, 5),
    serviceAccount: sometimes(serviceAccountName(), 4, 2),
    automountServiceAccountToken: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      { arbitrary: fc.constantFrom<unknown>(true, false), weight: 6 },
      { arbitrary: fc.constantFrom<unknown>(null, "false", "true", 0, 1, "", []), weight: 1 },
    ),
  });
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/** The pod spec object inside a generated workload (same paths as sdk podSpec), or undefined. */
function podSpecIn(workload: unknown): Record<string, unknown> | undefined {
  const kind = field(workload, "kind");
  let spec: unknown;
  if (kind === "Pod") spec = field(workload, "spec");
  else if (kind === "CronJob") spec = field(field(field(field(field(workload, "spec"), "jobTemplate"), "spec"), "template"), "spec");
  else spec = field(field(field(workload, "spec"), "template"), "spec");
  return typeof spec === "object" && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
}

/** Any pod workload whose pod spec also carries account fields (as JSON: undefined fields dropped). */
export function accountWorkload(options: PodSpecOptions = {}): fc.Arbitrary<unknown> {
  const metadata = options.metadata ?? workloadMetadata();
  return fc.tuple(anyWorkload({ ...options, metadata }), accountFields()).map(([workload, fields]) => {
    const copy = JSON.parse(JSON.stringify(workload)) as unknown;
    const spec = podSpecIn(copy);
    if (spec) {
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) spec[key] = value;
      }
    }
    return copy;
  });
}
