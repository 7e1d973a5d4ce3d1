// Reading manifest bytes with bounded memory, and decoding them as gator would accept them. A CI
// gate must fail closed: a device such as /dev/zero or a FIFO is refused before it is opened
// for reading, a file is measured before it is read, stdin is counted while it is read and
// abandoned past the limit, and binary content is an error rather than U+FFFD-laden text.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";
import type { Readable } from "node:stream";

/** The path that means stdin. */
export const STDIN = "-";

/** The default of --max-input-bytes: 256 MiB in total. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

const CHUNK_BYTES = 64 * 1024;

/** A path that is not a regular file or a directory; its message is the one-line reason. */
export class NotRegularFileError extends Error {}

/** What a non-regular, non-directory file is ("a character device"), or undefined. */
function specialKind(stat: Stats): string | undefined {
  if (stat.isFile() || stat.isDirectory()) return undefined;
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isSocket()) return "a socket";
  return "not a file";
}

/** Throws NotRegularFileError for a device, FIFO or socket (stdin is read through `-` instead). */
export function assertNotSpecial(stat: Stats): void {
  const kind = specialKind(stat);
  if (kind) throw new NotRegularFileError(`not a regular file (${kind}): gkc audit reads files, directories and - (stdin)`);
}

export type FileBytes = { readonly bytes: Uint8Array } | { readonly tooLarge: number };

/**
 * Reads a regular file, or reports its size when it is larger than `budget` bytes without
 * reading it. Opened non-blocking, so a path swapped for a FIFO after it was checked cannot hang.
 */
export function readFileBytes(file: string, budget: number): FileBytes {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    assertNotSpecial(stat);
    if (stat.isDirectory()) throw new NotRegularFileError("is a directory");
    if (stat.size > budget) return { tooLarge: stat.size };
    // Read to the end rather than trusting the size (a file may grow; /proc files claim 0).
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.max(CHUNK_BYTES, stat.size - total + 1));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > budget) return { tooLarge: total };
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a stream to its end, or stops and destroys it once it has given more than `limit`
 * bytes: the result is then longer than `limit` (by less than a chunk).
 */
export function readStreamBytes(stream: Readable, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const done = (): void => {
      stream.off("data", onData);
      stream.off("end", done);
      stream.off("error", onError);
      resolve(concat(chunks, total));
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      chunks.push(bytes);
      total += bytes.length;
      if (total > limit) {
        stream.destroy();
        done();
      }
    };
    const onError = (error: Error): void => {
      stream.off("data", onData);
      stream.off("end", done);
      reject(error);
    };
    stream.on("data", onData);
    stream.once("end", done);
    stream.once("error", onError);
  });
}

/** One fresh buffer (never a slice of Node's shared pool, so it can be transferred to a worker). */
function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of a manifest, or why it is not one: a NUL byte or invalid UTF-8 means binary
 * content, which gator rejects too. A leading UTF-8 byte-order mark is dropped.
 */
export function decodeManifest(bytes: Uint8Array): { readonly text: string } | { readonly error: string } {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { error: `binary content (a NUL byte at byte ${nul}): not a YAML or JSON manifest` };
  try {
    return { text: utf8.decode(bytes) };
  } catch {
    return { error: "not valid UTF-8 (binary content?): not a YAML or JSON manifest" };
  }
}

/** A manifest file's text, read as readInputs reads one; throws an Error whose message is the one-line reason. */
export function readManifestFile(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  const read = readFileBytes(file, maxBytes);
  if ("tooLarge" in read) throw new Error(`the file is ${read.tooLarge} bytes, over the limit of ${maxBytes} bytes`);
  const decoded = decodeManifest(read.bytes);
  if ("error" in decoded) throw new Error(decoded.error);
  return decoded.text;
}
