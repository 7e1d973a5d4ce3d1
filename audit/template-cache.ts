// What `gkc audit` reads from each ConstraintTemplate (kind, Rego, parameter schema), cached per
// user by the file's content hash. Parsing YAML costs about 3 ms per template, and an audit must
// know the kind of every template in out/ even when it enforces a few: with the cache, a CI run
// on an unchanged bundle reads JSON instead. The cache only ever saves work: an entry that is
// missing, unreadable or malformed is derived again, and a cache that cannot be written is skipped.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot } from "../verify/tools.js";
import type { TemplateRego } from "../verify/engines.js";

/** Bumped whenever what is derived from a template changes, so older entries are not used. */
const FORMAT = "gkc-template-facts-2";

export interface TemplateFacts {
  readonly rego: TemplateRego;
  readonly schema: Record<string, unknown> | undefined;
}

function isFacts(value: unknown): value is TemplateFacts {
  if (typeof value !== "object" || value === null) return false;
  const { rego, schema } = value as { rego?: Partial<TemplateRego>; schema?: unknown };
  return (
    typeof rego?.kind === "string" &&
    typeof rego.packageName === "string" &&
    typeof rego.rego === "string" &&
    (schema === undefined || (typeof schema === "object" && schema !== null && !Array.isArray(schema)))
  );
}

/** The facts of a template's text: from the cache, or from `derive` (whose errors propagate, uncached). */
export function cachedTemplateFacts(text: string, derive: () => TemplateFacts): TemplateFacts {
  const key = createHash("sha256").update(FORMAT).update("\0").update(text).digest("hex");
  const directory = join(cacheRoot(), "templates");
  const path = join(directory, `${key}.json`);
  try {
    const cached: unknown = JSON.parse(readFileSync(path, "utf8"));
    if (isFacts(cached)) return cached;
  } catch {
    // Not cached yet (or unreadable): derive it.
  }
  const facts = derive();
  try {
    mkdirSync(directory, { recursive: true });
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(partial, JSON.stringify(facts));
    renameSync(partial, path);
  } catch {
    // A read-only or full cache directory only costs the next run a parse.
  }
  return facts;
}
