// audit/inputs.ts: files, directories, stdin, multi-document YAML, JSON, v1 Lists, sources and
// lines, documents that are not objects, malformed files; failing closed on empty, binary,
// oversized, non-regular and too deeply nested input.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { expandPath, notAnObjectReason, parseManifests, readInputs, STDIN_NAME } from "../audit/inputs.js";
import { PACKAGE_ROOT } from "../compiler/package.js";
import { nestedManifest } from "./audit-nesting.js";

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

describe("readInputs fails closed", () => {
  const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
  const write = (name: string, content: string | Uint8Array): string => {
    const file = join(temp, name);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  const HINT = "(--allow-empty passes on empty input)";

  it("reports no object read as an input error: empty stdin, an empty file, only comments and ---, a directory of those; allowEmpty passes", async () => {
    const empty = write("fail-closed/empty.yaml", "");
    const comments = write("fail-closed/comments.yaml", "# rendered nothing\n---\n---\n# still nothing\n");
    const cases: [string[], { readonly readStdin?: () => Promise<string> }, RegExp][] = [
      [["-"], { readStdin: async () => "" }, /^no Kubernetes object in the input: <stdin> is empty /],
      [[empty], {}, /^no Kubernetes object in the input: .*empty\.yaml is empty /],
      [[comments], {}, /^no Kubernetes object in the input: .*comments\.yaml holds only comments or empty documents /],
      [[join(temp, "fail-closed")], {}, /^no Kubernetes object in the input: 2 files read \(.*\), no document in them /],
    ];
    for (const [paths, options, message] of cases) {
      const result = await readInputs(paths, options);
      expect(result.objects).toEqual([]);
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.kind).toBe("input");
      expect(result.errors[0]!.message).toMatch(message);
      expect(result.errors[0]!.message.endsWith(HINT)).toBe(true);
      expect((await readInputs(paths, { ...options, allowEmpty: true })).errors).toEqual([]);
    }
  });

  it("counts documents that are not objects as no object; allowEmpty also passes a directory without manifests", async () => {
    const notObjects = write("not-objects/kustomization.yaml", "resources: [a.yaml]\n---\n- a list\n");
    const result = await readInputs([notObjects]);
    expect(result.skipped).toHaveLength(2);
    expect(result.errors.map((e) => e.message)).toEqual([`no Kubernetes object in the input: ${notObjects}: its 2 documents are not Kubernetes objects ${HINT}`]);
    const noManifests = join(temp, "no-manifests");
    mkdirSync(noManifests, { recursive: true });
    writeFileSync(join(noManifests, "README.md"), "# nothing\n");
    expect((await readInputs([noManifests])).errors).toHaveLength(1);
    expect((await readInputs([noManifests], { allowEmpty: true })).errors).toEqual([]);
  });

  it("refuses a character device and a FIFO by name, without reading or blocking; a FIFO in a directory is not a manifest", async () => {
    const fifo = join(temp, "fifo-dir", "pipe.yaml");
    mkdirSync(join(fifo, ".."), { recursive: true });
    execFileSync("mkfifo", [fifo]);
    write("fifo-dir/ok.yaml", CONFIG_MAP);
    const result = await readInputs(["/dev/zero", fifo, join(temp, "fifo-dir")]);
    expect(result.errors).toEqual([
      { kind: "input", message: "not a regular file (a character device): gkc audit reads files, directories and - (stdin)", source: { file: "/dev/zero", line: 0 } },
      { kind: "input", message: "not a regular file (a FIFO): gkc audit reads files, directories and - (stdin)", source: { file: fifo, line: 0 } },
    ]);
    expect(result.objects).toHaveLength(1);
  });

  it("bounds the total input by maxInputBytes: files by their size before reading, stdin while reading it", async () => {
    const a = write("limit/a.yaml", CONFIG_MAP.padEnd(600, "#"));
    const b = write("limit/b.yaml", CONFIG_MAP.replace("name: a", "name: b").padEnd(600, "#"));
    const files = await readInputs([a, b, a], { maxInputBytes: 1000 });
    expect(files.objects).toHaveLength(1); // a, then b would pass the limit: nothing more is read
    expect(files.errors).toEqual([{ kind: "input", message: "the input exceeds the --max-input-bytes limit of 1000 bytes: this file is 600 bytes, after 600 bytes of other input; nothing more is read", source: { file: b, line: 0 } }]);

    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 4096;
        this.push(Buffer.alloc(4096, 0x20));
      },
    });
    const stdin = await readInputs(["-"], { stdin: endless, maxInputBytes: 100_000 });
    expect(stdin.errors.map((e) => [e.source?.file, e.message])).toEqual([[STDIN_NAME, "the input exceeds the --max-input-bytes limit of 100000 bytes: stopped reading stdin after 102400 bytes; nothing more is read"]]);
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(200_000);
  });

  it("treats binary content as an input error naming the file: a NUL byte, a PNG header, invalid UTF-8; a UTF-8 BOM is fine", async () => {
    const nul = write("binary/nul.yaml", Buffer.concat([Buffer.from(`${CONFIG_MAP}data: {k: a`), Buffer.from([0]), Buffer.from("b}\n")]));
    const png = write("binary/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    const latin1 = write("binary/latin1.yaml", Buffer.concat([Buffer.from(CONFIG_MAP), Buffer.from("data: {k: caf"), Buffer.from([0xe9]), Buffer.from("}\n")]));
    const bom = write("bom/bom.yaml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CONFIG_MAP)]));
    const result = await readInputs([nul, png, latin1, bom]);
    expect(result.errors.map((e) => [e.source?.file, e.message])).toEqual([
      [nul, `binary content (a NUL byte at byte ${CONFIG_MAP.length + "data: {k: a".length}): not a YAML or JSON manifest`],
      [png, "binary content (a NUL byte at byte 8): not a YAML or JSON manifest"],
      [latin1, "not valid UTF-8 (binary content?): not a YAML or JSON manifest"],
    ]);
    expect(result.objects.map((o) => [o.source.file, o.source.line, o.object["apiVersion"]])).toEqual([[bom, 1, "v1"]]);
    const stdin = await readInputs(["-"], { readStdin: async () => new Uint8Array([0x61, 0x3a, 0x20, 0xff]) });
    expect(stdin.errors.map((e) => [e.source?.file, e.message])).toEqual([[STDIN_NAME, "not valid UTF-8 (binary content?): not a YAML or JSON manifest"]]);
  });
});

