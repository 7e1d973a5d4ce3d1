// audit/inputs.ts: files, directories, stdin, multi-document YAML, JSON, v1 Lists, sources and
// lines, documents that are not objects, malformed files.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expandPath, notAnObjectReason, parseManifests, readInputs, STDIN_NAME } from "../audit/inputs.js";
import { PACKAGE_ROOT } from "../compiler/package.js";

const DATA = join(PACKAGE_ROOT, "test", "data", "audit");
const temp = mkdtempSync(join(tmpdir(), "gkc-audit-inputs-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const summary = (objects: { object: Record<string, unknown>; source: { file: string; line: number } }[]): string[] =>
  objects.map((o) => `${o.source.file.replace(DATA + "/", "")}:${o.source.line} ${String(o.object["kind"])}/${String((o.object["metadata"] as Record<string, unknown>)["name"])}`);

describe("readInputs", () => {
  it("reads a directory recursively in sorted order, keeping each object's file and line", async () => {
    const result = await readInputs([join(DATA, "manifests")]);
    expect(result.errors).toEqual([]);
    expect(result.files).toBe(2); // README.txt is not a manifest
    expect(summary(result.objects)).toEqual([
      "manifests/app.yaml:3 Namespace/shop",
      "manifests/app.yaml:11 Deployment/web",
      "manifests/app.yaml:29 ConfigMap/settings",
      "manifests/app.yaml:34 Service/Web_Svc",
      "manifests/nested/pod.json:1 Pod/api",
    ]);
    expect(result.skipped.map((s) => `${s.source.line}: ${s.reason}`)).toEqual([
      "39: item 2 of a v1 List: not a Kubernetes object: no string apiVersion",
      "43: not a Kubernetes object: no string apiVersion, kind, metadata.name",
      "45: not a Kubernetes object: the document is a list",
    ]);
  });

  it("reads YAML 1.2 like gator: `yes` is a string, so the labels stay labels", async () => {
    const result = await readInputs([join(DATA, "manifests", "app.yaml")]);
    const deployment = result.objects.find((o) => o.object["kind"] === "Deployment")!;
    expect((deployment.object["metadata"] as Record<string, unknown>)["labels"]).toEqual({ app: "web", enabled: "yes" });
  });

  it("reads stdin for -, named <stdin>", async () => {
    const result = await readInputs(["-"], { readStdin: async () => "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n" });
    expect(result.files).toBe(1);
    expect(result.objects.map((o) => o.source)).toEqual([
      { file: STDIN_NAME, line: 1 },
      { file: STDIN_NAME, line: 5 },
    ]);
  });

  it("reports a malformed file as one error with its line, and goes on with the other files", async () => {
    const result = await readInputs([join(DATA, "malformed", "bad.yaml"), join(DATA, "manifests", "nested"), join(DATA, "malformed", "dup.yaml")]);
    expect(result.objects.map((o) => o.object["kind"])).toEqual(["Pod"]); // not even bad.yaml's good first document
    expect(result.errors).toHaveLength(2);
    expect(result.errors[0]).toMatchObject({ kind: "input", source: { file: join(DATA, "malformed", "bad.yaml"), line: 10 } }); // where the unclosed [ of line 9 is found wanting
    expect(result.errors[0]!.message).toMatch(/^malformed YAML: /);
    expect(result.errors[1]).toMatchObject({ kind: "input", source: { file: join(DATA, "malformed", "dup.yaml"), line: 5 } });
    expect(result.errors[1]!.message).toMatch(/unique/);
  });

  it("reports a path that does not exist and continues", async () => {
    const result = await readInputs([join(temp, "nope.yaml"), join(DATA, "manifests", "nested", "pod.json")]);
    expect(result.errors).toEqual([{ kind: "input", message: "no such file or directory", source: { file: join(temp, "nope.yaml"), line: 0 } }]);
    expect(result.objects).toHaveLength(1);
  });

  it("reads a file named explicitly whatever its extension, and a JSON error with its line", async () => {
    const file = join(temp, "manifest.txt");
    writeFileSync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    const badJson = join(temp, "bad.json");
    writeFileSync(badJson, '{\n  "apiVersion": "v1",\n  "kind": "ConfigMap",\n  "metadata": {"name": "a"\n');
    const result = await readInputs([file, badJson]);
    expect(result.objects).toHaveLength(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.message).toMatch(/^malformed JSON: /);
    expect(result.errors[0]!.source?.file).toBe(badJson);
  });

  it("reports a directory without manifests as an error", async () => {
    const empty = join(temp, "empty");
    mkdirSync(join(empty, "sub"), { recursive: true });
    writeFileSync(join(empty, "sub", "notes.md"), "# no manifests\n");
    const result = await readInputs([empty]);
    expect(result.errors).toEqual([{ kind: "input", message: "no .yaml, .yml or .json files in this directory", source: { file: empty, line: 0 } }]);
  });

  it("survives a symlink cycle in a directory", () => {
    const root = join(temp, "cycle");
    mkdirSync(join(root, "sub"), { recursive: true });
    writeFileSync(join(root, "sub", "a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    symlinkSync(root, join(root, "sub", "loop"));
    expect(expandPath(root).map((f) => f.slice(root.length))).toEqual(["/sub/a.yaml"]);
  });
});

describe("parseManifests", () => {
  it("expands a v1 List with each item's own line, and keeps other *List kinds as objects", () => {
    const text = ["apiVersion: v1", "kind: List", "items:", "- apiVersion: v1", "  kind: ConfigMap", "  metadata: {name: a}", "- apiVersion: v1", "  kind: ConfigMap", "  metadata: {name: b}", "---", "apiVersion: v1", "kind: ConfigMapList", "metadata: {name: x}", "items: []"].join("\n");
    const parsed = parseManifests(text, "f.yaml");
    expect(parsed.objects.map((o) => [o.source.line, o.object["kind"]])).toEqual([
      [4, "ConfigMap"],
      [7, "ConfigMap"],
      [11, "ConfigMapList"],
    ]);
  });

  it("skips a v1 List without items, and empty and null documents silently", () => {
    const parsed = parseManifests("---\n# nothing\n---\nnull\n---\napiVersion: v1\nkind: List\n", "f.yaml");
    expect(parsed.objects).toEqual([]);
    expect(parsed.skipped.map((s) => [s.source.line, s.reason])).toEqual([[6, "a v1 List without an 'items' list"]]);
  });

  it("reads a JSON stream of several objects", () => {
    const parsed = parseManifests('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n---\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n', "s.json");
    expect(parsed.objects.map((o) => o.source.line)).toEqual([1, 3]);
  });

  it("refuses an alias bomb as a malformed file", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
    const parsed = parseManifests(bomb, "bomb.yaml");
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.message).toMatch(/malformed YAML/);
  });

  it.each([
    [{ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }, undefined],
    [{ apiVersion: "v1", kind: "Pod", metadata: { generateName: "p-" } }, "no string metadata.name"],
    [{ apiVersion: 1, kind: "Pod", metadata: { name: "p" } }, "no string apiVersion"],
    [{ apiVersion: "v1", kind: "", metadata: { name: "p" } }, "no string kind"],
    [{ apiVersion: "a/b/c", kind: "Pod", metadata: { name: "p" } }, "apiVersion 'a/b/c' is not 'version' or 'group/version'"],
    [{ apiVersion: "apps/", kind: "Pod", metadata: { name: "p" } }, "apiVersion 'apps/' has no version"],
    ["text", "the document is a string"],
    [42, "the document is a number"],
  ])("notAnObjectReason(%j) = %j", (value, reason) => {
    expect(notAnObjectReason(value)).toBe(reason);
  });
});
