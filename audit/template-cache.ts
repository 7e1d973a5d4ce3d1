// What `gkc audit` reads from each ConstraintTemplate (kind, Rego, parameter schema), cached per
// user by the file's content hash. Parsing YAML costs about 3 ms per template, and an audit must
// know the kind of every template in out/ even when it enforces a few: with the cache, a CI run
// on an unchanged bundle reads JSON instead. The cache only ever saves work: an entry that is
// missing, unreadable or malformed is derived again, and a cache that cannot be written is skipped.
import type { TemplateRego } from "../verify/engines.js";
import { cacheEntry, readCacheEntry, writeCacheEntry } from "./user-cache.js";

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
  const path = cacheEntry("templates", FORMAT, text, ".json");
  const cached = readCacheEntry(path);
  if (cached !== undefined) {
    try {
      const facts: unknown = JSON.parse(cached);
      if (isFacts(facts)) return facts;
    } catch {
      // Malformed: derive it again.
    }
  }
  const facts = derive();
  writeCacheEntry(path, JSON.stringify(facts));
  return facts;
}
