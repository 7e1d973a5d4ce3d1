// Test support: a ConstraintTemplate's engines, each on its own (the Rego or the CEL stripped), and
// the predicate instrumented to say which `yield` produced each message (verify/cel.ts), which is
// what the CEL's messages follow from.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import type { BuiltPolicy } from "../../compiler/build.js";
import { renderTemplate } from "../../compiler/bundle.js";
import { celOnlyTemplate } from "../../verify/cel.js";

/** The ConstraintTemplate gkc renders for one compiled policy, its CEL only (verify/cel.ts celOnlyTemplate). */
export function celOnlyTemplateOf(built: Pick<BuiltPolicy, "policy" | "compiled">): Record<string, unknown> {
  return celOnlyTemplate(parse(renderTemplate(built)) as Record<string, unknown>);
}

/** Gatekeeper's engine names in a template's `code` entries. */
export const CEL_ENGINE = "K8sNativeValidation";
export const REGO_ENGINE = "Rego";

interface TemplateCode {
  readonly spec?: { readonly targets?: readonly { readonly code?: readonly { readonly engine?: unknown }[] }[] };
}

/** The engines a (parsed) ConstraintTemplate carries code for, in order. */
export function templateEngines(template: unknown): string[] {
  const targets = (template as TemplateCode).spec?.targets ?? [];
  return targets.flatMap((t) => (t.code ?? []).map((c) => String(c.engine)));
}

/**
 * The template with its K8sNativeValidation code removed: the Rego (the target's `rego`) on its
 * own. A template without CEL comes back unchanged.
 */
export function regoOnlyTemplate(template: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(template) as { spec: { targets: { rego?: unknown; code?: { engine: string }[] }[] } };
  for (const target of copy.spec.targets) {
    if (!target.code) continue;
    target.code = target.code.filter((c) => c.engine !== CEL_ENGINE);
    if (!target.code.length) delete target.code;
  }
  if (!copy.spec.targets.some((t) => typeof t.rego === "string" || t.code?.some((c) => c.engine === REGO_ENGINE))) throw new Error("the template has no Rego");
  return copy as unknown as Record<string, unknown>;
}

/**
 * Writes `files` (paths relative to `root`) under `root`. A parsed document is written as JSON,
 * which gator's YAML 1.1 reader reads as a YAML 1.2 writer could not promise (test/support/gator.ts).
 */
export function writeTree(root: string, files: Iterable<readonly [string, string | object]>): void {
  for (const [path, content] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

/**
 * The verdict of every case in `gator verify -v` output, in order, keyed `<suite path>/<test>/<case>`
 * with the suite's path as gator prints it (pkg/gator/verify/printer_go.go: a suite's tests and
 * cases, then `ok\t<path>` or `FAIL\t<path>`). Test and case names alone can repeat across suites,
 * and a key can repeat within one (the library has a test with two cases of one name): each
 * occurrence is an entry.
 */
export function verdictsBySuite(output: string): [string, boolean][] {
  const verdicts: [string, boolean][] = [];
  let pending: [string, boolean][] = [];
  let test = "";
  for (const line of output.split("\n")) {
    const run = /^=== RUN {3}(.*)$/.exec(line);
    if (run) test = run[1]!;
    const result = /^ {4}--- (PASS|FAIL): (.*)\t\(/.exec(line);
    if (result) pending.push([`${test}/${result[2]}`, result[1] === "PASS"]);
    const suite = /^(?:ok|FAIL)\t(.*)\t[^\t]*$/.exec(line);
    if (suite) {
      for (const [key, passed] of pending) verdicts.push([`${suite[1]}/${key}`, passed]);
      pending = [];
    }
  }
  return verdicts;
}

/**
 * Whether `message` is distinct `parts` in code-point order joined by `separator`: what a CEL
 * validation gives for a yield that produced those messages (README, CEL, rule 25). A part may
 * itself contain the separator, so every split is tried.
 */
export function isJoinOf(message: string, parts: readonly string[], separator: string, compare: (a: string, b: string) => number): boolean {
  const sorted = [...new Set(parts)].sort(compare);
  const from = (position: number, after: number): boolean =>
    sorted.some((part, index) => {
      if (index <= after || !message.startsWith(part, position)) return false;
      const end = position + part.length;
      return end === message.length || (message.startsWith(separator, end) && from(end + separator.length, index));
    });
  return from(0, -1);
}

interface TemplateRegoSources {
  readonly spec?: { readonly targets?: readonly { readonly rego?: unknown; readonly libs?: unknown; readonly code?: readonly { readonly engine?: unknown; readonly source?: { readonly rego?: unknown; readonly libs?: unknown } }[] }[] };
}

/** Every Rego text a (parsed) ConstraintTemplate carries: each target's `rego` and `libs`, in `code` or not. */
function regoTexts(template: unknown): string[] {
  const texts: string[] = [];
  const add = (rego: unknown, libs: unknown): void => {
    if (typeof rego === "string") texts.push(rego);
    if (Array.isArray(libs)) texts.push(...libs.filter((l): l is string => typeof l === "string"));
  };
  for (const target of (template as TemplateRegoSources).spec?.targets ?? []) {
    add(target.rego, target.libs);
    for (const code of target.code ?? []) if (code.engine === REGO_ENGINE) add(code.source?.rego, code.source?.libs);
  }
  return texts;
}

/**
 * A reference to the root document `data`: not a field (`.data`), not part of a longer name, and
 * not `data.lib`, where Gatekeeper puts a template's libs (code, not documents gator loads).
 */
const ROOT_DATA = /(?<![\w.])data(?!\w)(?!\.lib\b)/;

/**
 * Whether a template's Rego may read `data` (data.inventory or any other document under it). Only
 * then can its verdicts depend on which documents gator loads beside an object (gator test puts
 * every document of a run in data.inventory), so only such a template needs a run per tuple. An
 * over-approximation: `data` in a comment or a string counts too.
 */
export function regoReadsData(template: unknown): boolean {
  const texts = regoTexts(template);
  if (texts.length === 0) throw new Error("the template carries no Rego");
  return texts.some((text) => ROOT_DATA.test(text));
}