describe("parseManifests nesting", () => {
  it.each(["json", "flow", "seq"] as const)("refuses %s nested 100,000 levels with one line naming the limit, without overflowing the stack", (shape) => {
    const parsed = parseManifests(nestedManifest(shape, 100_000, "deep"), shape === "json" ? "deep.json" : "deep.yaml");
    expect(parsed.objects).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]!.message).toBe("nested deeper than 10000 levels");
    expect(parsed.errors[0]!.source?.line).toBe(shape === "json" ? 1 : shape === "flow" ? 4 : 5);
  });

  it("says a document within the limit but too deep for this thread's (default) stack is so, not malformed", () => {
    // gkc audit runs on a 64 MiB stack (audit-thread.ts); a caller on Node's default stack cannot compose 9,000 levels.
    const parsed = parseManifests(nestedManifest("flow", 9000, "deep"), "deep.yaml");
    expect(parsed.errors.map((e) => e.message)).toEqual(["nested too deeply for this thread's stack (gkc audit reads up to 10000 levels)"]);
  });

  it("accepts a document exactly as deep as the limit, and counts the depth aliases add", () => {
    for (const shape of ["json", "flow", "block", "seq"] as const) {
      expect(parseManifests(nestedManifest(shape, 40, "at-limit"), "f.yaml", { maxDepth: 40 }).objects).toHaveLength(1);
      const over = parseManifests(nestedManifest(shape, 41, "over"), "f.yaml", { maxDepth: 40 });
      expect(over.errors.map((e) => e.message)).toEqual(["nested deeper than 40 levels"]);
    }
    const aliases = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\none: &one [x]\ntwo: &two [*one]\nthree: [*two]\n";
    expect(parseManifests(aliases, "f.yaml", { maxDepth: 4 }).objects).toHaveLength(1);
    expect(parseManifests(aliases, "f.yaml", { maxDepth: 3 }).errors.map((e) => [e.message, e.source?.line])).toEqual([["nested deeper than 3 levels", 1]]);
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
