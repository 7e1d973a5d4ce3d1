// Faults on a real cluster. A template changes under its live constraints: Gatekeeper recompiles
// it and the next denial carries the new message, constraints untouched. A template named otherwise
// than its kind is refused by Gatekeeper's webhook as gkc audit predicted. Then Gatekeeper crashes:
// what the API server does is the webhook's failurePolicy: Fail refuses every request Gatekeeper
// would have judged (fails closed), Ignore lets them all through, violating ones included (fails
// open: Gatekeeper's chart default).
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KubeObject, statusMessage } from "./api.js";
import { applyInWaves, readBundle, readManifests, waitConstraintEnforced, waitTemplateObserved } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { ADMISSION, builtProject, gkc } from "./project.js";
import { DENIED_PREFIX, gkcAudit, lines } from "./verdicts.js";

let cluster: Cluster;
let project: string;

const pod = (name: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ADMISSION, labels },
  spec: { containers: [{ name: "app", image: "ghcr.io/acme/web:1", resources: { limits: { cpu: "500m", memory: "512Mi" } } }] },
});
const violating = pod("no-team", {});
const compliant = pod("with-team", { team: "shop" });

// A policy of the project's own (not the library's), so the test can change its code.
const NAME_LENGTH = `import { constraint, defineTemplate, type KubeObject } from "gkc/sdk";

export const template = defineTemplate({
  kind: "K8sPodNameLength",
  title: "Pod name length",
  description: "Pod names are at most maxLength characters long.",
  version: "1.0.0",
});

export interface Parameters {
  /** The longest name allowed. */
  maxLength: number;
}

export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const name: unknown = object.metadata?.name;
  if (typeof name === "string" && name.length > parameters.maxLength) yield \`pod name "\${name}" is longer than \${parameters.maxLength} characters\`;
}

export const constraints = [
  constraint<Parameters>({
    name: "short-pod-names",
    enforcementAction: "deny",
    match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["${ADMISSION}"] },
    parameters: { maxLength: 20 },
  }),
];
`;

/** gkc audit's deny lines, as Gatekeeper words them, for one object. */
const denials = (object: KubeObject): string[] => lines(gkcAudit(project, [object]), object, "deny");

beforeAll(async () => {
  project = builtProject({ "policies/pod-name-length.ts": NAME_LENGTH });
  cluster = await startCluster({ failurePolicy: "Fail" });
  await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: ADMISSION } });
  await applyInWaves(cluster, readBundle(join(project, "out")));
});

