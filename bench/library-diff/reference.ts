// The gatekeeper-library's own ConstraintTemplates (../shared/gatekeeper-library/reference), by
// kind, prepared to run on Rego in gator.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "../../compiler/package.js";

/** The gatekeeper-library's own templates beside this checkout (never shipped, never in a test). */
export const LIBRARY_REFERENCE_ROOT = join(PACKAGE_ROOT, "..", "shared", "gatekeeper-library", "reference", "library");

export interface ReferenceTemplate {
  readonly kind: string;
  /** The template.yaml, relative to the library's root. */
  readonly path: string;
  /** The template with its K8sNativeValidation code removed: what gator runs. */
  readonly template: Record<string, unknown>;
  /** Whether the library ships CEL beside the Rego for this kind (removed here). */
  readonly hadCel: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function templateFiles(directory: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) found.push(...templateFiles(path));
    else if (entry.name === "template.yaml") found.push(path);
  }
  return found.sort();
}

/**
 * The template's YAML. sigs.k8s.io/yaml (gator's reader) takes a double-quoted scalar whose next
 * line is not indented under its key (httpsonly's `description: "When set ...`); the `yaml`
 * package refuses it, so such continuation lines are indented, and the text parsed again.
 */
function parseTemplate(text: string): unknown {
  try {
    return parse(text);
  } catch {
    // repaired below
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)[\w.-]+:\s+"((?:[^"\\]|\\.)*)$/.exec(lines[i]!);
    if (!open) continue;
    const indent = `${open[1]}  `;
    for (let j = i + 1; j < lines.length; j++) {
      if (!lines[j]!.startsWith(indent)) lines[j] = indent + lines[j]!.trimStart();
      if (/^(?:[^"\\]|\\.)*"/.test(lines[j]!)) break;
    }
  }
  return parse(lines.join("\n"));
}

/**
 * `gator test` registers the K8sNativeValidation driver ahead of Rego, so a template that carries
 * both would be judged by its CEL. Removing the CEL code leaves the Rego driver as the only one
 * that can take the template: the same as `--enable-k8s-native-validation=false`, without a
 * second way to start gator.
 */
function regoOnly(template: Record<string, unknown>): { template: Record<string, unknown>; hadCel: boolean } {
  const copy = structuredClone(template);
  let hadCel = false;
  const targets = isRecord(copy["spec"]) && Array.isArray(copy["spec"]["targets"]) ? copy["spec"]["targets"] : [];
  for (const target of targets) {
    if (!isRecord(target) || !Array.isArray(target["code"])) continue;
    const kept = target["code"].filter((c) => !(isRecord(c) && c["engine"] === "K8sNativeValidation"));
    hadCel ||= kept.length !== target["code"].length;
    if (kept.length) target["code"] = kept;
    else delete target["code"];
  }
  return { template: copy, hadCel };
}

/** Every reference template under `root` (the library's `library/` folder), by kind; undefined when `root` is absent. */
export function readReferenceTemplates(root: string): Map<string, ReferenceTemplate> | undefined {
  if (!existsSync(root)) return undefined;
  const byKind = new Map<string, ReferenceTemplate>();
  for (const file of templateFiles(root)) {
    const document = parseTemplate(readFileSync(file, "utf8"));
    const kind = isRecord(document) ? (document as { spec?: { crd?: { spec?: { names?: { kind?: unknown } } } } }).spec?.crd?.spec?.names?.kind : undefined;
    if (!isRecord(document) || typeof kind !== "string") continue;
    byKind.set(kind, { kind, path: relative(join(root, ".."), file), ...regoOnly(document) });
  }
  return byKind;
}
