// Renders the Gatekeeper bundle (ConstraintTemplates, Constraints, sync sets, kustomization), its
// gator test suite (out/suite/) and its Markdown reference (out/docs/) through the handlebars
// templates in templates/. Pure: returns file contents keyed by path under out/.
//
// Apply order: sync sets, then templates (each makes Gatekeeper create its constraint CRD), then
// constraints. The kustomization lists them in that order with `sortOptions: fifo` (kustomize's
// default order would put constraints.gatekeeper.sh kinds first), and each resource carries an
// Argo CD sync wave; constraints also skip Argo CD's dry run, as their CRD does not exist until
// Gatekeeper has processed the template.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "./package.js";
import { stringify } from "yaml";
import type { CompiledPolicy } from "./compile.js";
import type { LoadedPolicy, ConstraintDeclaration } from "./policies.js";
import type { GroupVersionKind } from "../sdk/authoring.js";
import { fixturesPathFor, type Fixture } from "../verify/fixtures.js";
import { sourceLabel } from "./compile.js";
import type { ProjectLayout } from "./project.js";
import { policySuite, yamlQuote, type PolicySuite } from "./suite.js";
import type { CelFixtureOutcome } from "../verify/cel-expectations.js";
import { renderDocs } from "./docs.js";

/** Argo CD sync waves: lower waves are applied (and must be healthy) first. */
export const SYNC_WAVES = { syncSet: "-2", template: "-1", constraint: "0" } as const;

const hbs = Handlebars.create();
hbs.registerHelper("indent", (text: string, width: number) =>
  text
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => (line.length ? " ".repeat(width) + line : ""))
    .join("\n"),
);
// A scalar placed inline at any indentation: a multi-line string as a block scalar would need the
// surrounding indentation, so it is written double-quoted (JSON strings are YAML double-quoted scalars).
hbs.registerHelper("yamlString", (value: string) => (value.includes("\n") ? JSON.stringify(value) : stringify(value, { lineWidth: 0 }).trimEnd()));

