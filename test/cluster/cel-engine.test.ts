// Gatekeeper's CEL engine on a real API server: every template of gkc's library that compiles to
// CEL, with its Rego stripped (only the K8sNativeValidation code left, so nothing but Gatekeeper's
// CEL driver can decide), and the gatekeeper-library's test cases for its kind: each constraint at
// `deny`, scoped by a name prefix of its own (`match.name`, which also scopes cluster-scoped
// objects: `match.namespaces` does not, in Gatekeeper's webhook), each case's object created
// through the API server.
// Gatekeeper's VAP generation is off here, so the webhook answers (test/cluster/vap*.test.ts covers
// the API server's own ValidatingAdmissionPolicy).
//
// Expected, for the object as the API server defaults it (a dry run before any constraint exists):
// the verdict of gkc audit (the Rego) for the same constraint, and the messages the documented CEL
// correspondence derives from the TypeScript (README, Semantics rule 25: one message per yield).
import { basename, dirname, join } from "node:path";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compilePolicyFile, createPolicyProject } from "../../compiler/compile.js";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import { discoverPolicies, loadPolicy, type Predicate } from "../../compiler/policies.js";
import { findSuiteFiles, readObjects, readSuite } from "../../conformance/suites.js";
import { expectedCelMessages } from "../../verify/cel.js";
import { instrumentedPredicate } from "../../verify/cel-native.js";
import { siteMessages } from "../support/instrumented.js";
import type { KubeObject } from "./api.js";
import { statusMessage } from "./api.js";
import { applyInWaves, waitConstraintEnforced } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { DENIED_PREFIX, gkcAudit, type GkcViolation, lines } from "./verdicts.js";
import { celOnlyTemplateOf } from "../support/engines.js";

const SUITES = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library", "library");
/** At least this many cases must reach Gatekeeper's CEL engine, and this many be denied by it. */
const MIN_COMPARED = 60;
const MIN_DENIED = 25;

interface Kind {
  kind: string;
  template: KubeObject;
  predicate: Predicate;
  source: string;
}

