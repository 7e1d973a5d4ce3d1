// Renders the Gatekeeper bundle (ConstraintTemplates, Constraints, kustomization) through the
// handlebars templates in templates/. Pure: returns file contents keyed by path under out/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { stringify } from "yaml";
import type { CompiledPolicy } from "./compile.js";
import type { LoadedPolicy, ConstraintDeclaration } from "./policies.js";
import type { GroupVersionKind } from "../sdk/authoring.js";

const hbs = Handlebars.create();
hbs.registerHelper("indent", (text: string, width: number) =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line.length ? " ".repeat(width) + line : ""))
    .join("\n"),
);
hbs.registerHelper("yamlString", (value: string) => stringify(value, { lineWidth: 0 }).trimEnd());

function template(root: string, name: string): HandlebarsTemplateDelegate {
  return hbs.compile(readFileSync(join(root, "templates", name), "utf8"), { noEscape: true, strict: true });
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

export interface BundleInput {
  readonly policy: LoadedPolicy;
  readonly compiled: CompiledPolicy;
}

/** Every file of out/, keyed by its path relative to out/, in a stable order. */
export function renderBundle(root: string, inputs: readonly BundleInput[]): Map<string, string> {
  const templateFile = template(root, "constraint-template.yaml.hbs");
  const constraintFile = template(root, "constraint.yaml.hbs");
  const kustomization = template(root, "kustomization.yaml.hbs");
  const files = new Map<string, string>();
  const sorted = [...inputs].sort((a, b) => (a.policy.meta.kind < b.policy.meta.kind ? -1 : 1));
  const templatePaths: string[] = [];
  const constraintPaths: string[] = [];
  const syncPaths: string[] = [];
  const syncSetFile = template(root, "syncset.yaml.hbs");
  for (const { policy, compiled } of sorted) {
    const name = policy.meta.kind.toLowerCase();
    const templatePath = `templates/${name}.yaml`;
    templatePaths.push(templatePath);
    files.set(
      templatePath,
      templateFile({
        source: compiled.source,
        name,
        kind: policy.meta.kind,
        title: policy.meta.title,
        version: policy.meta.version,
        description: policy.meta.description,
        schemaYaml: yaml({ type: "object", ...compiled.schema }),
        rego: compiled.rego,
        requiresSyncData: syncRequirement(policy.meta.syncs),
      }),
    );
    if (policy.meta.syncs?.length) {
      const path = `sync/${name}.yaml`;
      syncPaths.push(path);
      files.set(path, syncSetFile({ source: compiled.source, name: `gkc-${name}`, specYaml: yaml({ gvks: policy.meta.syncs.map((g) => ({ group: g.group, version: g.version, kind: g.kind })) }) }));
    }
    for (const declaration of [...policy.constraints].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `constraints/${name}-${declaration.name}.yaml`;
      constraintPaths.push(path);
      files.set(
        path,
        constraintFile({ source: compiled.source, kind: policy.meta.kind, name: declaration.name, specYaml: yaml(constraintSpec(declaration)) }),
      );
    }
  }
  files.set("kustomization.yaml", kustomization({ templates: [...syncPaths, ...templatePaths], constraints: constraintPaths }));
  return files;
}

/** The `requires-sync-data` annotation: one clause per kind, all required (JSON, as Gatekeeper reads it). */
function syncRequirement(syncs: readonly GroupVersionKind[] | undefined): string | undefined {
  if (!syncs?.length) return undefined;
  return JSON.stringify([syncs.map((g) => ({ groups: [g.group], versions: [g.version], kinds: [g.kind] }))]);
}

/** The Constraint's spec in Gatekeeper's field order. */
export function constraintSpec(declaration: ConstraintDeclaration): Record<string, unknown> {
  const spec: Record<string, unknown> = { enforcementAction: declaration.enforcementAction };
  if (declaration.scopedEnforcementActions) spec["scopedEnforcementActions"] = declaration.scopedEnforcementActions;
  spec["match"] = declaration.match;
  if (declaration.parameters !== undefined) spec["parameters"] = declaration.parameters;
  return spec;
}