/** A handlebars template shipped with gkc (templates/), whatever project is being built. */
function template(name: string): HandlebarsTemplateDelegate {
  return hbs.compile(readFileSync(join(PACKAGE_ROOT, "templates", name), "utf8"), { noEscape: true, strict: true });
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

export interface BundleInput {
  readonly policy: LoadedPolicy;
  readonly compiled: CompiledPolicy;
  readonly fixtures: readonly Fixture[];
  /** When the template carries CEL: the CEL's outcome on each fixture, which out/suite asserts. */
  readonly celOutcomes?: ReadonlyMap<string, CelFixtureOutcome>;
}

/** Where a constraint's file goes under out/. */
export function constraintPath(kind: string, name: string): string {
  return `constraints/${kind.toLowerCase()}-${name}.yaml`;
}

/** The ConstraintTemplate of one compiled policy, as out/templates/ holds it. */
export function renderTemplate({ policy, compiled }: Pick<BundleInput, "policy" | "compiled">, options: { generateVap?: boolean } = {}): string {
  templateFile ??= template("constraint-template.yaml.hbs");
  return templateFile({
    source: compiled.source,
    name: policy.meta.kind.toLowerCase(),
    kind: policy.meta.kind,
    title: policy.meta.title,
    version: policy.meta.version,
    description: policy.meta.description,
    syncWave: yamlQuote(SYNC_WAVES.template),
    schemaYaml: yaml({ type: "object", ...compiled.schema }),
    // Rego unless the build asked for CEL only and the predicate has it; CEL when it has it.
    rego: compiled.engine === "cel" && compiled.cel ? undefined : compiled.rego,
    // generateVAP only where the team states it: left out, Gatekeeper's own default decides
    // (--default-create-vap-for-templates, true in v3.23), as for the library's CEL templates.
    // Stated false, Gatekeeper as installed by default reports an error on every constraint's status.
    celYaml: compiled.cel ? yaml({ ...compiled.cel, ...(options.generateVap !== undefined ? { generateVAP: options.generateVap } : {}) }) : undefined,
    requiresSyncData: syncRequirement(policy.meta.syncs),
  });
}
let templateFile: HandlebarsTemplateDelegate | undefined;

/** Every file of out/, keyed by its path relative to out/, in a stable order. */
export function renderBundle(project: ProjectLayout, inputs: readonly BundleInput[], options: { generateVap?: boolean } = {}): Map<string, string> {
  const constraintFile = template("constraint.yaml.hbs");
  const kustomization = template("kustomization.yaml.hbs");
  const syncSetFile = template("syncset.yaml.hbs");
  const files = new Map<string, string>();
  const sorted = [...inputs].sort((a, b) => (a.policy.meta.kind < b.policy.meta.kind ? -1 : 1));
  const templatePaths: string[] = [];
  const constraintPaths: string[] = [];
  const syncPaths: string[] = [];
  const suites: { suite: PolicySuite; fixturesSource: string; fixtureCount: number }[] = [];
  const docs: Parameters<typeof renderDocs>[0][number][] = [];
  for (const { policy, compiled, fixtures, celOutcomes } of sorted) {
    const name = policy.meta.kind.toLowerCase();
    const templatePath = `templates/${name}.yaml`;
    templatePaths.push(templatePath);
    files.set(templatePath, renderTemplate({ policy, compiled }, options));
    if (policy.meta.syncs?.length) {
      const path = `sync/${name}.yaml`;
      syncPaths.push(path);
      files.set(
        path,
        syncSetFile({
          source: compiled.source,
          name: `gkc-${name}`,
          syncWave: yamlQuote(SYNC_WAVES.syncSet),
          specYaml: yaml({ gvks: policy.meta.syncs.map((g) => ({ group: g.group, version: g.version, kind: g.kind })) }),
        }),
      );
    }
    const constraints = [...policy.constraints].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const declaration of constraints) {
      const path = constraintPath(policy.meta.kind, declaration.name);
      constraintPaths.push(path);
      files.set(
        path,
        constraintFile({
          source: compiled.source,
          kind: policy.meta.kind,
          name: declaration.name,
          syncWave: yamlQuote(SYNC_WAVES.constraint),
          specYaml: yaml(constraintSpec(declaration)),
        }),
      );
    }
    // A re-exported library policy has the library's fixtures and, optionally, the user's own.
    const fixtureFiles = compiled.definition === policy.file ? [policy.file] : [compiled.definition, policy.file].filter((f) => existsSync(fixturesPathFor(f)));
    const fixturesSource = fixtureFiles.map((f) => sourceLabel(fixturesPathFor(f), project)).join(" and ");
    if (compiled.cel && !celOutcomes) throw new Error(`${policy.meta.kind}: its template carries CEL, but the suite has no CEL outcomes of its fixtures`);
    const suite = policySuite({ kind: policy.meta.kind, source: compiled.source, fixturesSource, schema: compiled.schema, fixtures, ...(compiled.cel ? { cel: celOutcomes } : {}) });
    if (suite) suites.push({ suite, fixturesSource, fixtureCount: fixtures.length });
    docs.push({
      kind: policy.meta.kind,
      title: policy.meta.title,
      description: policy.meta.description,
      version: policy.meta.version,
      source: compiled.source,
      podSpec: policy.meta.podSpec ?? false,
      syncs: policy.meta.syncs ?? [],
      schema: compiled.schema,
      constraints,
      fixtures,
      suiteFixtures: new Set(suite ? suite.tests.flatMap((t) => t.cases.map((c) => c.name)) : []),
    });
  }
  files.set("kustomization.yaml", kustomization({ syncSets: syncPaths, templates: templatePaths, constraints: constraintPaths }));
  const suiteFile = template("suite.yaml.hbs");
  for (const { suite, fixturesSource, fixtureCount } of suites) {
    files.set(suite.path, renderSuiteFile(suiteFile, suite, fixturesSource, fixtureCount));
    for (const [path, content] of suite.files) files.set(path, content);
  }
  for (const [path, content] of renderDocs(docs)) files.set(path, content);
  return files;
}

function renderSuiteFile(file: HandlebarsTemplateDelegate, suite: PolicySuite, fixturesSource: string, fixtureCount: number): string {
  return file({
    fixturesSource,
    name: suite.name,
    template: suite.template,
    cel: suite.cel,
    caseCount: suite.tests.reduce((n, t) => n + t.cases.length, 0),
    fixtureCount,
    excludedCount: suite.excluded.length,
    excluded: suite.excluded.map((e) => `${JSON.stringify(e.name)}: ${e.reason}`.replace(/[\r\n]+/g, " ")),
    tests: suite.tests.map((t) => ({
      name: t.name,
      constraint: t.constraint,
      cases: t.cases.map((c) => ({
        name: yamlQuote(c.name),
        object: c.object,
        inventory: c.inventory ?? false,
        assertions: c.assertions.map((a) => ({ violations: String(a.violations), message: a.message === undefined ? false : yamlQuote(a.message) })),
      })),
    })),
  });
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
