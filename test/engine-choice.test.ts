// Which engines a template carries: its own `template.engine`, else the build's `--engine`, else
// gkc.config.json's `engine`, else Rego. The project's choice lives in the config so that every
// command that rebuilds out/ (gkc promote too) keeps it; a template that demands CEL its
// predicate cannot have fails the build with the construct and its line.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { BuildError, buildProject } from "../compiler/build.js";
import { findProject, ProjectError } from "../compiler/project.js";
import { tempProject } from "./support/temp-project.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A policy of gkc's library adopted as-is, or with `template.engine` set. */
const adopt = (file: string, engine?: string): string =>
  engine === undefined
    ? `export { template, violations } from "gkc/library/${file}";\nexport type { Parameters } from "gkc/library/${file}";\n`
    : `import { template as library } from "gkc/library/${file}";\nexport { violations } from "gkc/library/${file}";\nexport type { Parameters } from "gkc/library/${file}";\nexport const template = { ...library, engine: "${engine}" as const };\n`;

function project(files: Record<string, string>, config: Record<string, unknown>): string {
  const root = tempProject(files, "gkc-engine-");
  roots.push(root);
  writeFileSync(join(root, "gkc.config.json"), `${JSON.stringify({ policies: "policies", out: "out", ...config })}\n`);
  return root;
}

/** The engines of each template a build gives, by template file. */
async function enginesOf(root: string, engine?: "rego" | "cel" | "both"): Promise<Record<string, string[]>> {
  const built = await buildProject(findProject(root), undefined, engine ? { engine } : {});
  const out: Record<string, string[]> = {};
  for (const [path, text] of built.files) {
    if (!path.startsWith("templates/")) continue;
    const template = parse(text) as { spec: { targets: { code: { engine: string }[] }[] } };
    out[path] = template.spec.targets[0]!.code.map((c) => c.engine);
  }
  return out;
}

describe("the engine a template carries", () => {
  test("gkc.config.json's engine is the project's default; --engine overrides it; template.engine wins over both", async () => {
    // K8sAllowedRepos as the library ships it keeps to Rego (its template says so: the library's
    // suite counts one violation per container), whatever the build or the project asks.
    const root = project(
      { "policies/limits.ts": adopt("container-limits"), "policies/nodeport.ts": adopt("block-nodeport-services", "rego"), "policies/repos.ts": adopt("allowed-repos") },
      { engine: "both" },
    );
    expect(await enginesOf(root)).toEqual({
      "templates/k8scontainerlimits.yaml": ["K8sNativeValidation", "Rego"],
      "templates/k8sblocknodeport.yaml": ["Rego"],
      "templates/k8sallowedrepos.yaml": ["Rego"],
    });
    expect(await enginesOf(root, "rego")).toEqual({
      "templates/k8scontainerlimits.yaml": ["Rego"],
      "templates/k8sblocknodeport.yaml": ["Rego"],
      "templates/k8sallowedrepos.yaml": ["Rego"],
    });
    expect(await enginesOf(root, "cel")).toEqual({
      "templates/k8scontainerlimits.yaml": ["K8sNativeValidation"],
      "templates/k8sblocknodeport.yaml": ["Rego"],
      "templates/k8sallowedrepos.yaml": ["Rego"],
    });
  }, 120_000);

  test("without any choice a template carries both engines; a template may ask for CEL alone", async () => {
    const root = project({ "policies/limits.ts": adopt("container-limits"), "policies/nodeport.ts": adopt("block-nodeport-services", "cel") }, {});
    expect(await enginesOf(root)).toEqual({
      "templates/k8scontainerlimits.yaml": ["K8sNativeValidation", "Rego"],
      "templates/k8sblocknodeport.yaml": ["K8sNativeValidation"],
    });
  }, 120_000);

  test("a template that demands CEL its predicate cannot have fails the build, naming the construct and the line", async () => {
    const root = project({ "policies/unique-host.ts": adopt("unique-ingress-host", "both") }, {});
    const failure = await buildProject(findProject(root)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BuildError);
    const errors = (failure as BuildError).failure.errors;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/unique-host\.ts: template\.engine is 'both', but the predicate has no exact CEL form: .+ \(.+\.ts:\d+\): .+/);
  }, 120_000);

  test("gkc.config.json's vap and gatekeeperVap hold for every build of the project (gkc promote's rebuild too)", async () => {
    const root = project({ "policies/limits.ts": adopt("container-limits") }, { engine: "both", vap: true, gatekeeperVap: true });
    const built = await buildProject(findProject(root));
    expect([...built.files.keys()].filter((p) => p.startsWith("vap/policies/"))).toEqual(["vap/policies/k8scontainerlimits.yaml"]);
    const template = parse(built.files.get("templates/k8scontainerlimits.yaml")!) as { spec: { targets: { code: { engine: string; source: { generateVAP?: boolean } }[] }[] } };
    expect(template.spec.targets[0]!.code.find((c) => c.engine === "K8sNativeValidation")!.source.generateVAP).toBe(true);
    const off = await buildProject(findProject(root), undefined, { vap: false, gatekeeperVap: false });
    expect([...off.files.keys()].some((p) => p.startsWith("vap/"))).toBe(false);
    const bad = project({ "policies/limits.ts": adopt("container-limits") }, { vap: "yes" });
    expect(() => findProject(bad)).toThrow(`${join(bad, "gkc.config.json")}: 'vap' must be true or false`);
  }, 120_000);

  test("a config or template engine that is not rego, cel or both is a one-line error naming the file", async () => {
    const bad = project({ "policies/limits.ts": adopt("container-limits") }, { engine: "wasm" });
    expect(() => findProject(bad)).toThrow(ProjectError);
    expect(() => findProject(bad)).toThrow(`${join(bad, "gkc.config.json")}: 'engine' must be one of rego, cel, both`);
    const typo = project({ "policies/limits.ts": adopt("container-limits", "CEL") }, {});
    await expect(buildProject(findProject(typo))).rejects.toThrow(BuildError);
    const failure = await buildProject(findProject(typo)).catch((error: BuildError) => error.failure.errors);
    expect(failure).toEqual([`${join(typo, "policies", "limits.ts")}: template.engine must be one of rego, cel, both`]);
  }, 120_000);
});
