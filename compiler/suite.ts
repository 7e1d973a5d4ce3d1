// A gator test suite (`gator verify`) generated from a policy's fixtures: out/suite/<name>.yaml
// (the Suite) and out/suite/<name>/ (one Constraint per distinct fixture parameters, one object
// file per fixture, one inventory file per fixture that has an inventory). The suite tests the
// shipped ConstraintTemplate, out/templates/<name>.yaml, with Gatekeeper's own evaluator.
//
// Each case asserts the exact set of messages the fixture expects: the number of violations
// (`violations: N`, or `no`) and, per expected message, exactly one violation whose message is
// that string (an anchored, escaped Go regular expression). A template that carries CEL is judged
// by its CEL in gator and in Gatekeeper, so its cases assert the CEL's messages: one per yield
// that yields, that yield's messages joined (README, CEL, rule 25; verify/cel-expectations.ts).
//
// Fixtures gator cannot take as they are stay out, counted in a comment: gator reviews a DELETE
// as its oldObject (so DELETE fixtures stay out; other requests are written as AdmissionReviews),
// needs a Kubernetes object (a mapping
// with a string apiVersion and kind), checks the Constraint's parameters against the template's
// schema, and keys inventory objects by apiVersion, kind, namespace and name.
//
// Every file is written as JSON-compatible YAML: gator reads YAML with go-yaml, the fixtures were
// read with a YAML 1.2 library, and double-quoted scalars mean the same to both. Non-ASCII
// characters are escaped so no parser's idea of printable or line-breaking characters matters.
import { createHash } from "node:crypto";
import { Ajv, type ValidateFunction } from "ajv";
import { CEL_RAISED_ERROR, type CelFixtureOutcome } from "../verify/cel-expectations.js";
import type { Fixture } from "../verify/fixtures.js";
import { admissionReview } from "../verify/review.js";

/** What gator reviews for a fixture: its object, or the AdmissionReview of its request. */
export function reviewedDocument(fixture: Fixture): unknown {
  return plainCreate(fixture) ? fixture.object : { apiVersion: "admission.k8s.io/v1", kind: "AdmissionReview", request: admissionReview(fixture.object, fixture.request) };
}

/** A fixture gator can take as a plain object: a CREATE with the default user and no old object. */
export function plainCreate(fixture: Fixture): boolean {
  const { operation, oldObject, userInfo, dryRun } = fixture.request;
  return (operation ?? "CREATE") === "CREATE" && oldObject === undefined && userInfo === undefined && dryRun === undefined;
}
import type { JsonSchema } from "./schema.js";

const CONSTRAINT_API_VERSION = "constraints.gatekeeper.sh/v1beta1";

export interface SuitePolicy {
  /** The template kind, e.g. K8sRequiredLabels. */
  readonly kind: string;
  /** The policy file relative to the project root, e.g. policies/required-labels.ts. */
  readonly source: string;
  /** The fixtures file relative to the project root. */
  readonly fixturesSource: string;
  /** The Constraint parameters schema (the template's openAPIV3Schema). */
  readonly schema: JsonSchema;
  readonly fixtures: readonly Fixture[];
  /** When the template carries CEL: what the CEL gives on each fixture, by fixture name. */
  readonly cel?: ReadonlyMap<string, CelFixtureOutcome>;
}

export interface SuiteAssertion {
  readonly violations: number | "no" | "yes";
  /** A Go (RE2) regular expression matching exactly one expected message. */
  readonly message?: string;
}

export interface SuiteCase {
  readonly name: string;
  /** Paths relative to the suite file. */
  readonly object: string;
  readonly inventory?: string;
  readonly assertions: readonly SuiteAssertion[];
}

export interface SuiteTest {
  readonly name: string;
  readonly constraint: string;
  readonly parameters: unknown;
  readonly cases: readonly SuiteCase[];
}

export interface ExcludedFixture {
  readonly name: string;
  readonly reason: string;
}