afterAll(async () => {
  await cluster?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Sets the failurePolicy of Gatekeeper's webhook in place. */
async function setFailurePolicy(policy: "Fail" | "Ignore"): Promise<void> {
  const name = "gatekeeper-validating-webhook-configuration";
  const path = await cluster.api.path("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", undefined, name);
  const patch = [{ op: "replace", path: "/webhooks/0/failurePolicy", value: policy }];
  const response = await cluster.api.request("PATCH", path, patch, "application/json-patch+json");
  expect(response.status, statusMessage(response)).toBe(200);
}

describe("a template updated while its constraint exists", () => {
  it("Gatekeeper recompiles it, and the next denial carries the new message; the constraint is untouched", async () => {
    const long = pod("a-pod-with-a-rather-long-name", { team: "shop" });
    const before = denials(long);
    expect(before).toHaveLength(1);
    let response = await cluster.api.create(long, { dryRun: true });
    expect(statusMessage(response)).toBe(`${DENIED_PREFIX}${before[0]}`);
    const constraintBefore = await waitConstraintEnforced(cluster, "K8sPodNameLength", "short-pod-names");

    const policy = join(project, "policies", "pod-name-length.ts");
    writeFileSync(policy, readFileSync(policy, "utf8").replace("is longer than", "exceeds the limit of"));
    const build = gkc(project, ["build"]);
    expect(build.status, build.stderr).toBe(0);
    const after = denials(long);
    expect(after).not.toEqual(before);
    const [template] = readManifests(join(project, "out", "templates", "k8spodnamelength.yaml"));
    if (!template) throw new Error("no template");
    await cluster.api.apply(template.object);
    await waitTemplateObserved(cluster, "k8spodnamelength");

    response = await cluster.api.create(long, { dryRun: true });
    expect(statusMessage(response)).toBe(`${DENIED_PREFIX}${after[0]}`);
    const constraintAfter = await waitConstraintEnforced(cluster, "K8sPodNameLength", "short-pod-names");
    expect(constraintAfter.metadata.generation).toBe(constraintBefore.metadata.generation);
  });
});

describe("a malformed template", () => {
  it("a template named otherwise than its kind: gkc audit reports it before the apply, and Gatekeeper's webhook refuses it naming the same name and the same required name", async () => {
    // Hand-edited out/: a copy of a template renamed for a variant, its kind left as it was.
    const [original] = readManifests(join(project, "out", "templates", "k8spodnamelength.yaml"));
    if (!original) throw new Error("no template");
    const copy: KubeObject = { ...original.object, metadata: { ...original.object.metadata, name: `${original.object.metadata.name}strict` } };
    const kind = (copy["spec"] as { crd: { spec: { names: { kind: string } } } }).crd.spec.names.kind;
    const out = join(project, "malformed-out");
    cpSync(join(project, "out"), out, { recursive: true });
    writeFileSync(join(out, "templates", `${copy.metadata.name}.yaml`), stringify(copy));

    // gkc's prediction: exit 2, one template error naming the file, the name and the name Gatekeeper wants.
    const audit = gkc(project, ["audit", "--format", "json", "--out", out, "-"], JSON.stringify(compliant));
    expect(audit.status, audit.stderr).toBe(2);
    const errors = (JSON.parse(audit.stdout) as { errors: { kind: string; message: string }[] }).errors;
    expect(errors.map((e) => e.kind)).toEqual(["template"]);
    const predicted = /^(\S+): metadata\.name "([^"]*)" is not the lowercase of its kind (\w+): Gatekeeper refuses the template unless it is named "([^"]*)"$/.exec(errors[0]?.message ?? "");
    expect(predicted, errors[0]?.message).not.toBeNull();

    // Gatekeeper's verdict, through the API server: its webhook validates templates (frameworks'
    // CreateCRD) and answers a user's error with 422, not the 403 of a policy denial.
    const response = await cluster.api.create(copy);
    expect(response.status, statusMessage(response)).toBe(422);
    const refused = /^admission webhook "validation\.gatekeeper\.sh" denied the request: invalid ConstraintTemplate: the ConstraintTemplate's name "([^"]*)" is not equal to the lowercase of CRD's Kind: "([^"]*)"$/.exec(statusMessage(response) ?? "");
    expect(refused, statusMessage(response)).not.toBeNull();
    // The same substance: the template's name as written, and the name its kind requires.
    expect([predicted?.[2], predicted?.[4]]).toEqual([refused?.[1], refused?.[2]]);
    expect([refused?.[1], refused?.[2]]).toEqual([copy.metadata.name, kind.toLowerCase()]);
    expect(predicted?.[1]).toBe(join("malformed-out", "templates", `${copy.metadata.name}.yaml`));
    expect(predicted?.[3]).toBe(kind);
    // Refused, not stored: nothing half-created in the cluster.
    expect((await cluster.api.get("templates.gatekeeper.sh/v1", "ConstraintTemplate", copy.metadata.name)).status).toBe(404);
  });
});

describe("Gatekeeper killed mid-run", () => {
  it("before: the violating Pod is denied with gkc's message, the compliant one admitted", async () => {
    const denies = denials(violating);
    expect(denies).toHaveLength(1);
    const denied = await cluster.api.create(violating, { dryRun: true });
    expect(denied.status).toBe(403);
    expect(statusMessage(denied)).toBe(`${DENIED_PREFIX}${denies[0]}`);
    expect((await cluster.api.create(compliant, { dryRun: true })).status).toBe(201);
  });

  it("failurePolicy Fail: with Gatekeeper gone every matching request is refused, compliant or not", async () => {
    await cluster.processes.kill(cluster.gatekeeper);
    for (const object of [violating, compliant]) {
      const response = await cluster.api.create(object, { dryRun: true });
      expect(response.status).toBe(500);
      expect(statusMessage(response)).toMatch(/failed calling webhook "validation\.gatekeeper\.sh"/);
    }
    // Exempt namespaces (the chart's admission.gatekeeper.sh/ignore label) are not affected.
    const exempt = await cluster.api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "still-works", namespace: "gatekeeper-system" } }, { dryRun: true });
    expect(exempt.status, statusMessage(exempt)).toBe(201);
  });

  it("failurePolicy Ignore: with Gatekeeper gone the violating Pod is admitted", async () => {
    await setFailurePolicy("Ignore");
    // The API server's webhook configuration informer takes a moment to see the change.
    const deadline = Date.now() + 30_000;
    let response = await cluster.api.create(violating, { dryRun: true });
    while (response.status !== 201 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      response = await cluster.api.create(violating, { dryRun: true });
    }
    expect(response.status, statusMessage(response)).toBe(201);
    expect(response.warnings).toEqual([]);
  });
});
