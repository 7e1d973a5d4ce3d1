// Applying gkc's out/ to the cluster as a GitOps tool would: every resource in Argo CD sync-wave
// order (sync sets, templates, constraints), each wave waited for: a template until Gatekeeper
// reports it created and its constraint CRD is Established, a constraint until every Gatekeeper
// pod reports it enforced at the constraint's current generation.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { KubeObject } from "./api.js";
import { type Cluster, waitFor, waitForCrd } from "./cluster.js";

export interface Manifest {
  file: string;
  wave: number;
  object: KubeObject;
}

const WAVE = "argocd.argoproj.io/sync-wave";

/** Every resource under out/sync, out/templates and out/constraints, in sync-wave order. */
export function readBundle(outDir: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const sub of ["sync", "templates", "constraints"]) {
    let files: string[];
    try {
      files = readdirSync(join(outDir, sub)).filter((f) => f.endsWith(".yaml")).sort();
    } catch {
      continue; // a bundle without referential templates has no sync/
    }
    for (const file of files) manifests.push(...readManifests(join(outDir, sub, file)));
  }
  // Stable: within a wave, the order above.
  return manifests.sort((a, b) => a.wave - b.wave);
}

export function readManifests(file: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = doc.toJS() as KubeObject | null;
    if (!object) continue;
    const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
    manifests.push({ file, wave: Number(annotations[WAVE] ?? 0), object });
  }
  return manifests;
}

interface GatekeeperStatus {
  created?: boolean;
  byPod?: { id?: string; enforced?: boolean; observedGeneration?: number; errors?: { code?: string; message?: string }[] }[];
  totalViolations?: number;
  auditTimestamp?: string;
  violations?: AuditViolation[];
}

export interface AuditViolation {
  enforcementAction: string;
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  message: string;
}

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; generation?: number };
  spec?: { enforcementAction?: string };
  status?: GatekeeperStatus;
}

/** Applies the manifests wave by wave, waiting for each wave to take effect before the next. */
export async function applyInWaves(cluster: Cluster, manifests: readonly Manifest[]): Promise<void> {
  const waves = [...new Set(manifests.map((m) => m.wave))].sort((a, b) => a - b);
  for (const wave of waves) {
    const inWave = manifests.filter((m) => m.wave === wave);
    for (const { object } of inWave) await cluster.api.apply(object);
    for (const { object } of inWave) {
      if (object.kind === "ConstraintTemplate") await waitTemplateCreated(cluster, object);
      else if (object.apiVersion.startsWith("constraints.gatekeeper.sh/")) await waitConstraintEnforced(cluster, object.kind, object.metadata.name);
    }
  }
}

export async function getResource(cluster: Cluster, apiVersion: string, kind: string, name: string): Promise<Resource> {
  const response = await cluster.api.get(apiVersion, kind, name);
  if (response.status !== 200) throw new Error(`GET ${kind} ${name}: HTTP ${response.status}`);
  return response.body as Resource;
}

/** Gatekeeper reports the template created, with no error (errors are retried until the timeout), and the constraint CRD it made is Established. */
export async function waitTemplateCreated(cluster: Cluster, template: KubeObject): Promise<void> {
  const kind = ((template.spec as { crd: { spec: { names: { kind: string } } } }).crd.spec.names.kind);
  await waitFor(`ConstraintTemplate ${template.metadata.name} created`, cluster.processes, cluster.gatekeeper, 90_000, async () => {
    const status = (await getResource(cluster, "templates.gatekeeper.sh/v1", "ConstraintTemplate", template.metadata.name)).status;
    const errors = (status?.byPod ?? []).flatMap((pod) => pod.errors ?? []);
    // Not final: under load Gatekeeper reports a transient "Could not create CRD: already exists"
    // (its cache had not seen the CRD it had just made) and clears it on the next reconcile.
    if (errors.length > 0) throw new TemplateError(template.metadata.name, errors.map((e) => `${e.code ?? ""}: ${e.message ?? ""}`).join("; "));
    return status?.created === true;
  });
  await waitForCrd(cluster.api, `${kind.toLowerCase()}.constraints.gatekeeper.sh`, cluster.processes, cluster.gatekeeper);
}