export interface PolicySuite {
  readonly name: string;
  /** Path of the Suite relative to out/. */
  readonly path: string;
  /** Path of the template relative to the Suite's directory. */
  readonly template: string;
  readonly tests: readonly SuiteTest[];
  /** Whether the cases assert the template's CEL (it carries CEL, which gator evaluates in its place). */
  readonly cel: boolean;
  readonly excluded: readonly ExcludedFixture[];
  /** Data files (constraints, objects, inventories) keyed by path relative to out/. */
  readonly files: ReadonlyMap<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Plain JSON data: what survives a YAML → JSON round trip in gator unchanged. */
function jsonProblem(value: unknown, path = ""): string | undefined {
  if (value === null || typeof value === "boolean") return undefined;
  if (typeof value === "string") {
    return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value) ? `${path || "value"} holds a lone UTF-16 surrogate` : undefined;
  }
  if (typeof value === "number") return Number.isFinite(value) ? undefined : `${path || "value"} is ${String(value)}, which JSON cannot hold`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = jsonProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const problem = jsonProblem(key, `${path} key`) ?? jsonProblem(item, path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${path || "value"} is not JSON data`;
}

/** Why gator cannot review `object` as a Kubernetes object, or undefined when it can. */
export function objectProblem(object: unknown): string | undefined {
  if (!isRecord(object)) return "the object is not a mapping";
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || !apiVersion) return "the object has no string apiVersion";
  if (typeof kind !== "string" || !kind) return "the object has no string kind";
  if (kind === "AdmissionReview" && apiVersion.startsWith("admission.k8s.io/")) return "gator would read the object as an AdmissionReview";
  return jsonProblem(object);
}

/** Why gator cannot load `object` into data.inventory as the fixture means it, or undefined. */
function inventoryProblem(object: unknown): string | undefined {
  const problem = objectProblem(object);
  if (problem) return problem;
  const metadata = (object as Record<string, unknown>)["metadata"];
  if (!isRecord(metadata) || typeof metadata["name"] !== "string" || !metadata["name"]) return "the object has no string metadata.name";
  if (metadata["namespace"] !== undefined && typeof metadata["namespace"] !== "string") return "the object's metadata.namespace is not a string";
  return undefined;
}

/** Canonical JSON: object keys sorted, so equal parameters give one Constraint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function canonical(value: unknown): unknown {
  return JSON.parse(canonicalJson(value)) as unknown;
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}

/**
 * A YAML double-quoted scalar that every YAML parser reads as `text`: JSON's escapes, plus every
 * character outside printable ASCII as \uXXXX (or \UXXXXXXXX outside the BMP).
 */
export function yamlQuote(text: string): string {
  return escapeNonAscii(JSON.stringify(text));
}

function escapeNonAscii(json: string): string {
  let out = "";
  for (const char of json) {
    const code = char.codePointAt(0)!;
    if (code === 0x0a || (code >= 0x20 && code <= 0x7e)) out += char;
    else if (code > 0xffff) out += `\\U${code.toString(16).toUpperCase().padStart(8, "0")}`;
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}

/** `value` as indented JSON that YAML parsers read back identically (see yamlQuote). */
export function yamlJson(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value, null, 2));
}

/** Go's regexp.QuoteMeta, anchored: matches exactly `message`. */
export function exactMessageRegex(message: string): string {
  return `^${message.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")}$`;
}

/** The number of violations, then exactly one violation per distinct message. */
export function exactAssertions(messages: readonly string[]): SuiteAssertion[] {
  const distinct = [...new Set(messages)].sort();
  return distinct.length ? [{ violations: distinct.length }, ...distinct.map((m) => ({ violations: 1, message: exactMessageRegex(m) }))] : [{ violations: "no" }];
}

/** What a case asserts of a template judged by its CEL. */
function celAssertions(outcome: CelFixtureOutcome | undefined, fixture: string): SuiteAssertion[] {
  if (!outcome) throw new Error(`no CEL outcome for fixture ${JSON.stringify(fixture)}`);
  if ("raises" in outcome) return [{ violations: "yes", message: CEL_RAISED_ERROR }];
  // Each failing validation gives its joined message or the error it raises instead: the count only.
  if ("failing" in outcome) return [{ violations: outcome.failing }];
  return exactAssertions(outcome.messages);
}

/** File-name slugs of fixture names: lower-case words joined by dashes, unique within `names`. */
function slugs(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 60)
        .replace(/-+$/, "") || "fixture";
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    return slug;
  });
}

