// Reads gator test suites (`kind: Suite`, test.gatekeeper.sh) and the object files they name, as
// gator v3.23.0 does (pkg/gator/verify/suite.go, read_suites.go, runner.go).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

export const SUITE_GROUP = "test.gatekeeper.sh";

/** An assertion about the results of one review (pkg/gator/verify/assertion.go). */
export interface GatorAssertion {
  /** A non-negative integer, "yes" or "no"; "yes" when absent. Anything else is invalid. */
  readonly violations?: unknown;
  /** A Go regular expression over each result's message; absent: every result matches. */
  readonly message?: unknown;
}

export interface GatorCase {
  readonly name: string;
  readonly object?: string;
  readonly inventory: readonly string[];
  readonly assertions: readonly GatorAssertion[];
  readonly skip: boolean;
}

export interface GatorTest {
  readonly name: string;
  readonly template?: string;
  readonly constraint?: string;
  readonly expansion?: string;
  readonly invalid: boolean;
  readonly skip: boolean;
  readonly cases: readonly GatorCase[];
}

export interface GatorSuite {
  /** Absolute path of the suite file; object paths are relative to its directory. */
  readonly path: string;
  readonly name: string;
  readonly skip: boolean;
  readonly tests: readonly GatorTest[];
}

export class SuiteError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Every YAML file under `directory` that declares a test.gatekeeper.sh Suite (as `gator verify DIR/...`
 * finds them: the library names them suite.yaml), sorted; hidden and node_modules directories are
 * not searched.
 */
export function findSuiteFiles(directory: string): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      if (entry.startsWith(".") || entry === "node_modules") continue;
      const path = join(dir, entry);
      const stat = statSync(path);
      if (stat.isDirectory()) visit(path);
      else if (/\.ya?ml$/.test(entry) && mentionsSuite(path)) found.push(path);
    }
  };
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new SuiteError(`${directory} is not a directory`);
  visit(directory);
  return found;
}

/** A cheap test before parsing: a Suite names its group and kind. */
function mentionsSuite(path: string): boolean {
  const source = readFileSync(path, "utf8");
  return source.includes(SUITE_GROUP) && /\bkind["']?\s*:\s*["']?Suite\b/.test(source);
}

/** The suite in `path`, or undefined when the file is not a test.gatekeeper.sh Suite (gator ignores those). */
export function readSuite(path: string): GatorSuite | undefined {
  let document: unknown;
  try {
    // gator reads the first document of the file.
    const first = parseAllDocuments(readFileSync(path, "utf8"))[0];
    if (first?.errors.length) throw first.errors[0]!;
    document = first?.toJS();
  } catch (error) {
    throw new SuiteError(`${path}: malformed YAML: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
  if (!isRecord(document)) return undefined;
  const apiVersion = typeof document["apiVersion"] === "string" ? document["apiVersion"] : "";
  if (document["kind"] !== "Suite" || apiVersion.split("/")[0] !== SUITE_GROUP) return undefined;
  const metadata = isRecord(document["metadata"]) ? document["metadata"] : {};
  const tests = Array.isArray(document["tests"]) ? document["tests"] : [];
  return {
    path,
    name: text(metadata["name"]) ?? "",
    skip: document["skip"] === true,
    tests: tests.filter(isRecord).map((t) => ({
      name: text(t["name"]) ?? "",
      ...(text(t["template"]) ? { template: text(t["template"])! } : {}),
      ...(text(t["constraint"]) ? { constraint: text(t["constraint"])! } : {}),
      ...(text(t["expansion"]) ? { expansion: text(t["expansion"])! } : {}),
      invalid: t["invalid"] === true,
      skip: t["skip"] === true,
      cases: (Array.isArray(t["cases"]) ? t["cases"] : []).filter(isRecord).map((c) => ({
        name: text(c["name"]) ?? "",
        ...(text(c["object"]) ? { object: text(c["object"])! } : {}),
        inventory: (Array.isArray(c["inventory"]) ? c["inventory"] : []).filter((p): p is string => typeof p === "string"),
        assertions: (Array.isArray(c["assertions"]) ? c["assertions"] : []).map((a) => (isRecord(a) ? { ...("violations" in a ? { violations: a["violations"] } : {}), ...("message" in a ? { message: a["message"] } : {}) } : {})),
        skip: c["skip"] === true,
      })),
    })),
  };
}

/** The objects of a (multi-document) YAML file; empty documents are dropped, as gator does. */
export function readObjects(path: string): unknown[] {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new SuiteError(`reading ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const objects: unknown[] = [];
  for (const document of parseAllDocuments(source)) {
    if (document.errors.length) throw new SuiteError(`${path}: malformed YAML: ${document.errors[0]!.message.split("\n")[0]}`);
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) throw new SuiteError(`${path}: a document is not a mapping`);
    if (typeof value["kind"] !== "string" || !value["kind"]) throw new SuiteError(`${path}: Object 'Kind' is missing`);
    objects.push(value);
  }
  if (!objects.length) throw new SuiteError(`${path} defines no YAML objects`);
  return objects;
}
