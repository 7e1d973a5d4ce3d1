// What the parameters' schema proves in the CEL (compiler/emit/cel/shapes.ts, README rule 20):
// values read from the parameters have their schema's type, a property required below the top
// level is present, and nothing else (the object under review) is trusted. Their meaning on real
// templates is checked by test/cel.test.ts, against Gatekeeper's CEL on Constraints it accepts.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compilePolicyFile, createPolicyProject } from "../compiler/compile.js";
import { elementShape, elementTypes, memberShape, shapeTypes } from "../compiler/emit/cel/shapes.js";
import { ANY, T } from "../compiler/emit/cel/values.js";
import type { JsonSchema } from "../compiler/schema.js";
import { tempProject } from "./support/temp-project.js";

const ITEM: JsonSchema = { type: "object", properties: { key: { type: "string" }, note: { type: "string" } }, required: ["key"] };
const ROOT: JsonSchema = {
  type: "object",
  properties: { labels: { type: "array", items: ITEM }, limit: { type: "integer" }, tags: { type: "object", additionalProperties: { type: "boolean" } } },
  required: ["labels"],
};

describe("shapes", () => {
  test("a schema type is the JSON types of its values; no type is any", () => {
    expect([shapeTypes({ type: "string" }), shapeTypes({ type: "integer" }), shapeTypes({ type: "number" }), shapeTypes({ type: "boolean" })]).toEqual([T.string, T.number, T.number, T.bool]);
    expect([shapeTypes({ type: "array" }), shapeTypes({ type: "object" }), shapeTypes({})]).toEqual([T.list, T.map, ANY]);
    expect(elementShape(ROOT.properties!["labels"])).toBe(ITEM);
    expect(elementTypes(ROOT.properties!["labels"])).toBe(T.map);
    expect(elementTypes({ type: "string" })).toBe(ANY);
  });

  test("a required property is present only below the top level (a Constraint may have no parameters)", () => {
    expect(memberShape(ROOT, "labels", true)).toEqual({ shape: ROOT.properties!["labels"], present: false });
    expect(memberShape(ITEM, "key", false)).toEqual({ shape: { type: "string" }, present: true });
    expect(memberShape(ITEM, "note", false)).toEqual({ shape: { type: "string" }, present: false });
  });

  test("an undeclared key has the additional properties' shape, else none; an inherited name is not a property", () => {
    expect(memberShape(ROOT.properties!["tags"]!, "anything", false)).toEqual({ shape: { type: "boolean" }, present: false });
    expect(memberShape(ITEM, "other", false)).toBeUndefined();
    expect(memberShape(ITEM, "constructor", false)).toBeUndefined();
    expect(memberShape({ type: "string" }, "length", false)).toBeUndefined();
  });
});

describe("the emitted CEL", () => {
  const root = tempProject(
    {
      "policies/shaped.ts": `import { asArray, constraint, defineTemplate, isObject, type KubeObject } from "gkc/sdk";
export const template = defineTemplate({ kind: "K8sShaped", title: "Shaped", description: "Test.", version: "1.0.0" });
export interface Parameters {
  labels: { key: string; note?: string }[];
  message?: string;
}
export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  const labels: unknown = object.metadata?.labels;
  for (const required of asArray(parameters.labels)) {
    const key = required.key;
    if (!isObject(labels) || typeof labels[key] !== "string") {
      yield \`\${parameters.message ?? "missing"}: \${key} (\${required.note ?? ""})\`;
    }
  }
}
export const constraints = [constraint<Parameters>({ name: "c", enforcementAction: "dryrun", match: {}, parameters: { labels: [] } })];
`,
    },
    "gkc-cel-shapes-",
  );
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("reads a required nested property directly and prints parameter strings as themselves; the object keeps its guards", () => {
    const file = join(root, "policies", "shaped.ts");
    const compiled = compilePolicyFile(createPolicyProject(), file, "K8sShaped", { project: root, engine: "both" });
    expect(compiled.cel, JSON.stringify(compiled.celRefused)).toBeDefined();
    const text = JSON.stringify(compiled.cel);
    // `required.key`: present (required below the top level) and a string.
    expect(text).toMatch(/x_required_\d+\[\\"key\\"\]/);
    expect(text).not.toMatch(/type\(x_required_\d+\) == map/);
    // Every printed value is a parameter string: no dispatch on its type (rule 21).
    expect(text).not.toContain("prints differently in CEL");
    // The parameters are a map: no type test of them, and `labels` is a list or absent.
    expect(text).not.toContain("type(variables.gkc_parameters)");
    // The object under review is untrusted JSON: it is still tested before its metadata is read
    // (an optional index raises on a list, rule 20).
    expect(text).toContain("type(variables.anyObject) == list");
  });
});
