import { isBrowser, throwIfAborted } from "@hub/core/internal";
import { base64Length, encodeBase64Into } from "./base64.ts";
import { readBytes } from "./byte-source.ts";
import type { FileBytes } from "./commit-files.ts";
import type { ProgressReporter } from "./progress.ts";

/** One entry of the commit, in the caller's order. */
export type CommitEntry =
  | { kind: "regular"; file: FileBytes }
  | { kind: "lfs"; path: string; oid: string; size: number }
  | { kind: "copy"; path: string; oid: string }
  | { kind: "deleteFile"; path: string }
  | { kind: "deleteFolder"; path: string };

/** Header line of the commit. */
export interface CommitHeader {
  summary: string;
  description: string;
  parentCommit?: string | undefined;
}

interface BodyContext {
  progress: ProgressReporter;
  signal: AbortSignal | undefined;
}

/** Bytes of NDJSON handed to fetch at once: one write per chunk, not one per line. */
const CHUNK_BYTES = 256 * 1024;
/** File bytes base64-encoded per step (a multiple of 3, so the pieces concatenate): 128 KiB of text. */
const ENCODE_PIECE_BYTES = 3 * 32 * 1024;
/** Room of the chunk buffer: a chunk is cut once past CHUNK_BYTES, so one more piece or short line always fits. */
const CHUNK_CAPACITY = 2 * CHUNK_BYTES;

/**
 * The commit's NDJSON body: a stream of ~256 KiB chunks, built as bytes (regular files are
 * base64-encoded straight into the chunk; small ones were read once already, for the preupload
 * sample), never the whole payload in memory. Browsers cannot stream request bodies over HTTP/1.1: there it is one Blob.
 */
export async function commitBody(
  header: CommitHeader,
  entries: readonly CommitEntry[],
  context: BodyContext,
): Promise<ReadableStream<Uint8Array> | Blob> {
  const chunks = commitBodyChunks(header, entries, context);
  if (isBrowser()) {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return new Blob(parts as BlobPart[], { type: "application/x-ndjson" });
  }
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** The body's chunks; regular files are reported uploaded once the chunk ending their line is taken. */
export async function* commitBodyChunks(
  header: CommitHeader,
  entries: readonly CommitEntry[],
  context: BodyContext,
): AsyncGenerator<Uint8Array, void, undefined> {
  const writer = new ChunkWriter();
  const done: string[] = [];
  const reportDone = () => {
    for (const path of done) context.progress.complete("commit", path);
    done.length = 0;
  };
  {
    writer.text(
      `${JSON.stringify({ key: "header", value: { summary: header.summary, description: header.description, ...(header.parentCommit ? { parentCommit: header.parentCommit } : {}) } })}\n`,
    );
    for (const entry of entries) {
      throwIfAborted(context.signal);
      if (entry.kind !== "regular") {
        writer.text(`${JSON.stringify(otherLine(entry))}\n`);
      } else {
        const bytes = entry.file.bytes ?? (await readBytes(entry.file.source));
        writer.text('{"key":"file","value":{"content":"');
        for (let start = 0; start < bytes.byteLength; start += ENCODE_PIECE_BYTES) {
          writer.base64(bytes.subarray(start, start + ENCODE_PIECE_BYTES));
          if (writer.length >= CHUNK_BYTES) {
            yield writer.take();
            reportDone();
          }
        }
        writer.text(`","path":${JSON.stringify(entry.file.path)},"encoding":"base64"}}\n`);
        done.push(entry.file.path);
      }
      if (writer.length >= CHUNK_BYTES) {
        yield writer.take();
        reportDone();
      }
    }
    if (writer.length > 0) yield writer.take();
    reportDone();
  }
}

function otherLine(entry: Exclude<CommitEntry, { kind: "regular" }>): unknown {
  switch (entry.kind) {
    case "lfs":
      return { key: "lfsFile", value: { path: entry.path, algo: "sha256", oid: entry.oid, size: entry.size } };
    case "copy":
      // No size: the server copies an object it already stores.
      return { key: "lfsFile", value: { path: entry.path, algo: "sha256", oid: entry.oid } };
    case "deleteFile":
      return { key: "deletedFile", value: { path: entry.path } };
    case "deleteFolder":
      return { key: "deletedFolder", value: { path: `${entry.path}/` } };
  }
}

/** Bytes appended into a reused buffer; a chunk is handed out as a copy of what it holds. */
class ChunkWriter {
  #buffer = new Uint8Array(CHUNK_CAPACITY);
  #length = 0;
  readonly #encoder = new TextEncoder();

  get length(): number {
    return this.#length;
  }

  text(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.#reserve(text.length * 3);
    this.#length += this.#encoder.encodeInto(text, this.#buffer.subarray(this.#length)).written;
  }

  base64(bytes: Uint8Array): void {
    this.#reserve(base64Length(bytes.byteLength));
    this.#length = encodeBase64Into(bytes, this.#buffer, this.#length);
  }

  take(): Uint8Array {
    const chunk = this.#buffer.slice(0, this.#length);
    this.#length = 0;
    return chunk;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.byteLength) return;
    // Only a line with a huge text field gets here (file content comes in pieces that fit).
    const grown = new Uint8Array(Math.max(this.#buffer.byteLength * 2, this.#length + bytes));
    grown.set(this.#buffer.subarray(0, this.#length));
    this.#buffer = grown;
  }
}
