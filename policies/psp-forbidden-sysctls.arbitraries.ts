// Generators for K8sPSPForbiddenSysctls: Pods whose spec.securityContext.sysctls name sysctls from
// the same pool the allow and forbid lists use (exact names, prefix patterns, `*`), plus unnamed,
// wrongly typed and non-list sysctls.
import fc from "fast-check";
import { json, maybe, wrongTyped } from "gkc/arbitraries";
import { requestsFor } from "./psp-allow-privilege-escalation.arbitraries.js";
import type { Parameters } from "./psp-forbidden-sysctls.js";

const NAMES = ["kernel.msgmax", "kernel.shm_rmid_forced", "net.core.somaxconn", "net.ipv4.ip_local_port_range", "kernel", "net", ""];
const PATTERNS = ["*", "kernel.*", "net.*", "kernel.msgmax", "net.core.somaxconn", "kernel", "*.msgmax", "net.ipv4.*"];

const sysctl = fc.oneof(
  { arbitrary: fc.record({ name: maybe(fc.constantFrom<unknown>(...NAMES), 10), value: fc.constant("1") }, { requiredKeys: [] }), weight: 8 },
  { arbitrary: wrongTyped(), weight: 1 },
);
const sysctls = fc.oneof(
  { arbitrary: fc.array(sysctl, { minLength: 1, maxLength: 3 }), weight: 8 },
  { arbitrary: fc.dictionary(fc.constantFrom("a", "b"), sysctl, { maxKeys: 2 }), weight: 1 },
  { arbitrary: wrongTyped(), weight: 1 },
);

export const objects: fc.Arbitrary<unknown> = json(
  fc.record({
    apiVersion: fc.constant("v1"),
    kind: fc.constantFrom("Pod", "Pod", "Deployment"),
    metadata: maybe(fc.record({ name: maybe(fc.constantFrom("web", "db"), 12) }), 24),
    spec: maybe(fc.record({ securityContext: maybe(fc.record({ sysctls }), 12) }), 24),
  }),
);

const patterns = fc.array(fc.constantFrom(...PATTERNS), { maxLength: 3 });

export const parameters: fc.Arbitrary<Parameters> = json(fc.record({ allowedSysctls: patterns, forbiddenSysctls: patterns }, { requiredKeys: [] }));

export const requests = requestsFor(objects);
