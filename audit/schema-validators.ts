// Validators of Constraint parameters against templates' openAPIV3Schemas, compiled by ajv and
// cached per user as ajv's standalone code, keyed by the schema and ajv's version. An audit of an
// unchanged bundle then neither loads ajv nor compiles a schema (together most of a small run's
// constraint handling). The cache only saves work: an entry that is missing or does not load
// is compiled again, and a cache that cannot be written is skipped.
import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { cacheEntry, readCacheEntry, writeCacheEntry } from "./user-cache.js";

export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

// ajv is CommonJS; required only on a cache miss. Its standalone code requires ajv's runtime
// helpers by package path, resolved here too.
const require = createRequire(import.meta.url);
const OPTIONS = { allErrors: true, strict: false, useDefaults: true } as const;
let ajv: Ajv | undefined;
let format: string | undefined;

function cacheFormat(): string {
  format ??= `gkc-ajv-standalone-1 ajv-${(require("ajv/package.json") as { version: string }).version} ${JSON.stringify(OPTIONS)}`;
  return format;
}

function load(code: string): SchemaValidator {
  const module: { exports: Record<string, unknown> } = { exports: {} };
  new Function("require", "module", "exports", code)(require, module, module.exports);
  const validate = module.exports["default"] ?? module.exports;
  if (typeof validate !== "function") throw new Error("not a validator module");
  return validate as SchemaValidator;
}

/** A validator of `schema`; throws when ajv refuses the schema. */
export function schemaValidator(schema: Record<string, unknown>): SchemaValidator {
  const path = cacheEntry("validators", cacheFormat(), JSON.stringify(schema), ".cjs");
  const cached = readCacheEntry(path);
  if (cached !== undefined) {
    try {
      return load(cached);
    } catch {
      // Unusable: compile again.
    }
  }
  if (!ajv) {
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    ajv = new AjvClass({ ...OPTIONS, code: { source: true } });
  }
  const validate = ajv.compile(schema);
  let code: string | undefined;
  try {
    const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone/index.js");
    code = standaloneCode(ajv, validate);
  } catch {
    // A schema ajv cannot emit as standalone code is compiled on every run.
  }
  if (code !== undefined) writeCacheEntry(path, code);
  return validate;
}
