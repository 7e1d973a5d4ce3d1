// Admission for a sample of the library's other kinds: each template from this repository's out/,
// its sample constraint from out/constraints at `deny` and scoped to a namespace of its own (so no
// kind judges another's objects), and the gatekeeper-library's own example objects for it, created
// through the API server. Gatekeeper's answer must be gkc audit's for the same object and constraint.
// The kinds differ in shape: Pods (containers and initContainers, securityContext, probes, image
// tags), Services, an Ingress of networking.k8s.io, an apps/v1 Deployment; parameters that are
// absent, globs, nested arrays, number ranges, regexes and a custom message.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PACKAGE_ROOT } from "../../compiler/package.js";
import type { KubeObject } from "./api.js";
import { applyInWaves, type Manifest, readManifests } from "./bundle.js";
import { type Cluster, startCluster } from "./cluster.js";
import { expectAdmission, gkcAudit, type GkcViolation, lines } from "./verdicts.js";

const OUT = join(PACKAGE_ROOT, "out");
const LIBRARY = join(PACKAGE_ROOT, "conformance", "third_party", "gatekeeper-library", "library");

interface Sample {
  /** The library's sample constraint, a file of out/constraints. */
  constraint: string;
  /** Example objects of the gatekeeper-library, relative to its library/ directory. */
  violating: string;
  compliant: string;
}

const SAMPLES: readonly Sample[] = [
  {
    constraint: "k8sallowedrepos-repo-is-openpolicyagent",
    violating: "general/allowedrepos/samples/repo-must-be-openpolicyagent/example_disallowed_both.yaml",
    compliant: "general/allowedrepos/samples/repo-must-be-openpolicyagent/example_allowed.yaml",
  },
  {
    constraint: "k8sblocknodeport-block-node-port",
    violating: "general/block-nodeport-services/samples/block-node-port/example_disallowed.yaml",
    // The library has no allowed example for it: any ClusterIP Service is one.
    compliant: "general/requiredannotations/samples/all-must-have-certain-set-of-annotations/example_allowed.yaml",
  },
  {
    constraint: "k8spspprivilegedcontainer-psp-privileged-container",
    violating: "pod-security-policy/privileged-containers/samples/psp-privileged-container/example_disallowed.yaml",
    compliant: "pod-security-policy/privileged-containers/samples/psp-privileged-container/example_allowed_exempt.yaml",
  },
  {
    constraint: "k8shttpsonly-ingress-https-only",
    violating: "general/httpsonly/samples/ingress-https-only/example_disallowed.yaml",
    compliant: "general/httpsonly/samples/ingress-https-only/example_allowed.yaml",
  },
  {
    constraint: "k8sdisallowedtags-container-image-must-not-have-latest-tag",
    violating: "general/disallowedtags/samples/container-image-must-not-have-latest-tag/example_some_disallowed_tags.yaml",
    compliant: "general/disallowedtags/samples/container-image-must-not-have-latest-tag/example_exempt_image_w_disallowed_tag.yaml",
  },
  {
    constraint: "k8srequiredprobes-must-have-probes",
    violating: "general/requiredprobes/samples/must-have-probes/example_disallowed.yaml",
    compliant: "general/requiredprobes/samples/must-have-probes/example_allowed.yaml",
  },
  {
    constraint: "k8sreplicalimits-replica-limits",
    violating: "general/replicalimits/samples/replicalimits/example_disallowed.yaml",
    compliant: "general/replicalimits/samples/replicalimits/example_allowed.yaml",
  },
  {
    constraint: "k8srequiredannotations-all-must-have-certain-set-of-annotations",
    violating: "general/requiredannotations/samples/all-must-have-certain-set-of-annotations/example_disallowed.yaml",
    compliant: "general/requiredannotations/samples/all-must-have-certain-set-of-annotations/example_allowed.yaml",
  },
];

function only(file: string): KubeObject {
  const [manifest, ...rest] = readManifests(file);
  if (!manifest || rest.length > 0) throw new Error(`${file}: expected one object`);
  return manifest.object;
}

interface Case {
  kind: string;
  namespace: string;
  template: Manifest;
  constraint: KubeObject;
  violating: KubeObject;
  compliant: KubeObject;
}

/** A sample set up as the test applies it: the constraint at deny in namespace `lib-<n>`, the examples in it. */
function prepare(sample: Sample, index: number): Case {
  const namespace = `lib-${index}`;
  const library = only(join(OUT, "constraints", `${sample.constraint}.yaml`));
  const spec = library["spec"] as { match?: Record<string, unknown> };
  const constraint: KubeObject = { ...library, spec: { ...spec, enforcementAction: "deny", match: { ...spec.match, namespaces: [namespace] } } };
  // The library's examples share names (two `test-pod1`s): named for their role here instead.
  const place = (file: string, name: string): KubeObject => {
    const object = only(join(LIBRARY, file));
    return { ...object, metadata: { ...object.metadata, name, namespace } };
  };
  const [template] = readManifests(join(OUT, "templates", `${library.kind.toLowerCase()}.yaml`));
  if (!template) throw new Error(`no template for ${library.kind}`);
  return { kind: library.kind, namespace, template, constraint, violating: place(sample.violating, "violating"), compliant: place(sample.compliant, "compliant") };
}

const cases = SAMPLES.map(prepare);
let cluster: Cluster;
let expected: GkcViolation[];
const timings: Record<string, number> = {};

beforeAll(async () => {
  // gkc's verdicts first: the repository's out/ templates and exactly these constraints.
  const scratch = mkdtempSync(join(tmpdir(), "gkc-cluster-library-"));
  try {
    const constraints = join(scratch, "constraints.yaml");
    writeFileSync(constraints, cases.map((c) => JSON.stringify(c.constraint)).join("\n---\n"));
    expected = gkcAudit(PACKAGE_ROOT, cases.flatMap((c) => [c.violating, c.compliant]), ["--constraints", constraints]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  cluster = await startCluster();
  Object.assign(timings, cluster.timings);
  for (const c of cases) await cluster.api.apply({ apiVersion: "v1", kind: "Namespace", metadata: { name: c.namespace } });
  const started = Date.now();
  await applyInWaves(cluster, [...cases.map((c) => c.template), ...cases.map((c) => ({ file: "constraint", wave: 1, object: c.constraint }))]);
  timings.applyToEnforcedMs = Date.now() - started;
});

afterAll(async () => {
  await cluster?.stop();
  process.stdout.write(`cluster library-admission timings (ms): ${JSON.stringify(timings)}\n`);
});

describe("admission for a sample of the library's other kinds, with the gatekeeper-library's examples", () => {
  it.each(cases)("$kind: the violating example is denied with gkc audit's lines, the compliant one admitted", async ({ constraint, violating, compliant }) => {
    // The case tests what it says: gkc finds a deny violation of this constraint in the one, none in the other.
    expect(lines(expected, violating, "deny").length).toBeGreaterThan(0);
    expect(lines(expected, violating, "deny").every((line) => line.startsWith(`[${constraint.metadata.name}] `))).toBe(true);
    expect(expected.filter((v) => v.object.namespace === compliant.metadata.namespace && v.object.name === compliant.metadata.name)).toEqual([]);
    await expectAdmission(cluster, violating, expected);
    await expectAdmission(cluster, compliant, expected);
  });
});
