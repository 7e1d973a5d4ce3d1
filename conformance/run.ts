// `gkc conformance`: runs gator test suites (e.g. the gatekeeper-library's) against gkc's own
// compiled templates instead of the suites' templates. For each test whose Constraint kind gkc
// has a template for, every case is evaluated like `gator verify` does it: the object (or the
// AdmissionReview's request) is matched against the Constraint's `match` (audit/match.ts, with the
// Namespace gator verify matches with: the case inventory's, through the target's Namespace cache),
// reviewed by the Rego of gkc's template on OPA (wasm) with the Constraint's parameters and the
// case's inventory, and the results are checked against the case's assertions with gator's
// semantics.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { Ajv } from "ajv";
import { parse } from "yaml";
import type { RequestSpec } from "../verify/review.js";
import { RegoEngine, readTemplateRego, reportedOutcome, type TemplateRego } from "../verify/engines.js";
import { inventoryOf } from "../sdk/inventory.js";
import { caseFailure } from "./assertions.js";
import { apiGroupOf, cachedNamespaceFor, compileMatch, matchAny, matchTarget, namespaceCacheOf, type CompiledMatch } from "../audit/match.js";
import { findSuiteFiles, readObjects, readSuite, SuiteError, type GatorCase, type GatorTest } from "./suites.js";

export interface CaseResult {
  /** `<test>/<case>`. */
  readonly name: string;
  readonly status: "pass" | "fail" | "skip";
  readonly reason?: string;
}

export interface SuiteResult {
  /** Suite path relative to the conformance directory. */
  readonly path: string;
  readonly kinds: readonly string[];
  readonly cases: readonly CaseResult[];
}

export interface ConformanceReport {
  /** Suites with at least one test of an implemented (and selected) kind. */
  readonly ran: readonly SuiteResult[];
  /** Suites none of whose tests have a kind gkc implements: path and kinds. */
  readonly unimplemented: readonly { readonly path: string; readonly kinds: readonly string[] }[];
  readonly passed: number;
  readonly failed: number;
}

export interface ConformanceOptions {
  /** Directory searched for suite.yaml files. */
  readonly directory: string;
  /** Directory of gkc's ConstraintTemplates (out/templates). */
  readonly templatesDirectory: string;
  /** Only tests of these kinds. */
  readonly kinds?: readonly string[];
}

interface Template {
  readonly rego: TemplateRego;
  readonly validate: (parameters: unknown) => string | undefined;
  engine?: RegoEngine;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** gkc's templates by kind, each with a validator of Constraint parameters against its schema. */
export function loadTemplates(directory: string): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const file of readdirSync(directory).filter((f) => f.endsWith(".yaml")).sort()) {
    const path = join(directory, file);
    const rego = readTemplateRego(path);
    const document = parse(readFileSync(path, "utf8")) as { spec?: { crd?: { spec?: { validation?: { openAPIV3Schema?: object } } } } };
    const schema = document.spec?.crd?.spec?.validation?.openAPIV3Schema ?? {};
    const check = new Ajv({ allErrors: false, strict: false }).compile(schema);
    templates.set(rego.kind, {
      rego,
      validate: (parameters) => {
        if (check(parameters)) return undefined;
        const first = check.errors?.[0];
        return `spec.parameters${first?.instancePath.replace(/\//g, ".") ?? ""} ${first?.message ?? "is invalid"}`;
      },
    });
  }
  return templates;
}

class CaseError extends Error {}

/** The reviewed object, its operation and its namespace name, as gator derives them from an object file. */
function reviewOf(object: Record<string, unknown>): { objects: Record<string, unknown>[]; object: Record<string, unknown>; operation: string; namespace: string; request: RequestSpec } {
  if (object["kind"] === "AdmissionReview" && apiGroupOf(object["apiVersion"]) === "admission.k8s.io") {
    const request = object["request"];
    if (!isRecord(request)) throw new CaseError("request did not actually pass in an AdmissionRequest");
    const newObject = isRecord(request["object"]) ? request["object"] : undefined;
    const oldObject = isRecord(request["oldObject"]) ? request["oldObject"] : undefined;
    const reviewed = newObject ?? oldObject;
    if (!reviewed) throw new CaseError('AdmissionRequest does not contain an "object" or "oldObject" to review');
    const operation = typeof request["operation"] === "string" ? request["operation"] : "";
    // target.setObjectOnDelete: a DELETE is reviewed (and matched) as its oldObject.
    if (operation === "DELETE" && !oldObject) throw new CaseError("oldObject cannot be nil for DELETE operations");
    return {
      objects: operation === "DELETE" ? [oldObject!] : [newObject, oldObject].filter((o): o is Record<string, unknown> => o !== undefined),
      object: operation === "DELETE" && oldObject ? oldObject : reviewed,
      operation,
      namespace: typeof request["namespace"] === "string" ? request["namespace"] : "",
      request: {
        operation,
        ...(oldObject ? { oldObject } : {}),
        ...(request["userInfo"] !== undefined ? { userInfo: request["userInfo"] } : {}),
        ...(typeof request["dryRun"] === "boolean" ? { dryRun: request["dryRun"] } : {}),
      },
    };
  }
  const metadata = object["metadata"];
  const namespace = isRecord(metadata) && typeof metadata["namespace"] === "string" ? metadata["namespace"] : "";
  // gator reviews a plain object with no admission operation.
  return { objects: [object], object, operation: "", namespace, request: { operation: "" } };
}

