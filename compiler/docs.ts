// Markdown reference of the bundle: out/docs/<name>.md per ConstraintTemplate (description,
// parameters table from the schema, examples from the fixtures, the constraints using it) and
// out/docs/README.md, an index. Rendered through templates/docs-*.md.hbs; pure and deterministic.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { PACKAGE_ROOT } from "./package.js";
import { stringify } from "yaml";
import type { Fixture } from "../verify/fixtures.js";
import type { ConstraintDeclaration } from "./policies.js";
import type { JsonSchema } from "./schema.js";
import type { GroupVersionKind, Match } from "../sdk/authoring.js";
import { POD_CONTROLLER_KINDS } from "../sdk/podspec.js";

/** How many allowed and how many denied fixtures a page shows. */
export const EXAMPLES_PER_VERDICT = 2;

export interface DocsPolicy {
  readonly kind: string;
  readonly title: string;
  readonly description: string;
  readonly version: string;
  /** The policy file relative to the project root. */
  readonly source: string;
  readonly podSpec: boolean;
  readonly syncs: readonly GroupVersionKind[];
  /** The Constraint parameters schema (without the top-level `type: object`). */
  readonly schema: JsonSchema;
  readonly constraints: readonly ConstraintDeclaration[];
  readonly fixtures: readonly Fixture[];
  /** Names of the fixtures that are cases of the gator suite (out/suite/). */
  readonly suiteFixtures: ReadonlySet<string>;
}

export interface ParameterRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

/** One row per parameter, nested fields as dotted paths (`labels[].key`, `limits.<key>`), in declaration order. */
export function parameterRows(schema: JsonSchema): ParameterRow[] {
  const rows: ParameterRow[] = [];
  const visit = (object: JsonSchema, prefix: string): void => {
    for (const [key, property] of Object.entries(object.properties ?? {})) {
      const path = prefix ? `${prefix}.${key}` : key;
      rows.push({ path, type: typeLabel(property), required: object.required?.includes(key) ?? false, description: property.description ?? "" });
      descend(property, path);
    }
    if (object.additionalProperties) {
      const path = prefix ? `${prefix}.<key>` : "<key>";
      rows.push({ path, type: typeLabel(object.additionalProperties), required: false, description: object.additionalProperties.description ?? "" });
      descend(object.additionalProperties, path);
    }
  };
  const descend = (schema: JsonSchema, path: string): void => {
    let inner = schema;
    let innerPath = path;
    while (inner.type === "array" && inner.items) {
      inner = inner.items;
      innerPath = `${innerPath}[]`;
    }
    if (inner.type === "object") visit(inner, innerPath);
  };
  visit(schema, "");
  return rows;
}

function typeLabel(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.type === "array") return schema.items ? `array of ${typeLabel(schema.items)}` : "array";
  if (schema.type === "object" && schema.additionalProperties && !schema.properties) return `map of ${typeLabel(schema.additionalProperties)}`;
  return schema.type ?? "any";
}

/** A Markdown table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|").trim();
}

/** A fenced code block whose fence no line of `text` can close. */
function fence(language: string, text: string): string {
  let ticks = "```";
  while (text.includes(ticks)) ticks += "`";
  return `${ticks}${language}\n${text.replace(/\n$/, "")}\n${ticks}`;
}

function yaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });
}

function matchSummary(match: Match): string {
  const parts: string[] = [];
  if (match.kinds?.length) parts.push(`kinds ${match.kinds.flatMap((k) => k.kinds).join(", ")}`);
  if (match.scope) parts.push(`scope ${match.scope}`);
  if (match.namespaces?.length) parts.push(`namespaces ${match.namespaces.join(", ")}`);
  if (match.excludedNamespaces?.length) parts.push(`except namespaces ${match.excludedNamespaces.join(", ")}`);
  if (match.labelSelector) parts.push(`label selector \`${JSON.stringify(match.labelSelector)}\``);
  if (match.namespaceSelector) parts.push(`namespace selector \`${JSON.stringify(match.namespaceSelector)}\``);
  if (match.name) parts.push(`name ${match.name}`);
  return parts.length ? parts.join("; ") : "every object";
}

