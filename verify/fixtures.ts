// Fixtures are data beside each policy: `policies/<name>.fixtures.yaml`, a list of cases with
// the object, the parameters and the exact set of expected messages.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import type { RequestSpec } from "./review.js";

export interface Fixture {
  readonly name: string;
  readonly object: unknown;
  readonly parameters: unknown;
  readonly violations: readonly string[];
  readonly operation: string;
  /** The admission request: operation, and `oldObject`, `userInfo`, `dryRun` when the fixture sets them. */
  readonly request: RequestSpec;
  /** Objects Gatekeeper would have synced into data.inventory. */
  readonly inventory: readonly unknown[];
}

export class FixtureError extends Error {}

export function fixturesPathFor(policyFile: string): string {
  return policyFile.replace(/\.ts$/, ".fixtures.yaml");
}

export function loadFixtures(policyFile: string): Fixture[] {
  const path = fixturesPathFor(policyFile);
  if (!existsSync(path)) return [];
  let document: unknown;
  try {
    document = parse(readFileSync(path, "utf8"), { prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new FixtureError(`${path}: malformed YAML: ${message}`);
  }
  if (!Array.isArray(document)) throw new FixtureError(`${path}: expected a YAML list of fixtures`);
  const names = new Set<string>();
  return document.map((entry: unknown, index) => {
    const where = `${path}: fixture #${index + 1}`;
    if (typeof entry !== "object" || entry === null) throw new FixtureError(`${where} is not a mapping`);
    const record = entry as Record<string, unknown>;
    const name = record["name"];
    if (typeof name !== "string" || !name) throw new FixtureError(`${where} has no 'name'`);
    if (names.has(name)) throw new FixtureError(`${path}: duplicate fixture name '${name}'`);
    names.add(name);
    const violations = record["violations"];
    if (!Array.isArray(violations) || !violations.every((v) => typeof v === "string")) {
      throw new FixtureError(`${path}: fixture '${name}': 'violations' must be a list of strings`);
    }
    if (!("object" in record)) throw new FixtureError(`${path}: fixture '${name}' has no 'object'`);
    const operation = record["operation"] ?? "CREATE";
    if (typeof operation !== "string") throw new FixtureError(`${path}: fixture '${name}': 'operation' must be a string`);
    const inventory = record["inventory"] ?? [];
    if (!Array.isArray(inventory)) throw new FixtureError(`${path}: fixture '${name}': 'inventory' must be a list of objects`);
    const dryRun = record["dryRun"];
    if (dryRun !== undefined && typeof dryRun !== "boolean") throw new FixtureError(`${path}: fixture '${name}': 'dryRun' must be true or false`);
    const request: RequestSpec = {
      operation,
      ...("oldObject" in record ? { oldObject: record["oldObject"] } : {}),
      ...("userInfo" in record ? { userInfo: record["userInfo"] } : {}),
      ...(dryRun !== undefined ? { dryRun } : {}),
    };
    return { name, object: record["object"], parameters: record["parameters"] ?? {}, violations, operation, request, inventory };
  });
}

/**
 * The fixtures of a policy whose predicate is defined in another file (a library policy that a
 * user's file re-exports): the defining file's fixtures, then those beside the policy file.
 */
export function loadPolicyFixtures(policyFile: string, definition: string = policyFile): Fixture[] {
  if (definition === policyFile) return loadFixtures(policyFile);
  const inherited = loadFixtures(definition);
  const own = loadFixtures(policyFile);
  const names = new Set(inherited.map((f) => f.name));
  const clash = own.find((f) => names.has(f.name));
  if (clash) throw new FixtureError(`${fixturesPathFor(policyFile)}: fixture name '${clash.name}' is already used by ${fixturesPathFor(definition)}`);
  return [...inherited, ...own];
}