/**
 * Whether a Constraint reports at gator's enforcement point: always, unless its action is
 * `scoped` and no scoped action names gator.gatekeeper.sh or "*".
 */
export function enforcedAtGator(spec: Record<string, unknown>): boolean {
  if (spec["enforcementAction"] !== "scoped") return true;
  const scoped = Array.isArray(spec["scopedEnforcementActions"]) ? spec["scopedEnforcementActions"] : [];
  return scoped.some((s) => isRecord(s) && Array.isArray(s["enforcementPoints"]) && s["enforcementPoints"].some((p) => isRecord(p) && (p["name"] === "gator.gatekeeper.sh" || p["name"] === "*")));
}

async function runCase(template: Template, suiteDir: string, parameters: unknown, match: CompiledMatch | undefined, enforcedByGator: boolean, testCase: GatorCase): Promise<string | undefined> {
  if (!testCase.object) return "invalid case: must define object";
  if (!testCase.assertions.length) return "invalid case: assertions must be non-empty";
  try {
    const objects = readObjects(join(suiteDir, testCase.object));
    if (objects.length !== 1) return `${testCase.object} defines ${objects.length} objects`;
    const inventoryObjects = testCase.inventory.flatMap((p) => readObjects(join(suiteDir, p)));
    const review = reviewOf(objects[0] as Record<string, unknown>);
    let messages: readonly string[] = [];
    // gator verify passes no Namespace: Matcher.Match looks the request's up in the target's cache.
    const namespace = cachedNamespaceFor(review.namespace, namespaceCacheOf(inventoryObjects));
    // A scoped Constraint not enforced at gator's point is not even matched (no autorejection).
    const selection = enforcedByGator ? matchAny(match, review.objects.map((o) => matchTarget(o, namespace))) : { matched: false };
    // Gatekeeper "autorejects": the constraint is not evaluated, and the review reports the
    // matching error as the constraint's one result.
    if ("autoreject" in selection) messages = [selection.autoreject];
    else if (selection.matched) {
      // As gator reports: a gkc template with CEL is judged by its CEL, which groups messages by yield.
      template.engine ??= await RegoEngine.fromTemplate(template.rego, reportedOutcome(template.rego));
      // As gator: a plain object is reviewed with no operation, an AdmissionReview with its own.
      const outcome = template.engine.evaluate(review.object, parameters, review.request, inventoryOf(inventoryObjects));
      if ("error" in outcome) return `the Rego failed: ${outcome.error}`;
      messages = outcome.messages;
    }
    return caseFailure(testCase.assertions, messages);
  } catch (error) {
    if (error instanceof SuiteError || error instanceof CaseError) return error.message;
    throw error;
  }
}

interface ReadConstraint {
  readonly kind: string;
  readonly parameters: unknown;
  readonly match: CompiledMatch | undefined;
  /**
   * Why Gatekeeper refuses the Constraint's match, by the error class AddConstraint fails with:
   * the target's ValidateConstraint (label selectors: not a schema error) runs before the CRD
   * schema (everything else: a schema error, like invalid parameters).
   */
  readonly matchErrors: { readonly invalid: readonly string[]; readonly schema: readonly string[] };
  readonly enforced: boolean;
}

const SELECTOR_ERROR = /^spec\.match\.(labelSelector|namespaceSelector)\b/;