function comment(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

/** The gator suite of one policy; undefined when no fixture can be part of it. */
export function policySuite(policy: SuitePolicy): PolicySuite | undefined {
  const name = policy.kind.toLowerCase();
  const validate: ValidateFunction = new Ajv({ allErrors: false, strict: false }).compile({ type: "object", ...policy.schema });
  const excluded: ExcludedFixture[] = [];
  const included: { fixture: Fixture; slug: string }[] = [];
  const allSlugs = slugs(policy.fixtures.map((f) => f.name));
  policy.fixtures.forEach((fixture, index) => {
    const reason =
      fixture.operation === "DELETE"
        ? "gator reviews a DELETE as its oldObject; the fixture reviews its object"
        : (objectProblem(fixture.object) ??
          (jsonProblem(fixture.parameters) ? `the parameters: ${jsonProblem(fixture.parameters)}` : undefined) ??
          (validate(fixture.parameters) ? undefined : `gator rejects the parameters: ${validate.errors?.[0]?.instancePath || "parameters"} ${validate.errors?.[0]?.message ?? "are invalid"}`) ??
          fixture.inventory.map((o, i) => (inventoryProblem(o) ? `inventory #${i + 1}: ${inventoryProblem(o)}` : undefined)).find(Boolean));
    if (reason) excluded.push({ name: fixture.name, reason });
    else included.push({ fixture, slug: allSlugs[index]! });
  });
  if (!included.length) return undefined;

  const files = new Map<string, string>();
  const tests = new Map<string, { name: string; constraint: string; parameters: unknown; cases: SuiteCase[] }>();
  for (const { fixture, slug } of included) {
    const key = canonicalJson(fixture.parameters);
    let test = tests.get(key);
    if (!test) {
      const hash = shortHash(key);
      const constraintPath = `${name}/constraints/${hash}.yaml`;
      test = { name: `parameters-${hash}`, constraint: constraintPath, parameters: canonical(fixture.parameters), cases: [] };
      tests.set(key, test);
      const constraint = { apiVersion: CONSTRAINT_API_VERSION, kind: policy.kind, metadata: { name: `${name}-${hash}` }, spec: { parameters: test.parameters } };
      files.set(
        `suite/${constraintPath}`,
        `# Generated by gkc from ${policy.fixturesSource}: the parameters of fixtures, as a Constraint without a match (it matches every object).\n${yamlJson(constraint)}\n`,
      );
    }
    const objectPath = `${name}/objects/${slug}.yaml`;
    // gator reviews a plain object without an admission request: a fixture that sets one (an
    // UPDATE, a user, an old object) is written as the AdmissionReview both engines judge.
    const reviewed = reviewedDocument(fixture);
    const what = plainCreate(fixture) ? "the object" : "the admission request";
    files.set(`suite/${objectPath}`, `# Generated by gkc from ${policy.fixturesSource}: ${what} of fixture ${comment(JSON.stringify(fixture.name))}.\n${yamlJson(reviewed)}\n`);
    let inventoryPath: string | undefined;
    if (fixture.inventory.length) {
      inventoryPath = `${name}/inventory/${slug}.yaml`;
      const documents = fixture.inventory.map((o) => yamlJson(o)).join("\n---\n");
      files.set(`suite/${inventoryPath}`, `# Generated by gkc from ${policy.fixturesSource}: data.inventory of fixture ${comment(JSON.stringify(fixture.name))}.\n${documents}\n`);
    }
    const assertions = policy.cel ? celAssertions(policy.cel.get(fixture.name), fixture.name) : exactAssertions(fixture.violations);
    test.cases.push({ name: fixture.name, object: objectPath, ...(inventoryPath ? { inventory: inventoryPath } : {}), assertions });
  }
  return { name, path: `suite/${name}.yaml`, template: `../templates/${name}.yaml`, tests: [...tests.values()], cel: policy.cel !== undefined, excluded, files };
}