function enforcementSummary(declaration: ConstraintDeclaration): string {
  if (declaration.enforcementAction !== "scoped") return `\`${declaration.enforcementAction}\``;
  const scoped = Array.isArray(declaration.scopedEnforcementActions) ? (declaration.scopedEnforcementActions as { action?: unknown; enforcementPoints?: { name?: unknown }[] }[]) : [];
  const parts = scoped.map((s) => `\`${String(s.action)}\` at ${(s.enforcementPoints ?? []).map((p) => String(p.name)).join(", ") || "no enforcement point"}`);
  return `\`scoped\`: ${parts.join("; ")}`;
}

interface Example {
  readonly name: string;
  readonly parameters: string;
  readonly object: string;
  readonly messages: string | undefined;
}

/**
 * The first fixtures of each verdict that gator also runs (out/suite/) and whose object is a plain
 * named Kubernetes object without inventory (not a robustness case).
 */
function examples(fixtures: readonly Fixture[], inSuite: ReadonlySet<string>, denied: boolean): Example[] {
  return fixtures
    .filter((f) => f.violations.length > 0 === denied && inSuite.has(f.name) && f.inventory.length === 0 && typeof (f.object as { metadata?: { name?: unknown } }).metadata?.name === "string")
    .slice(0, EXAMPLES_PER_VERDICT)
    .map((f) => ({
      name: cell(f.name),
      parameters: fence("yaml", yaml(f.parameters)),
      object: fence("yaml", yaml(f.object)),
      messages: denied ? fence("text", [...new Set(f.violations)].sort().join("\n")) : undefined,
    }));
}

const hbs = Handlebars.create();

/** A handlebars template shipped with gkc (templates/), whatever project is being built. */
function template(name: string): HandlebarsTemplateDelegate {
  return hbs.compile(readFileSync(join(PACKAGE_ROOT, "templates", name), "utf8"), { noEscape: true, strict: true });
}

export function docsName(kind: string): string {
  return `${kind.toLowerCase()}.md`;
}

/** docs/<name>.md per policy and docs/README.md, keyed by path relative to out/. */
export function renderDocs(policies: readonly DocsPolicy[]): Map<string, string> {
  const page = template("docs-template.md.hbs");
  const index = template("docs-index.md.hbs");
  const files = new Map<string, string>();
  const sorted = [...policies].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  for (const policy of sorted) {
    const name = policy.kind.toLowerCase();
    const constraints = [...policy.constraints].sort((a, b) => (a.name < b.name ? -1 : 1));
    const allowed = examples(policy.fixtures, policy.suiteFixtures, false);
    const denied = examples(policy.fixtures, policy.suiteFixtures, true);
    files.set(
      `docs/${docsName(policy.kind)}`,
      page({
        ...policy,
        name,
        suiteCases: policy.suiteFixtures.size,
        description: policy.description.trim(),
        syncs: policy.syncs.map((g) => `${g.kind} (${g.group ? `${g.group}/` : ""}${g.version})`).join(", "),
        podKinds: POD_CONTROLLER_KINDS.map((k) => k.kind).join(", "),
        nestedParameters: parameterRows(policy.schema).some((row) => row.path.includes(".")),
        parameters: parameterRows(policy.schema).map((row) => ({
          path: cell(row.path),
          type: cell(row.type),
          required: row.required ? "yes" : "no",
          description: cell(row.description),
        })),
        constraints: constraints.map((c) => ({ name: c.name, enforcement: enforcementSummary(c), match: cell(matchSummary(c.match)), file: `../constraints/${name}-${c.name}.yaml` })),
        allowed,
        denied,
        exampleCount: allowed.length + denied.length,
        fixtureCount: policy.fixtures.length,
        fixturesSource: policy.source.replace(/\.ts$/, ".fixtures.yaml"),
      }),
    );
  }
  files.set(
    "docs/README.md",
    index({
      templates: sorted.map((p) => ({
        kind: p.kind,
        title: cell(p.title),
        page: docsName(p.kind),
        summary: cell(firstSentence(p.description)),
        constraints: [...p.constraints]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((c) => `${c.name} (${c.enforcementAction})`)
          .join(", ") || "none",
      })),
      constraintCount: sorted.reduce((n, p) => n + p.constraints.length, 0),
    }),
  );
  return files;
}

function firstSentence(text: string): string {
  const match = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim());
  return match ? match[0] : text.trim();
}
