// Reads the manifests `gkc audit` reviews: files and directories (recursively: .yaml, .yml,
// .json), `-` for stdin; multi-document YAML, JSON, and `v1` `List` objects (expanded into their
// items). Every object keeps the file and line it was read from.
//
// YAML is read with the YAML 1.2 core schema, as gator reads it (go.yaml.in/yaml/v3): `yes`/`on`
// are strings, not booleans, and date-like scalars stay strings.
//
// A document that is not a Kubernetes object is skipped and reported with its line; a file that
// does not parse is one error (file and line) and none of its documents is used.
//
// The CI gate fails closed: reading no object at all is an error (unless allowEmpty), and so are
// binary content, a device or FIFO named as input, input past maxInputBytes in total (stdin
// included), and nesting deeper than gator reads.
import { readdirSync, realpathSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { Readable } from "node:stream";
import { Composer, isMap, isSeq, LineCounter, type Node as YamlNode } from "yaml";
import { deeperThan, depthBoundedTokens, MAX_NESTING_DEPTH, NestingTooDeep } from "./audit-depth.js";
import { assertNotSpecial, decodeManifest, DEFAULT_MAX_INPUT_BYTES, readFileBytes, readStreamBytes, STDIN, type FileBytes } from "./audit-read.js";
import type { AuditError, AuditObject, SkippedDocument, SourceLocation } from "./types.js";

export { STDIN };

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
  /** Stdin, already read (text or bytes); injectable for tests and for a worker thread. */
  readonly readStdin?: () => Promise<string | Uint8Array>;
  /** The stream `-` reads when readStdin is not given (default process.stdin). */
  readonly stdin?: Readable;
  /** The limit on the bytes read in total, files and stdin (default 256 MiB). */
  readonly maxInputBytes?: number;
  /** Reading no Kubernetes object is not an error (a deliberately empty render). */
  readonly allowEmpty?: boolean;
  /** See ParseOptions.stackLevels. */
  readonly stackLevels?: number;
}

/** What one file (or stdin) held, to say why the input has no object. */
interface SourceSummary {
  readonly name: string;
  readonly blank: boolean;
  readonly documents: number;
}

/** Reads every path (file, directory, or `-`), in the order given; directories in sorted order. */
export async function readInputs(paths: readonly string[], options: ReadOptions = {}): Promise<InputResult> {
  const limit = options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const result: InputResult = { objects: [], skipped: [], errors: [], files: 0 };
  const sources: SourceSummary[] = [];
  let used = 0;
  const add = (bytes: Uint8Array, name: string): void => {
    (result as { files: number }).files++;
    used += bytes.length;
    const decoded = decodeManifest(bytes);
    if ("error" in decoded) {
      result.errors.push({ kind: "input", message: decoded.error, source: { file: name, line: 0 } });
      return;
    }
    const parsed = parseManifests(decoded.text, name, options.stackLevels === undefined ? {} : { stackLevels: options.stackLevels });
    sources.push({ name, blank: decoded.text.trim() === "", documents: parsed.objects.length + parsed.skipped.length });
    result.objects.push(...parsed.objects);
    result.skipped.push(...parsed.skipped);
    result.errors.push(...parsed.errors);
  };
  const overLimit = (file: string, what: string): void => {
    result.errors.push({ kind: "input", message: `the input exceeds the --max-input-bytes limit of ${limit} bytes: ${what}; nothing more is read`, source: { file, line: 0 } });
  };
  let stdinRead = false;
  reading: for (const path of paths) {
    if (path === STDIN) {
      if (stdinRead) {
        result.errors.push({ kind: "input", message: "'-' (stdin) is given more than once" });
        continue;
      }
      stdinRead = true;
      const read = options.readStdin ? await options.readStdin() : await readStreamBytes(options.stdin ?? process.stdin, limit - used);
      const bytes = typeof read === "string" ? new TextEncoder().encode(read) : read;
      if (bytes.length > limit - used) {
        overLimit(STDIN_NAME, `stopped reading stdin after ${bytes.length} bytes`);
        break reading;
      }
      add(bytes, STDIN_NAME);
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
      if (!options.allowEmpty) result.errors.push({ kind: "input", message: "no .yaml, .yml or .json files in this directory", source: { file: path, line: 0 } });
      continue;
    }
    for (const file of files) {
      let read: FileBytes;
      try {
        read = readFileBytes(file, limit - used);
      } catch (error) {
        result.errors.push({ kind: "input", message: `cannot read: ${describeFsError(error)}`, source: { file, line: 0 } });
        continue;
      }
      if ("tooLarge" in read) {
        overLimit(file, `this file is ${read.tooLarge} bytes, after ${used} bytes of other input`);
        break reading;
      }
      add(read.bytes, file);
    }
  }
  if (!result.objects.length && !result.errors.length && !options.allowEmpty) {
    result.errors.push({ kind: "input", message: `no Kubernetes object in the input: ${whyEmpty(sources)} (--allow-empty passes on empty input)` });
  }
  return result;
}