/** Every Gatekeeper pod has ingested the template at its current generation (after an update). */
export async function waitTemplateObserved(cluster: Cluster, name: string): Promise<void> {
  await waitFor(`ConstraintTemplate ${name} observed`, cluster.processes, cluster.gatekeeper, 90_000, async () => {
    const live = await getResource(cluster, "templates.gatekeeper.sh/v1", "ConstraintTemplate", name);
    const pods = live.status?.byPod ?? [];
    const errors = pods.flatMap((pod) => pod.errors ?? []);
    if (errors.length > 0) throw new TemplateError(name, errors.map((e) => `${e.code ?? ""}: ${e.message ?? ""}`).join("; "));
    return live.status?.created === true && pods.length > 0 && pods.every((pod) => pod.observedGeneration === live.metadata.generation);
  });
}

/** An error Gatekeeper reported in a template's status (its Rego did not compile, say). */
export class TemplateError extends Error {
  constructor(name: string, detail: string) {
    super(`Gatekeeper reports errors for ConstraintTemplate ${name}: ${detail}`);
  }
}

/** Every Gatekeeper pod reports the constraint enforced, at its current generation. */
export async function waitConstraintEnforced(cluster: Cluster, kind: string, name: string): Promise<Resource> {
  let last: Resource | undefined;
  await waitFor(`${kind} ${name} enforced`, cluster.processes, cluster.gatekeeper, 90_000, async () => {
    last = await getResource(cluster, "constraints.gatekeeper.sh/v1beta1", kind, name);
    const pods = last.status?.byPod ?? [];
    const errors = pods.flatMap((pod) => pod.errors ?? []);
    if (errors.length > 0) throw new Error(`Gatekeeper reports errors for ${kind} ${name}: ${JSON.stringify(errors)}`);
    return pods.length > 0 && pods.every((pod) => pod.enforced === true && pod.observedGeneration === last?.metadata.generation);
  });
  if (!last) throw new Error("unreachable");
  return last;
}

/**
 * Waits for an audit after `since` whose violations Gatekeeper listed, and returns it. Gatekeeper
 * v3.23 can report an audit with its totalViolations and no list: its status writer pops the
 * audit's violations off a queue before Status().Update, and when that update conflicts (the
 * constraint's status changed meanwhile) it retries with the queue already empty
 * (pkg/audit/manager.go, updateConstraintStatus and updateLoop). Such a status is the next audit's
 * to correct, so this waits for that one (at most `audits` in all). A list the violations limit
 * cut short is not this artifact (it holds the limit's worth) and is returned as it is.
 */
export async function waitForAuditListing(cluster: Cluster, kind: string, name: string, since: Date, audits = 3): Promise<Resource> {
  let after = since;
  for (let audit = 1; ; audit++) {
    const found = await waitForAuditAfter(cluster, kind, name, after);
    const total = found.status?.totalViolations ?? 0;
    const lost = total > 0 && (found.status?.violations ?? []).length === 0;
    const stamp = found.status?.auditTimestamp;
    if (!lost || audit >= audits || stamp === undefined) return found;
    after = new Date(Date.parse(stamp));
  }
}

/** Waits for an audit that started after `since` to be reported on the constraint, and returns it. */
export async function waitForAuditAfter(cluster: Cluster, kind: string, name: string, since: Date): Promise<Resource> {
  let last: Resource | undefined;
  // An audit run lists every kind in the cluster; give it a few intervals.
  await waitFor(`an audit of ${kind} ${name} after ${since.toISOString()}`, cluster.processes, cluster.gatekeeper, 30_000 + 6_000 * cluster.auditIntervalSeconds, async () => {
    last = await getResource(cluster, "constraints.gatekeeper.sh/v1beta1", kind, name);
    const stamp = last.status?.auditTimestamp;
    // auditTimestamp has whole seconds: strictly after the second `since` falls in.
    return stamp !== undefined && Date.parse(stamp) >= Math.floor(since.getTime() / 1000) * 1000 + 1000;
  });
  if (!last) throw new Error("unreachable");
  return last;
}
