// The whole library's `gkc build --engine both --vap` on a real API server: every parameter CRD,
// parameter object, ValidatingAdmissionPolicy and binding is accepted (the API server compiles
// each expression of a policy when it is created and refuses one that does not compile), and a
// Pod is then admitted with every binding in force, with no policy failing to configure.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { type KubeObject, statusMessage } from "./api.js";
import { type Cluster, startCluster } from "./cluster.js";
import { sleep } from "./processes.js";
import { gkc } from "./project.js";
import { compareFixtures } from "./vap-fixtures.js";

let cluster: Cluster;
let out: string;
const timings: Record<string, number> = {};

function manifestsIn(dir: string): KubeObject[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as KubeObject));
}

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "gkc-vap-library-"));
  const t = Date.now();
  const build = gkc(PACKAGE_ROOT, ["build", "--engine", "both", "--vap", "--out", join(out, "out")]);
  if (build.status !== 0) throw new Error(`gkc build failed (${build.status}):\n${build.stdout}\n${build.stderr}`);
  timings.gkcBuildMs = Date.now() - t;
  cluster = await startCluster();
  Object.assign(timings, cluster.timings);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  if (out) rmSync(out, { recursive: true, force: true });
  process.stdout.write(`cluster vap-library timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("the library's standalone ValidatingAdmissionPolicies", () => {
  it("are all accepted by the API server and configure without error", async () => {
    const vap = join(out, "out", "vap");
    const [crds, params, policies, bindings] = ["crds", "params", "policies", "bindings"].map((sub) => manifestsIn(join(vap, sub))) as [KubeObject[], KubeObject[], KubeObject[], KubeObject[]];
    expect(policies.length).toBe(crds.length);
    expect(policies.length).toBeGreaterThanOrEqual(40);
    let t = Date.now();
    for (const crd of crds) await cluster.api.apply(crd);
    for (const crd of crds) {
      for (;;) {
        const body = (await cluster.api.get("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd.metadata.name)).body as { status?: { conditions?: { type: string; status: string }[] } };
        if (body.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) break;
        await sleep(250);
      }
    }
    for (const object of [...params, ...policies, ...bindings]) await cluster.api.apply(object);
    timings.applyMs = Date.now() - t;
    timings.policies = policies.length;
    timings.bindings = bindings.length;
    timings.policyBytes = policies.reduce((n, p) => n + JSON.stringify(p).length, 0);
    // Every binding's policy has configured (its parameter kind mapped): a Pod in a namespace no
    // library constraint excludes is admitted; the library's constraints are dryrun (Audit).
    t = Date.now();
    const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "probe", namespace: "default" }, spec: { containers: [{ name: "app", image: "nginx" }] } };
    const deadline = Date.now() + 90_000;
    for (;;) {
      const response = await cluster.api.create(pod, { dryRun: true });
      if (response.status === 201) {
        expect(response.warnings).toEqual([]);
        break;
      }
      if (Date.now() > deadline) throw new Error(`never admitted: ${statusMessage(response)}`);
      await sleep(500);
    }
    timings.firstAdmissionMs = Date.now() - t;
  });

  it("evaluate every Pod fixture of every template with CEL as the TypeScript does", async () => {
    const t = Date.now();
    const templates = manifestsIn(join(out, "out", "vap", "policies")).map((p) => ({
      kind: (p.spec as { paramKind: { kind: string } }).paramKind.kind,
      file: (p.metadata.annotations as Record<string, string>)["gkc.dev/source"]!.replace(/^policies\//, "").replace(/\.ts$/, ""),
    }));
    const result = await compareFixtures(cluster, templates, 20_000);
    process.stdout.write(`library fixtures: ${result.compared} compared, ${result.refused.length} refused by the API server, ${result.mismatches.length} mismatches:\n  ${result.mismatches.join("\n  ")}\n`);
    timings.fixturesCompared = result.compared;
    timings.fixturesRefusedByApiServer = result.refused.length;
    timings.fixturesMs = Date.now() - t;
    // The API server reads a built-in object from its Go struct (README rule 34): where gkc's CEL
    // compares such a map or list with a constant, the constant is on the left, so no fixture
    // raises "no such overload" (42 in eleven templates did before).
    expect(result.mismatches).toEqual([]);
    timings.fixturesDisagreeing = result.mismatches.length;
    // 339 compared when measured (384 Pods the API server refuses itself: malformed on purpose).
    expect(result.compared).toBeGreaterThanOrEqual(200);
  }, 600_000);

  it("the acceptance means something: a policy whose expression does not compile is refused", async () => {
    const policy = manifestsIn(join(out, "out", "vap", "policies"))[0]!;
    const spec = policy.spec as { validations: { expression: string }[] };
    const broken = { ...policy, metadata: { name: "gkc-broken" }, spec: { ...spec, validations: [{ ...spec.validations[0]!, expression: `${spec.validations[0]!.expression} +` }] } };
    const response = await cluster.api.create(broken as KubeObject);
    expect(response.status).toBe(422);
    expect(statusMessage(response)).toMatch(/compilation failed/);
  });
});
