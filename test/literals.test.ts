// Numbers and strings as written in a policy reach the bundle unchanged: numeric literals in
// every TypeScript spelling (exponents, separators, hex) compile to the same value in Rego, and a
// template description spanning lines stays valid YAML.
import { execFile } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { parse } from "yaml";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { runNative } from "../verify/engines.js";
import { compileSnippet } from "./support/snippet.js";
import { tempProject } from "./support/temp-project.js";

describe("numeric literals", () => {
  test("1e21, 1e-7, 0x10, 1_000 and 2 ** 53 - 1 mean the same in both engines", async () => {
    const snippet = await compileSnippet(`
const v: unknown = object["v"];
if (typeof v === "number" && v < 1e21) yield "below 1e21";
if (typeof v === "number" && v < 1e-7) yield "below 1e-7";
if (typeof v === "number" && v === 0x10) yield "sixteen";
if (typeof v === "number" && v === 1_000) yield "thousand";
if (typeof v === "number" && v >= 9007199254740991) yield "at least 2^53 - 1";
`);
    expect(snippet.rego).toContain("1e+21");
    expect(snippet.rego).toContain("1e-7");
    const engine = await snippet.engine();
    for (const v of [0, 1e-8, 1e-6, 16, 1000, 1e20, 1e21, 2e21, 9007199254740991, -5]) {
      const object = { v };
      const native = runNative(snippet.predicate, object, {});
      expect(engine.evaluate(object, {}), `v = ${v}`).toEqual(native);
    }
    expect(runNative(snippet.predicate, { v: 2e21 }, {})).toEqual({ messages: ["at least 2^53 - 1"] });
  }, 60_000);
});

describe("template metadata", () => {
  const POLICY = `import { defineTemplate, type KubeObject } from "gkc/sdk";
export const template = defineTemplate({ kind: "TwoLines", title: "Two: lines", description: "First paragraph.\\n\\nSecond: with a colon, # and a hash.", version: "1.0.0" });
export interface Parameters { n?: number }
export function* violations(object: KubeObject, parameters: Parameters): Generator<string> {
  if (object.kind === "Pod" && typeof parameters.n === "number") yield "pod";
}
export const constraints = [];
`;
  const root = tempProject({ "policies/two-lines.ts": POLICY }, "gkc-literals-");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("a description spanning lines is valid YAML and reads back unchanged", async () => {
    const status = await new Promise<number>((resolve) => {
      execFile(process.execPath, [join(PACKAGE_ROOT, "bin", "gkc.js"), "build"], { cwd: root }, (error) => resolve(error ? 1 : 0));
    });
    expect(status).toBe(0);
    const template = parse(readFileSync(join(root, "out", "templates", "twolines.yaml"), "utf8")) as { metadata: { annotations: Record<string, string> } };
    expect(template.metadata.annotations["description"]).toBe("First paragraph.\n\nSecond: with a colon, # and a hash.");
    expect(template.metadata.annotations["metadata.gatekeeper.sh/title"]).toBe("Two: lines");
  }, 60_000);
});
