// out/docs/: a Markdown page per template (parameters table from the schema, examples from the
// fixtures, the constraints using it) and an index; `gkc docs` writes exactly those files.
import { OUTPUT_MARKER } from "../compiler/output.js";
import { REPO } from "./support/project.js";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { runDocs } from "../cli/docs.js";
import { buildProject, type BuildResult } from "../compiler/build.js";
import { parameterRows, renderDocs, type DocsPolicy } from "../compiler/docs.js";
import type { Fixture } from "../verify/fixtures.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const STABLE_POLICIES = ["required-labels", "container-limits", "approved-registries", "naming-convention"].map((p) => join(PACKAGE_ROOT, "policies", `${p}.ts`));
const scratch = mkdtempSync(join(tmpdir(), "gkc-docs-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fixture(name: string, violations: string[], object: unknown = { apiVersion: "v1", kind: "Pod", metadata: { name } }): Fixture {
  return { name, object, parameters: { labels: [{ key: "owner" }] }, violations, operation: "CREATE", request: { operation: "CREATE" }, inventory: [] };
}

const EXAMPLE: DocsPolicy = {
  kind: "GkcDocsExample",
  title: "Docs | Example",
  description: "Checks things. Then more things.",
  version: "2.1.0",
  source: "policies/docs-example.ts",
  podSpec: true,
  syncs: [{ group: "", version: "v1", kind: "Namespace" }],
  schema: {
    description: "Parameters.",
    properties: {
      labels: {
        type: "array",
        description: "The labels,\nover two lines.",
        items: { type: "object", properties: { key: { type: "string", description: "A key | with a pipe." }, allowedRegex: { type: "string" } }, required: ["key"] },
      },
      mode: { type: "string", enum: ["strict", "lax"] },
      limits: { type: "object", additionalProperties: { type: "integer" } },
    },
    required: ["labels"],
  },
  constraints: [
    { name: "z-last", enforcementAction: "deny", match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["kube-system"] }, parameters: {} },
    {
      name: "a-first",
      enforcementAction: "scoped",
      scopedEnforcementActions: [{ action: "warn", enforcementPoints: [{ name: "validation.gatekeeper.sh" }] }],
      match: {},
      parameters: {},
    },
  ],
  fixtures: [
    fixture("robustness: metadata is a number", [], { apiVersion: "v1", kind: "Pod", metadata: 7 }),
    fixture("allowed, but gator cannot run it", []),
    fixture("allowed one", []),
    fixture("denied one", ["second message", "first message"]),
    fixture("allowed two", []),
    fixture("denied with a fence", ["has ``` inside"]),
    fixture("allowed three", []),
    fixture("denied three", ["x"]),
  ],
  suiteFixtures: new Set(["robustness: metadata is a number", "allowed one", "denied one", "allowed two", "denied with a fence", "allowed three", "denied three"]),
};

