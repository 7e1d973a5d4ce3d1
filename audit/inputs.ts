// Reads the manifests `gkc audit` reviews: files and directories (recursively: .yaml, .yml,
// .json), `-` for stdin; multi-document YAML, JSON, and `v1` `List` objects (expanded into their
// items). Every object keeps the file and line it was read from.
//
// YAML is read with the YAML 1.2 core schema, as gator reads it (go.yaml.in/yaml/v3): `yes`/`on`
// are strings, not booleans, and date-like scalars stay strings.
//
// A document that is not a Kubernetes object is skipped and reported with its line; a file that
// does not parse is one error (file and line) and none of its documents is used.
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { isMap, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from "yaml";
import type { AuditError, AuditObject, SkippedDocument, SourceLocation } from "./types.js";

export const STDIN = "-";
/** The file name documents read from stdin are reported under. */
export const STDIN_NAME = "<stdin>";
const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

export interface InputResult {
  readonly objects: AuditObject[];
  readonly skipped: SkippedDocument[];
  readonly errors: AuditError[];
  /** Files read (stdin counts as one). */
  readonly files: number;
}

export interface ReadOptions {
  /** Reads standard input; injectable for tests. */
  readonly readStdin?: () => Promise<string>;
}

/** Reads every path (file, directory, or `-`), in the order given; directories in sorted order. */
export async function readInputs(paths: readonly string[], options: ReadOptions = {}): Promise<InputResult> {
  const result: InputResult = { objects: [], skipped: [], errors: [], files: 0 };
  const add = (parsed: ParsedFile): void => {
    (result as { files: number }).files++;
    result.objects.push(...parsed.objects);
    result.skipped.push(...parsed.skipped);
    result.errors.push(...parsed.errors);
  };
  let stdinRead = false;
  for (const path of paths) {
    if (path === STDIN) {
      if (stdinRead) {
        result.errors.push({ kind: "input", message: "'-' (stdin) is given more than once" });
        continue;
      }
      stdinRead = true;
      const text = await (options.readStdin ?? readStdin)();
      add(parseManifests(text, STDIN_NAME));
      continue;
    }
    let files: string[];
    try {
      files = expandPath(path);
    } catch (error) {
      result.errors.push({ kind: "input", message: describeFsError(error), source: { file: path, line: 0 } });
      continue;
    }
    if (!files.length) {
      // A directory without manifests is almost always a wrong path: do not pass silently.
      result.errors.push({ kind: "input", message: "no .yaml, .yml or .json files in this directory", source: { file: path, line: 0 } });
      continue;
    }
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch (error) {
        result.errors.push({ kind: "input", message: `cannot read: ${describeFsError(error)}`, source: { file, line: 0 } });
        continue;
      }
      add(parseManifests(text, file));
    }
  }
  return result;
}

/** A file is itself (whatever its extension: it was named); a directory is its manifests, recursively. */
export function expandPath(path: string): string[] {
  const stat = statSync(path);
  if (!stat.isDirectory()) return [path];
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (directory: string): void => {
    const real = realpathSync(directory);
    if (seen.has(real)) return; // a symlink cycle
    seen.add(real);
    const entries = readdirSync(directory).sort();
    for (const entry of entries) {
      const full = join(directory, entry);
      let entryStat;
      try {
        entryStat = statSync(full);
      } catch {
        continue; // a dangling symlink
      }
      if (entryStat.isDirectory()) walk(full);
      else if (entryStat.isFile() && EXTENSIONS.has(extname(entry).toLowerCase())) files.push(full);
    }
  };
  walk(path);
  return files;
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

export interface ParsedFile {
  readonly objects: AuditObject[];
  readonly skipped: SkippedDocument[];
  readonly errors: AuditError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Splits one file's text into objects; on a parse error, returns that one error and nothing else. */
export function parseManifests(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const format = file.toLowerCase().endsWith(".json") ? "JSON" : "YAML";
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const docs = Array.isArray(documents) ? documents : [];
  for (const document of docs) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? lineOf(error.pos[0]);
      const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      return { objects: [], skipped: [], errors: [{ kind: "input", message: `malformed ${format}: ${message}`, source: { file, line } }] };
    }
  }
  const parsed: ParsedFile = { objects: [], skipped: [], errors: [] };
  for (const document of docs) {
    const contents = document.contents as YamlNode | null;
    if (contents === null) continue; // an empty document (a trailing `---`, comments only)
    const source: SourceLocation = { file, line: lineOf(contents.range?.[0]) };
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      return { objects: [], skipped: [], errors: [{ kind: "input", message: `malformed ${format}: ${error instanceof Error ? error.message : String(error)}`, source }] };
    }
    if (value === null || value === undefined) continue;
    if (isRecord(value) && value["apiVersion"] === "v1" && value["kind"] === "List") {
      const items = value["items"];
      if (!Array.isArray(items)) {
        parsed.skipped.push({ source, reason: "a v1 List without an 'items' list" });
        continue;
      }
      const itemNodes = isMap(contents) ? contents.get("items", true) : undefined;
      items.forEach((item: unknown, index) => {
        const node = isSeq(itemNodes) ? (itemNodes.items[index] as YamlNode | undefined) : undefined;
        const itemSource = { file, line: node?.range ? lineOf(node.range[0]) : source.line };
        classify(item, itemSource, parsed, `item ${index} of a v1 List: `);
      });
      continue;
    }
    classify(value, source, parsed, "");
  }
  return parsed;
}

function classify(value: unknown, source: SourceLocation, into: ParsedFile, prefix: string): void {
  const reason = notAnObjectReason(value);
  if (reason) into.skipped.push({ source, reason: `${prefix}not a Kubernetes object: ${reason}` });
  else into.objects.push({ object: value as Record<string, unknown>, source });
}

/** Why `value` is not a Kubernetes object (string apiVersion, kind and metadata.name), or undefined. */
export function notAnObjectReason(value: unknown): string | undefined {
  if (!isRecord(value)) return Array.isArray(value) ? "the document is a list" : `the document is a ${value === null ? "null" : typeof value}`;
  const apiVersion = value["apiVersion"];
  const kind = value["kind"];
  const metadata = value["metadata"];
  const name = isRecord(metadata) ? metadata["name"] : undefined;
  const missing: string[] = [];
  if (typeof apiVersion !== "string" || !apiVersion) missing.push("apiVersion");
  if (typeof kind !== "string" || !kind) missing.push("kind");
  if (typeof name !== "string" || !name) missing.push("metadata.name");
  if (missing.length) return `no string ${missing.join(", ")}`;
  // Kubernetes' ParseGroupVersion: "version" or "group/version"; more slashes is no apiVersion.
  if ((apiVersion as string).split("/").length > 2) return `apiVersion '${String(apiVersion)}' is not 'version' or 'group/version'`;
  if ((apiVersion as string).endsWith("/")) return `apiVersion '${String(apiVersion)}' has no version`;
  return undefined;
}
