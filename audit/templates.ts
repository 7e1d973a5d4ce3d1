// The compiled ConstraintTemplates `gkc audit` evaluates: out/templates/*.yaml, each with the Rego
// it ships and the openAPIV3Schema of its parameters. The templates an audit needs are compiled
// into one wasm module per run (cached per user).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { RegoBundle } from "../verify/bundle.js";
import { RegoEngine, templateRegoOf, type TemplateRego } from "../verify/engines.js";
import { cachedTemplateFacts } from "./template-cache.js";
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
      const text = readFileSync(path, "utf8");
      const { rego, schema } = cachedTemplateFacts(text, () => {
        const document: unknown = parse(text);
        const spec = isRecord(document) && isRecord(document["spec"]) ? document["spec"] : {};
        const crd = isRecord(spec["crd"]) && isRecord(spec["crd"]["spec"]) ? spec["crd"]["spec"] : {};
        const validation = isRecord(crd["validation"]) ? crd["validation"] : {};
        const schema = isRecord(validation["openAPIV3Schema"]) ? validation["openAPIV3Schema"] : undefined;
        return { rego: templateRegoOf(document), schema };
      });
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

/**
 * Compiles the given templates into one wasm module. When that fails, each template is compiled
 * on its own to say which one is broken, and the others are bundled without it.
 */
export async function loadBundle(templates: Iterable<TemplateInfo>): Promise<{ readonly bundle: RegoBundle | undefined; readonly errors: AuditError[] }> {
  const list = [...templates].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  if (!list.length) return { bundle: undefined, errors: [] };
  try {
    return { bundle: await RegoBundle.compile(list.map((t) => t.rego)), errors: [] };
  } catch (bundleError) {
    const errors: AuditError[] = [];
    const good: TemplateInfo[] = [];
    await Promise.all(
      list.map(async (template) => {
        try {
          await RegoEngine.fromTemplate(template.rego);
          good.push(template);
        } catch (error) {
          errors.push({ kind: "template", message: `${template.path}: ${message(error)}` });
        }
      }),
    );
    errors.sort((a, b) => a.message.localeCompare(b.message));
    if (!errors.length || !good.length) {
      // Each compiles alone but not together (two templates sharing a Rego package, say).
      if (!errors.length) errors.push({ kind: "template", message: `the templates ${list.map((t) => t.path).join(", ")} cannot be compiled together: ${message(bundleError)}` });
      return { bundle: undefined, errors };
    }
    good.sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
    try {
      return { bundle: await RegoBundle.compile(good.map((t) => t.rego)), errors };
    } catch (error) {
      return { bundle: undefined, errors: [...errors, { kind: "template", message: `the templates ${good.map((t) => t.path).join(", ")} cannot be compiled together: ${message(error)}` }] };
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
