// Proves the harness can fail: small faults injected into emitted Rego (a flipped comparison, a
// dropped `not`, a wrong constant) must be reported as mismatches by the differential check.
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { discoverPolicies, loadPolicy, type LoadedPolicy } from "../compiler/policies.js";
import { verifyPolicy } from "../verify/differential.js";
import { RegoEngine, readTemplateRego, type TemplateRego } from "../verify/engines.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const policies = new Map<string, LoadedPolicy>();
const templates = new Map<string, TemplateRego>();

beforeAll(async () => {
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    policies.set(policy.meta.kind, policy);
    templates.set(policy.meta.kind, readTemplateRego(join(PACKAGE_ROOT, "out", "templates", `${policy.meta.kind.toLowerCase()}.yaml`)));
  }
});

interface Fault {
  readonly kind: string;
  readonly description: string;
  readonly mutate: (rego: string) => string;
}

function replaceOnce(rego: string, search: string | RegExp, replacement: string): string {
  const mutated = rego.replace(search, replacement);
  if (mutated === rego) throw new Error(`fault not applicable: ${String(search)} not found`);
  return mutated;
}

const FAULTS: Fault[] = [
  {
    kind: "K8sNamingConvention",
    description: "flipped comparison in gkc_gt",
    mutate: (rego) => rego.replaceAll("left > right", "left < right"),
  },
  {
    kind: "K8sRequiredLabels",
    description: "dropped `not` before is_string",
    mutate: (rego) => replaceOnce(rego, "\tnot is_string(value)\n", "\tis_string(value)\n"),
  },
  {
    kind: "K8sContainerLimits",
    description: "quantity comparison off by one direction",
    mutate: (rego) => replaceOnce(rego, /gkc_gt\(gkc_compare_quantities\((\w+), (\w+)\), 0\)/, "gkc_gt(gkc_compare_quantities($1, $2), -1)"),
  },
  {
    kind: "K8sApprovedRegistries",
    description: "prefix check without the '/' boundary",
    mutate: (rego) => replaceOnce(rego, /concat\("", \[gkc_str\(entry\), "\/"\]\)/, "gkc_str(entry)"),
  },
  {
    kind: "K8sContainerLimits",
    description: "null no longer counts as missing (== null)",
    mutate: (rego) => replaceOnce(rego, "gkc_nullish(value) if {\n\tvalue == null\n", "gkc_nullish(value) if {\n\tvalue == \"null\"\n"),
  },
];

describe("fault injection: verification catches broken Rego", () => {
  for (const fault of FAULTS) {
    test(`${fault.kind}: ${fault.description}`, async () => {
      const policy = policies.get(fault.kind);
      const template = templates.get(fault.kind);
      if (!policy || !template) throw new Error(`no policy ${fault.kind}`);
      const mutated = fault.mutate(template.rego);
      expect(mutated).not.toBe(template.rego);
      // The mutant still compiles: what fails is its meaning, not its syntax.
      const engine = await RegoEngine.fromTemplate({ ...template, rego: mutated });
      const report = await verifyPolicy(policy, engine, { runs: 300 });
      expect(report.mismatches.length).toBeGreaterThan(0);
    }, 120_000);
  }
});