/** Why the files read hold no object, naming them. */
function whyEmpty(sources: readonly SourceSummary[]): string {
  const [only] = sources;
  if (!only) return "nothing was read";
  const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);
  if (sources.length === 1) {
    if (only.blank) return `${only.name} is empty`;
    if (!only.documents) return `${only.name} holds only comments or empty documents`;
    return `${only.name}: ${plural(only.documents, "its 1 document is not a Kubernetes object", `its ${only.documents} documents are not Kubernetes objects`)}`;
  }
  const names = sources.slice(0, 3).map((s) => s.name).join(", ") + (sources.length > 3 ? ", …" : "");
  const documents = sources.reduce((n, s) => n + s.documents, 0);
  const held = documents ? `${documents} ${plural(documents, "document", "documents")} in them, none a Kubernetes object` : "no document in them";
  return `${sources.length} files read (${names}), ${held}`;
}

/**
 * A file is itself (whatever its extension: it was named); a directory is its manifests,
 * recursively. A device, FIFO or socket throws NotRegularFileError (stat does not open it).
 */
export function expandPath(path: string): string[] {
  const stat = statSync(path);
  assertNotSpecial(stat);
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

export interface ParsedFile {
  readonly objects: AuditObject[];
  readonly skipped: SkippedDocument[];
  readonly errors: AuditError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface ParseOptions {
  /** The deepest nesting read (default 10,000, as gator); deeper is an error. */
  readonly maxDepth?: number;
  /**
   * For a caller on a small stack: throw NeedsLargerStack rather than compose a document that may
   * nest deeper than this (default: no limit; the caller's stack is large, see audit-thread.ts).
   */
  readonly stackLevels?: number;
}

/** Splits one file's text into objects; on a parse error, returns that one error and nothing else. */
export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParsedFile {
  const maxDepth = options.maxDepth ?? MAX_NESTING_DEPTH;
  const lineCounter = new LineCounter();
  const format = file.toLowerCase().endsWith(".json") ? "JSON" : "YAML";
  const lineOf = (offset: number | undefined): number => (offset === undefined ? 1 : lineCounter.linePos(offset).line);
  const fail = (message: string, line: number): ParsedFile => ({ objects: [], skipped: [], errors: [{ kind: "input", message, source: { file, line } }] });
  const tooDeep = `nested deeper than ${maxDepth} levels`;
  // Only the `yaml` library's stack overflow says this; on gkc audit's stack it means deeper than
  // gator reads, elsewhere (a caller on the default stack) merely deeper than that stack holds.
  const stackExhausted = `nested too deeply for this thread's stack (gkc audit reads up to ${maxDepth} levels)`;
  let docs;
  try {
    docs = Array.from(new Composer({ prettyErrors: false }).compose(depthBoundedTokens(text, lineCounter.addNewLine, maxDepth, options.stackLevels)));
  } catch (error) {
    if (error instanceof NestingTooDeep) return fail(tooDeep, lineOf(error.offset));
    throw error;
  }
  for (const document of docs) {
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0]?.line ?? lineOf(error.pos[0]);
      if (error.code === "RESOURCE_EXHAUSTION") return fail(stackExhausted, line);
      const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      return fail(`malformed ${format}: ${message}`, line);
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
      if (error instanceof RangeError) return fail(stackExhausted, source.line);
      return fail(`malformed ${format}: ${error instanceof Error ? error.message : String(error)}`, source.line);
    }
    if (deeperThan(value, maxDepth)) return fail(tooDeep, source.line);
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
