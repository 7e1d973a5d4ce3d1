// The CEL of gkc's standalone ValidatingAdmissionPolicies (already applied, with their parameter
// CRDs) on the library's Pod fixtures, evaluated by the API server. Each fixture gets its own
// namespace, parameter object and a Warn binding to gkc's policy, so the API server admits the Pod
// and reports every failing validation as a warning: the set of messages the CEL gives. Expected:
// what the TypeScript yields, grouped by yield as verify/cel.ts expectedCelMessages does, on the
// object as the API server admitted it (defaulted), which the dry run returns.
import { rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import type { Predicate } from "../../compiler/policies.js";
import { expectedCelMessages, instrumentYields, siteMessagesOf } from "../../verify/cel.js";
import { EMPTY_INVENTORY } from "../../verify/engines.js";
import { loadFixtures } from "../../verify/fixtures.js";
import { admissionReview } from "../../verify/review.js";
import { type KubeObject, statusMessage } from "./api.js";
import type { Cluster } from "./cluster.js";
import { sleep } from "./processes.js";

export interface FixtureComparison {
  /** Fixtures evaluated by the policy and compared. */
  readonly compared: number;
  /** `<kind> "<fixture>": API server …, TypeScript …` for each disagreement. */
  readonly mismatches: readonly string[];
  /** Fixtures the API server refuses before admission (invalid Pods, parameters outside the schema). */
  readonly refused: readonly string[];
}

interface Case {
  readonly kind: string;
  readonly fixture: string;
  readonly object: KubeObject;
  readonly parameters: unknown;
  readonly binding: string;
  readonly predicate: Predicate;
  readonly source: string;
}

/** Compares every CREATE Pod fixture of `templates` (library files) and waits out binding load. */
export async function compareFixtures(cluster: Cluster, templates: readonly { kind: string; file: string }[], timeoutMs = 60_000): Promise<FixtureComparison> {
  const cases: Case[] = [];
  const refused: string[] = [];
  for (const { kind, file } of templates) {
    const definition = join(PACKAGE_ROOT, "policies", `${file}.ts`);
    const predicate = await instrumented(definition);
    const fixtures = loadFixtures(definition).filter((f) => {
      const o = f.object as KubeObject | null;
      return o?.apiVersion === "v1" && o.kind === "Pod" && f.operation === "CREATE";
    });
    const plural = kind.toLowerCase();
    for (const [i, fixture] of fixtures.entries()) {
      const name = `fx-${plural}-${i}`;
      const source = fixture.object as KubeObject;
      const object = { ...source, metadata: { ...(source.metadata ?? {}), name: typeof source.metadata?.name === "string" ? source.metadata.name : "p", namespace: name } } as KubeObject;
      const params = { apiVersion: "params.gkc.dev/v1", kind, metadata: { name }, spec: { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: [name] }, parameters: fixture.parameters ?? {} } };
      const applied = await cluster.api.request("PATCH", `/apis/params.gkc.dev/v1/${plural}/${name}?fieldManager=gkc-cluster-test&force=true`, params, "application/apply-patch+yaml");
      if (applied.status >= 300) {
        refused.push(`${kind} ${JSON.stringify(fixture.name)}: parameters: ${statusMessage(applied)}`);
        continue;
      }
      await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
      const binding = `gkc-${plural}-${name}`;
      await cluster.api.apply({
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingAdmissionPolicyBinding",
        metadata: { name: binding },
        spec: { policyName: `gkc-${plural}`, paramRef: { name, parameterNotFoundAction: "Deny" }, validationActions: ["Warn"] },
      });
      cases.push({ kind, fixture: fixture.name, object, parameters: fixture.parameters ?? {}, binding, predicate, source: `policies/${file}.ts` });
    }
  }
  // Bindings load asynchronously: compare again until every case agrees, or the time is up.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pass = await comparePass(cluster, cases);
    if (pass.mismatches.length === 0 || Date.now() > deadline) return { ...pass, refused: [...refused, ...pass.refused] };
    await sleep(1_000);
  }
}

async function comparePass(cluster: Cluster, cases: readonly Case[]): Promise<FixtureComparison> {
  const mismatches: string[] = [];
  const refused: string[] = [];
  let compared = 0;
  for (const c of cases) {
    const response = await cluster.api.create(c.object, { dryRun: true });
    if (response.status !== 201) {
      refused.push(`${c.kind} ${JSON.stringify(c.fixture)}: ${statusMessage(response)}`);
      continue;
    }
    // Only this fixture's binding: another binding (a library constraint at warn) may match too.
    const prefix = `Validation failed for ValidatingAdmissionPolicy 'gkc-${c.kind.toLowerCase()}' with binding '${c.binding}': `;
    const got = [...new Set(response.warnings.filter((w) => w.startsWith(prefix)).map((w) => w.slice(prefix.length)))].sort();
    const admitted = response.body as KubeObject;
    const yielded = siteMessagesOf(c.predicate(admitted, c.parameters, EMPTY_INVENTORY, admissionReview(admitted, "CREATE")));
    const expected = "error" in yielded ? [`the TypeScript ${yielded.error}`] : expectedCelMessages(yielded, c.kind, c.source);
    compared++;
    if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(`${c.kind} ${JSON.stringify(c.fixture)}: API server ${JSON.stringify(got)}, TypeScript ${JSON.stringify(expected)}`);
  }
  return { compared, mismatches, refused };
}

/** The predicate of `definition`, each yield instrumented to say which yield produced a message. */
async function instrumented(definition: string): Promise<Predicate> {
  const file = join(PACKAGE_ROOT, "policies", `.gkc-vap-${basename(definition, ".ts")}-${process.pid}.ts`);
  writeFileSync(file, instrumentYields(definition));
  try {
    return ((await import(pathToFileURL(file).href)) as { violations: Predicate }).violations;
  } finally {
    rmSync(file, { force: true });
  }
}