describe("docs, unit", () => {
  test("parameter rows: dotted paths for nested fields, types, required within the parent, descriptions", () => {
    expect(parameterRows(EXAMPLE.schema)).toEqual([
      { path: "labels", type: "array of object", required: true, description: "The labels,\nover two lines." },
      { path: "labels[].key", type: "string", required: true, description: "A key | with a pipe." },
      { path: "labels[].allowedRegex", type: "string", required: false, description: "" },
      { path: "mode", type: '"strict" | "lax"', required: false, description: "" },
      { path: "limits", type: "map of integer", required: false, description: "" },
      { path: "limits.<key>", type: "integer", required: false, description: "" },
    ]);
  });

  const files = renderDocs([EXAMPLE]);
  const page = files.get("docs/gkcdocsexample.md")!;

  test("a page per template and an index", () => {
    expect([...files.keys()]).toEqual(["docs/gkcdocsexample.md", "docs/README.md"]);
    expect(page).toMatch(/^# Docs \| Example \(`GkcDocsExample`\)$/m);
    expect(page).toContain("Checks things. Then more things.");
    expect(page).toContain("version 2.1.0");
    expect(page).toMatch(/reads Namespace \(v1\) from `data.inventory`/);
    expect(page).toMatch(/constraints match Pod, Deployment, .*CronJob/);
    expect(page).toContain("[`../suite/gkcdocsexample.yaml`](../suite/gkcdocsexample.yaml), 7 cases");
  });

  test("the parameters table escapes pipes and joins lines", () => {
    expect(page).toContain("| `labels` | array of object | yes | The labels, over two lines. |");
    expect(page).toContain("| `labels[].key` | string | yes | A key \\| with a pipe. |");
    expect(page).toContain('| `mode` | "strict" \\| "lax" | no |  |');
    expect(page).toContain("| `limits.<key>` | integer | no |  |");
    // Every table row has the header's four columns (unescaped pipes only as separators).
    for (const line of page.split("\n").filter((l) => l.startsWith("| `"))) {
      expect(line.replace(/\\\|/g, "").split("|").length, line).toBe(line.includes("../constraints/") ? 5 : 6);
    }
  });

  test("constraints sorted by name, with their enforcement and match", () => {
    const first = page.indexOf("`a-first`");
    const last = page.indexOf("`z-last`");
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    expect(page).toContain("| [`a-first`](../constraints/gkcdocsexample-a-first.yaml) | `scoped`: `warn` at validation.gatekeeper.sh | every object |");
    expect(page).toContain("| [`z-last`](../constraints/gkcdocsexample-z-last.yaml) | `deny` | kinds Pod; except namespaces kube-system |");
  });

  test("examples: the first two allowed and two denied real objects gator runs too, with their messages", () => {
    const headings = [...page.matchAll(/^### (.*)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(["Allowed: allowed one", "Allowed: allowed two", "Denied: denied one", "Denied: denied with a fence"]);
    expect(page).toContain("```text\nfirst message\nsecond message\n```");
    // A message holding ``` gets a longer fence.
    expect(page).toContain("````text\nhas ``` inside\n````");
    expect(page).toContain("```yaml\nlabels:\n  - key: owner\n```");
  });

  test("the index links every page with its constraints and first sentence", () => {
    const index = files.get("docs/README.md")!;
    expect(index).toContain("1 ConstraintTemplates, 2 Constraints.");
    expect(index).toContain("| [`GkcDocsExample`](gkcdocsexample.md) | Docs \\| Example | a-first (scoped), z-last (deny) | Checks things. |");
  });
});

describe("docs of the real policies", { timeout: 120_000 }, () => {
  let build: BuildResult;
  beforeAll(async () => {
    build = await buildProject(PACKAGE_ROOT, STABLE_POLICIES);
  }, 120_000);

  test("every template has a page whose parameters are its schema's, and the index lists it", () => {
    const index = build.files.get("docs/README.md")!;
    for (const { policy } of build.policies) {
      const name = policy.meta.kind.toLowerCase();
      const page = build.files.get(`docs/${name}.md`);
      expect(page, name).toBeDefined();
      expect(index).toContain(`[\`${policy.meta.kind}\`](${name}.md)`);
      const template = parse(build.files.get(`templates/${name}.yaml`)!) as { spec: { crd: { spec: { validation: { openAPIV3Schema: { properties: Record<string, unknown> } } } } } };
      for (const property of Object.keys(template.spec.crd.spec.validation.openAPIV3Schema.properties)) expect(page).toContain(`| \`${property}\` |`);
      for (const c of policy.constraints) expect(page).toContain(`[\`${c.name}\`](../constraints/${name}-${c.name}.yaml)`);
      expect(page).toMatch(/^### Allowed: /m);
      expect(page).toMatch(/^### Denied: /m);
    }
  });

  test("gkc docs writes exactly the docs of the build, and refuses a directory holding other files", async () => {
    const out = join(scratch, "docs");
    expect(await runDocs({ out, outLabel: out, policies: STABLE_POLICIES }, REPO)).toBe(0);
    const expected = [...build.files.keys()].filter((p) => p.startsWith("docs/")).map((p) => p.slice(5)).sort();
    expect(readdirSync(out).sort()).toEqual([OUTPUT_MARKER, ...expected].sort());
    for (const file of expected) expect(readFileSync(join(out, file), "utf8")).toBe(build.files.get(`docs/${file}`));

    const precious = join(scratch, "not-docs");
    mkdirSync(precious);
    writeFileSync(join(precious, "kustomization.yaml"), "keep: me\n");
    expect(await runDocs({ out: precious, outLabel: precious, policies: STABLE_POLICIES }, REPO)).toBe(2);
    expect(readdirSync(precious)).toEqual(["kustomization.yaml"]);
  });
});