interface Case {
  kind: Kind;
  label: string;
  constraint: KubeObject;
  /** The object as written in the library's sample, placed in the case's namespace. */
  object: KubeObject;
  /** The object as the API server admits it (defaults applied), once the dry run before the constraints has shown it. */
  admitted?: KubeObject;
  /** The API server's own warnings for the object (deprecations), before any constraint. */
  warnings?: string[];
  /** Why the case never reached Gatekeeper (the API server does not serve its kind, or refuses the object itself). */
  skipped?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

let cluster: Cluster;
const kinds = new Map<string, Kind>();
const cases: Case[] = [];
const timings: Record<string, number> = {};
let audit: GkcViolation[] = [];

/** The library's cases for kinds with CEL: one constraint per test, scoped to a namespace of its own; namespaced objects only. */
function collectCases(): void {
  let n = 0;
  for (const file of findSuiteFiles(SUITES)) {
    const suite = readSuite(file);
    if (!suite || suite.skip) continue;
    const dir = dirname(file);
    for (const test of suite.tests) {
      if (test.skip || test.invalid || !test.constraint) continue;
      const [library] = readObjects(join(dir, test.constraint)) as KubeObject[];
      const kind = library && kinds.get(library.kind);
      if (!library || !kind) continue;
      const spec = isRecord(library["spec"]) ? library["spec"] : {};
      const match = isRecord(spec["match"]) ? spec["match"] : {};
      // A namespaceSelector would read the case's namespace, which the library's sample did not mean.
      if ("namespaceSelector" in match) continue;
      const namespace = `cel-${n++}`;
      const constraint: KubeObject = {
        ...library,
        metadata: { name: namespace },
        spec: { ...spec, enforcementAction: "deny", match: { ...match, name: `${namespace}-*` } },
      };
      for (const c of test.cases) {
        if (c.skip || !c.object || c.inventory.length > 0) continue;
        const objects = readObjects(join(dir, c.object));
        const object = objects[0];
        if (objects.length !== 1 || !isRecord(object) || !isRecord(object["metadata"]) || object["kind"] === "AdmissionReview") continue;
        const placed = { ...object, metadata: { ...object["metadata"], name: `${namespace}-case-${cases.length}`, namespace } } as KubeObject;
        cases.push({ kind, label: `${basename(dir)}/${test.name}/${c.name}`, constraint, object: placed });
      }
    }
  }
}

beforeAll(async () => {
  const morph = createPolicyProject();
  for (const file of discoverPolicies(PACKAGE_ROOT)) {
    const policy = await loadPolicy(file);
    const compiled = compilePolicyFile(morph, file, policy.meta.kind, { project: PACKAGE_ROOT, engine: "both" });
    if (!compiled.cel) continue;
    const template = celOnlyTemplateOf({ policy, compiled }) as unknown as KubeObject;
    kinds.set(policy.meta.kind, { kind: policy.meta.kind, template, predicate: await instrumentedPredicate(compiled.definition), source: compiled.source });
  }
  collectCases();

  cluster = await startCluster();
  Object.assign(timings, cluster.timings);
  const namespaces = [...new Set(cases.map((c) => c.object.metadata.namespace!))];
  for (const name of namespaces) await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
  // The objects as the API server makes them (defaults), before any constraint can refuse them.
  for (const c of cases) {
    try {
      const response = await cluster.api.create(c.object, { dryRun: true });
      if (response.status === 201) Object.assign(c, { admitted: response.body as KubeObject, warnings: response.warnings });
      else c.skipped = `the API server refuses it (${response.status}): ${statusMessage(response)?.slice(0, 200) ?? ""}`;
    } catch (error) {
      c.skipped = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    }
  }
  const reached = cases.filter((c) => c.admitted);
  const constraints = [...new Map(reached.map((c) => [`${c.constraint.kind}/${c.constraint.metadata.name}`, c.constraint])).values()];
  const templates = [...new Set(reached.map((c) => c.kind))].map((k) => k.template);

  // gkc's verdicts (the Rego of out/) for exactly these constraints and admitted objects.
  const scratch = mkdtempSync(join(tmpdir(), "gkc-cluster-cel-"));
  try {
    const file = join(scratch, "constraints.yaml");
    writeFileSync(file, constraints.map((c) => JSON.stringify(c)).join("\n---\n"));
    audit = gkcAudit(PACKAGE_ROOT, reached.map((c) => c.admitted!), ["--constraints", file]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const started = Date.now();
  await applyInWaves(cluster, [...templates.map((object) => ({ file: "template", wave: 0, object })), ...constraints.map((object) => ({ file: "constraint", wave: 1, object }))]);
  timings.applyToEnforcedMs = Date.now() - started;
  timings.templates = templates.length;
  timings.constraints = constraints.length;
});

afterAll(async () => {
  await cluster?.stop();
  process.stdout.write(`cluster cel-engine timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("Gatekeeper's CEL engine enforces gkc's CEL (Rego stripped), as gkc's Rego and the documented correspondence say", () => {
  it("denies exactly what gkc audit denies, with the messages the TypeScript's yields give", async () => {
    const failures: string[] = [];
    let compared = 0;
    let denied = 0;
    const started = Date.now();
    for (const c of cases) {
      if (!c.admitted) continue;
      const rego = lines(audit, c.admitted, "deny");
      const yielded = siteMessages(c.kind.predicate, c.admitted, (c.constraint["spec"] as { parameters?: unknown }).parameters ?? {});
      if ("error" in yielded) {
        failures.push(`${c.label}: the TypeScript failed: ${yielded.error}`);
        continue;
      }
      // Only where the Rego reports: a constraint's match (kinds, scope, labels) is Gatekeeper's, not the predicate's.
      const expected = rego.length === 0 ? [] : expectedCelMessages(yielded, c.kind.kind, c.kind.source).map((m) => `[${c.constraint.metadata.name}] ${m}`);
      if (rego.length > 0 && expected.length === 0) failures.push(`${c.label}: the Rego denies, the TypeScript yields nothing: ${rego.join(" | ")}`);
      const response = await cluster.api.create(c.object, { dryRun: true });
      compared++;
      const message = statusMessage(response) ?? "";
      if (expected.length > 0) {
        denied++;
        const got = response.status === 403 && message.startsWith(DENIED_PREFIX) ? message.slice(DENIED_PREFIX.length).split("\n").sort() : [`HTTP ${response.status} ${message}`];
        if (JSON.stringify(got) !== JSON.stringify(expected.sort())) failures.push(`${c.label}:\n    Gatekeeper (CEL): ${JSON.stringify(got)}\n    expected:         ${JSON.stringify(expected)}\n    gkc audit (Rego): ${JSON.stringify(rego)}`);
      } else if (response.status !== 201) {
        failures.push(`${c.label}: admitted by gkc's Rego, but Gatekeeper (CEL) answered HTTP ${response.status} ${message}\n    object: ${JSON.stringify(c.admitted).slice(0, 800)}`);
      }
      if (JSON.stringify(response.warnings) !== JSON.stringify(c.warnings)) failures.push(`${c.label}: warnings ${JSON.stringify(response.warnings)}, the API server's own were ${JSON.stringify(c.warnings)}`);
    }
    timings.admissionMs = Date.now() - started;
    const skipped = cases.filter((c) => c.skipped);
    process.stdout.write(
      `cel-engine: ${kinds.size} kinds with CEL, ${cases.length} cases, ${compared} through Gatekeeper's CEL engine (${denied} denied), ${skipped.length} never reached it:\n${skipped.map((c) => `  ${c.label}: ${c.skipped}`).join("\n")}\n`,
    );
    expect(failures, failures.join("\n")).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(MIN_COMPARED);
    expect(denied).toBeGreaterThanOrEqual(MIN_DENIED);
  });

  it("at warn the same CEL messages come back as warnings and the object is admitted; at dryrun it is admitted silently", async () => {
    // The first case of a card kind that the CEL denies.
    const c = cases.find((x) => x.admitted && x.kind.kind === "K8sContainerLimits" && lines(audit, x.admitted, "deny").length > 0);
    expect(c, "a denied K8sContainerLimits case").toBeDefined();
    const yielded = siteMessages(c!.kind.predicate, c!.admitted, (c!.constraint["spec"] as { parameters?: unknown }).parameters ?? {});
    if ("error" in yielded) throw new Error(yielded.error);
    const messages = expectedCelMessages(yielded, c!.kind.kind, c!.kind.source).map((m) => `[${c!.constraint.metadata.name}] ${m}`);
    for (const action of ["warn", "dryrun"] as const) {
      const constraint = { ...c!.constraint, spec: { ...(c!.constraint["spec"] as object), enforcementAction: action } };
      await cluster.api.apply(constraint);
      await waitConstraintEnforced(cluster, constraint.kind, constraint.metadata.name);
      const response = await cluster.api.create(c!.object, { dryRun: true });
      expect(response.status, statusMessage(response)).toBe(201);
      expect([...response.warnings].sort()).toEqual([...(c!.warnings ?? []), ...(action === "warn" ? messages : [])].sort());
    }
  });
});
