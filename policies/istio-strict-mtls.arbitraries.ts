// Generators for K8sIstioStrictMTLS: PeerAuthentications in namespaces near the migrating
// patterns, whose policy-level and port-level modes are STRICT, PERMISSIVE, DISABLE, UNSET,
// absent, near misses ("strict", "Strict") or wrongly typed.
import fc from "fast-check";
import { fromPool, json, maybe, objectName, wrongTyped } from "gkc/arbitraries";
import type { Parameters } from "./istio-strict-mtls.js";

const MODES: readonly string[] = ["STRICT", "PERMISSIVE", "DISABLE", "UNSET"];
// legacy namespaces twice: they are where migrating patterns match.
const NAMESPACES: readonly string[] = ["istio-system", "legacy", "legacy", "legacy-billing", "legacy-billing", "team-a", "default", ""];

const mode = fc.oneof(
  { arbitrary: fc.constantFrom("STRICT", "STRICT", "PERMISSIVE", "PERMISSIVE", "DISABLE", "UNSET"), weight: 24 },
  { arbitrary: fromPool(MODES, 1).filter((value) => !MODES.includes(value)), weight: 1 },
  { arbitrary: fc.constantFrom<unknown>(3, ""), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const modeSettings = maybe(fc.record({ mode: maybe(mode, 20) }, { requiredKeys: [] }), 16);
const port = fc.constantFrom("8080", "9090", "15020", "443", "0");

const spec = fc.record(
  {
    selector: fc.constantFrom(undefined, { matchLabels: { app: "web" } }),
    mtls: modeSettings,
    portLevelMtls: maybe(fc.dictionary(port, modeSettings, { maxKeys: 3 })),
  },
  { requiredKeys: [] },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constantFrom("security.istio.io/v1", "security.istio.io/v1beta1"),
    kind: fc.constant("PeerAuthentication"),
    metadata: maybe(
      fc.record({
        name: maybe(fc.oneof(fc.constantFrom("default", "web", "legacy-ports"), objectName()), 16),
        namespace: maybe(fromPool(NAMESPACES, 1), 16),
      }),
      30,
    ),
    spec: maybe(spec, 24),
  }),
);

const migratingPattern = fc.oneof(
  { arbitrary: fc.constantFrom("legacy", "legacy-*", "*-billing", "team-a"), weight: 4 },
  { arbitrary: fc.constantFrom("*", "", "Legacy", "legacy-"), weight: 1 },
);

export const parameters: fc.Arbitrary<Parameters> = json(
  fc.record({ migratingNamespaces: fc.array(migratingPattern, { maxLength: 4 }) }, { requiredKeys: [] }),
);
