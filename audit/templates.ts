// The compiled ConstraintTemplates `gkc audit` evaluates: out/templates/*.yaml, each with the Rego
// it ships and the openAPIV3Schema of its parameters. Each template's wasm is built once per run.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { RegoEngine, readTemplateRego, type TemplateRego } from "../verify/engines.js";
import type { AuditError } from "./types.js";

export interface TemplateInfo {
  readonly kind: string;
  /** The file, relative to the working directory when under it. */
  readonly path: string;
  readonly rego: TemplateRego;
  /** spec.crd.spec.validation.openAPIV3Schema, when the template declares one. */
  readonly schema: Record<string, unknown> | undefined;
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") ? rel : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads every template in `<outDir>/templates`, by constraint kind. */
export function readTemplates(outDir: string): { readonly templates: Map<string, TemplateInfo>; readonly errors: AuditError[] } {
  const templates = new Map<string, TemplateInfo>();
  const errors: AuditError[] = [];
  const directory = join(outDir, "templates");
  if (!existsSync(directory)) {
    errors.push({ kind: "template", message: `${displayPath(directory)} does not exist: run \`npx gkc build\` first` });
    return { templates, errors };
  }
  for (const file of readdirSync(directory).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort()) {
    const path = join(directory, file);
    try {
      const document: unknown = parse(readFileSync(path, "utf8"));
      const rego = readTemplateRego(path);
      const spec = isRecord(document) && isRecord(document["spec"]) ? document["spec"] : {};
      const crd = isRecord(spec["crd"]) && isRecord(spec["crd"]["spec"]) ? spec["crd"]["spec"] : {};
      const validation = isRecord(crd["validation"]) ? crd["validation"] : {};
      const schema = isRecord(validation["openAPIV3Schema"]) ? validation["openAPIV3Schema"] : undefined;
      const clash = templates.get(rego.kind);
      if (clash) {
        errors.push({ kind: "template", message: `${displayPath(path)} and ${clash.path} both define kind ${rego.kind}` });
        continue;
      }
      templates.set(rego.kind, { kind: rego.kind, path: displayPath(path), rego, schema });
    } catch (error) {
      errors.push({ kind: "template", message: `${displayPath(path)}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { templates, errors };
}

/** Compiles the given templates to wasm, concurrently, once each. */
export async function loadEngines(templates: Iterable<TemplateInfo>): Promise<{ readonly engines: Map<string, RegoEngine>; readonly errors: AuditError[] }> {
  const engines = new Map<string, RegoEngine>();
  const errors: AuditError[] = [];
  await Promise.all(
    [...templates].map(async (template) => {
      try {
        engines.set(template.kind, await RegoEngine.fromTemplate(template.rego));
      } catch (error) {
        errors.push({ kind: "template", message: `${template.path}: ${error instanceof Error ? error.message : String(error)}` });
      }
    }),
  );
  errors.sort((a, b) => a.message.localeCompare(b.message));
  return { engines, errors };
}
