// gkc's own bundle on a real API server and Gatekeeper: gator evaluates templates but never makes
// their CRDs, so only here do the generated OpenAPI schemas meet the API server's structural-schema
// validation, and the Rego meets Gatekeeper's ingestion, for every template of the library.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { ApiError } from "./api.js";
import { applyInWaves, getResource, readBundle, readManifests, waitConstraintEnforced, waitTemplateCreated } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { sleep } from "./processes.js";

const OUT = join(PACKAGE_ROOT, "out");
const CONSTRAINTS = "constraints.gatekeeper.sh/v1beta1";
let cluster: Cluster;
const timings: Record<string, number> = {};

beforeAll(async () => {
  cluster = await startCluster();
});

afterAll(async () => {
  await cluster?.stop();
  process.stdout.write(`cluster library timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("gkc's own out/ on a real cluster", () => {
  it("out/bundles/security-baseline.yaml in one apply: the templates at once, each constraint once Gatekeeper has made its CRD", async () => {
    const manifests = readManifests(join(OUT, "bundles", "security-baseline.yaml"));
    const templates = manifests.filter((m) => m.object.kind === "ConstraintTemplate");
    const constraints = manifests.filter((m) => m.object.apiVersion === CONSTRAINTS);
    expect(templates.length).toBeGreaterThan(0);
    expect(constraints.length).toBeGreaterThan(0);
    const started = Date.now();
    // As `kubectl apply -f` with retries (Argo CD's sync retry): every document in file order,
    // again and again until none is refused for a kind that does not exist yet.
    let pending = manifests;
    let passes = 0;
    while (pending.length > 0) {
      passes++;
      const refused: typeof pending = [];
      for (const manifest of pending) {
        try {
          await cluster.api.apply(manifest.object);
        } catch (error) {
          const missingKind = error instanceof Error && !(error instanceof ApiError) && /serves no/.test(error.message);
          if (!missingKind) throw error;
          refused.push(manifest);
        }
      }
      // Only constraints may wait for their CRD; everything else is applied on the first pass.
      expect(refused.every((m) => m.object.apiVersion === CONSTRAINTS)).toBe(true);
      pending = refused;
      if (pending.length > 0) {
        expect(Date.now() - started, `still refused: ${pending.map((m) => m.object.kind).join(", ")}`).toBeLessThan(120_000);
        await sleep(1_000);
      }
    }
    for (const { object } of templates) await waitTemplateCreated(cluster, object);
    for (const { object } of constraints) {
      const live = await waitConstraintEnforced(cluster, object.kind, object.metadata.name);
      expect(live.spec?.enforcementAction).toBe((object.spec as { enforcementAction?: string }).enforcementAction);
    }
    timings.securityBaselineMs = Date.now() - started;
    timings.securityBaselinePasses = passes;
  });

  it("every template of out/ is created without error and every constraint enforced, applied wave by wave", async () => {
    const manifests = readBundle(OUT);
    const templates = manifests.filter((m) => m.object.kind === "ConstraintTemplate");
    expect(templates.length).toBeGreaterThanOrEqual(61);
    const started = Date.now();
    await applyInWaves(cluster, manifests);
    timings.libraryApplyToEnforcedMs = Date.now() - started;
    for (const { object } of templates) {
      const status = (await getResource(cluster, "templates.gatekeeper.sh/v1", "ConstraintTemplate", object.metadata.name)).status;
      expect(status?.created, object.metadata.name).toBe(true);
      expect((status?.byPod ?? []).flatMap((pod) => pod.errors ?? []), object.metadata.name).toEqual([]);
    }
    for (const { object } of manifests.filter((m) => m.object.apiVersion === CONSTRAINTS)) {
      const live = await getResource(cluster, CONSTRAINTS, object.kind, object.metadata.name);
      expect(live.spec?.enforcementAction, `${object.kind}/${object.metadata.name}`).toBe((object.spec as { enforcementAction?: string }).enforcementAction);
    }
  });
});
