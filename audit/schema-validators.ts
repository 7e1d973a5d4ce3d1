// Validators of Constraint parameters against templates' openAPIV3Schemas, compiled by ajv and
// cached per user as ajv's standalone code, keyed by the schema and ajv's version. An audit of an
// unchanged bundle then neither loads ajv nor compiles a schema (together most of a small run's
// constraint handling). The cache only saves work: an entry that is missing or does not load
// is compiled again, and a cache that cannot be written is skipped.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { Ajv, ErrorObject } from "ajv";
import { cacheRoot } from "../verify/tools.js";

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
  const key = createHash("sha256").update(cacheFormat()).update("\0").update(JSON.stringify(schema)).digest("hex");
  const directory = join(cacheRoot(), "validators");
  const path = join(directory, `${key}.cjs`);
  try {
    return load(readFileSync(path, "utf8"));
  } catch {
    // Not cached yet, or unusable: compile.
  }
  if (!ajv) {
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    ajv = new AjvClass({ ...OPTIONS, code: { source: true } });
  }
  const validate = ajv.compile(schema);
  try {
    const { default: standaloneCode } = require("ajv/dist/standalone") as typeof import("ajv/dist/standalone/index.js");
    const code = standaloneCode(ajv, validate);
    mkdirSync(directory, { recursive: true });
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, path);
  } catch {
    // Unwritable cache: the next run compiles again.
  }
  return validate;
}