/** The Constraint a test names: kind, parameters, match; or why it cannot be read. */
function readConstraint(suiteDir: string, test: GatorTest): ReadConstraint | { error: string } {
  if (!test.constraint) return { error: "invalid suite: missing constraint" };
  try {
    const [constraint] = readObjects(join(suiteDir, test.constraint)) as Record<string, unknown>[];
    const spec = isRecord(constraint!["spec"]) ? constraint!["spec"] : {};
    const compiled = compileMatch(spec["match"]);
    const errors = "errors" in compiled ? compiled.errors : [];
    return {
      kind: String(constraint!["kind"]),
      parameters: spec["parameters"] ?? {},
      match: "match" in compiled ? compiled.match : undefined,
      matchErrors: { invalid: errors.filter((e) => SELECTOR_ERROR.test(e)), schema: errors.filter((e) => !SELECTOR_ERROR.test(e)) },
      enforced: enforcedAtGator(spec),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const templates = loadTemplates(options.templatesDirectory);
  const selectedKinds = options.kinds ? new Set(options.kinds) : undefined;
  const ran: SuiteResult[] = [];
  const unimplemented: { path: string; kinds: string[] }[] = [];
  let passed = 0;
  let failed = 0;
  for (const file of findSuiteFiles(options.directory)) {
    const path = relative(options.directory, file).split("\\").join("/");
    const suite = readSuite(file);
    if (!suite) continue;
    const suiteDir = dirname(file);
    const constraints = suite.tests.map((test) => readConstraint(suiteDir, test));
    const kinds = [...new Set(constraints.flatMap((c) => ("kind" in c ? [c.kind] : [])))].sort();
    const runnable = kinds.filter((k) => templates.has(k) && (!selectedKinds || selectedKinds.has(k)));
    if (!runnable.length) {
      if (!kinds.some((k) => templates.has(k))) unimplemented.push({ path, kinds });
      continue;
    }
    const cases: CaseResult[] = [];
    const record = (result: CaseResult): void => {
      cases.push(result);
      if (result.status === "pass") passed++;
      else if (result.status === "fail") failed++;
    };
    for (const [index, test] of suite.tests.entries()) {
      const constraint = constraints[index]!;
      if ("kind" in constraint && !runnable.includes(constraint.kind)) continue;
      if (suite.skip || test.skip) {
        for (const c of test.cases) record({ name: `${test.name}/${c.name}`, status: "skip", reason: "skip: true" });
        continue;
      }
      if ("error" in constraint) {
        for (const c of test.cases.length ? test.cases : [{ name: "(constraint)" }]) record({ name: `${test.name}/${c.name}`, status: "fail", reason: constraint.error });
        continue;
      }
      const template = templates.get(constraint.kind)!;
      const invalidMatch = constraint.matchErrors.invalid.length ? constraint.matchErrors.invalid.join("; ") : undefined;
      const schemaRejected =
        (constraint.matchErrors.schema.length ? constraint.matchErrors.schema.join("; ") : undefined) ??
        (isRecord(constraint.parameters) ? template.validate(constraint.parameters) : "spec.parameters must be an object");
      if (test.invalid) {
        // gator verify: an invalid test passes only when adding the Constraint fails with a schema
        // error; an invalid label selector fails earlier, with another error.
        const reason = invalidMatch
          ? `the constraint was expected to fail the schema, but its match is rejected before that: ${invalidMatch}`
          : schemaRejected
            ? undefined
            : "the constraint was expected to be invalid for the template, but gkc's schema accepts its parameters";
        record({ name: `${test.name}/(invalid constraint)`, status: reason ? "fail" : "pass", ...(reason ? { reason } : {}) });
        continue;
      }
      const rejected = invalidMatch ?? schemaRejected;
      if (rejected) {
        for (const c of test.cases.length ? test.cases : [{ name: "(constraint)" }]) record({ name: `${test.name}/${c.name}`, status: "fail", reason: `gkc rejects the constraint: ${rejected}` });
        continue;
      }
      if (test.expansion) {
        for (const c of test.cases) record({ name: `${test.name}/${c.name}`, status: "skip", reason: "expansion templates are not supported" });
        continue;
      }
      for (const testCase of test.cases) {
        if (testCase.skip) {
          record({ name: `${test.name}/${testCase.name}`, status: "skip", reason: "skip: true" });
          continue;
        }
        const failure = await runCase(template, suiteDir, constraint.parameters, constraint.match, constraint.enforced, testCase);
        record({ name: `${test.name}/${testCase.name}`, status: failure ? "fail" : "pass", ...(failure ? { reason: failure } : {}) });
      }
    }
    ran.push({ path, kinds: runnable, cases });
  }
  return { ran, unimplemented, passed, failed };
}
