import { type HashSource, HubError, sha256 } from "@hub/core";
import { forEachConcurrent } from "@hub/core/internal";
import { type ByteSource, isSizedStream, keepingChunks, readBytes, toByteSource } from "./byte-source.ts";
import { toBase64 } from "./base64.ts";
import type { ProgressReporter } from "./progress.ts";
import type { CommitContent } from "./types.ts";

/** Bytes of the sample sent to the preupload endpoint. */
const SAMPLE_SIZE = 512;

/** Samples read at once (at least). */
const SAMPLE_CONCURRENCY = 32;

/** Bytes read at once when hashing a byte stream into one reused buffer. */
const HASH_READ_BYTES = 4 * 1024 * 1024;

/** Files up to this size are read whole once: the sample, the hash and the commit line come from one read... */
const READ_WHOLE_MAX_BYTES = 256 * 1024;
/** ...as long as the bytes kept that way stay under this. */
const READ_WHOLE_BUDGET_BYTES = 64 * 1024 * 1024;

/** An added file ready for the preupload: re-readable bytes, size, base64 sample, and its SHA-256 once known. */
export interface HashedFile {
  path: string;
  source: ByteSource;
  size: number;
  sample: string;
  /** Set for LFS files (and one-shot streams, hashed while they are read). */
  sha256: string;
  /** The whole content, for small files read once; dropped once committed. */
  bytes?: Uint8Array | undefined;
}

interface HashContext {
  concurrency: number;
  signal: AbortSignal | undefined;
  progress: ProgressReporter;
}

/** Sizes known before reading (a one-shot stream announces its size). */
export function contentSize(content: CommitContent): number {
  if (content instanceof Blob) return content.size;
  if (content instanceof Uint8Array || content instanceof ArrayBuffer) return content.byteLength;
  return content.size;
}

/**
 * Reads each file's sample (what the preupload needs), `concurrency` at a time. One-shot streams are
 * read whole here, hashed on the way and kept; other sources are hashed later, and only if they go to LFS.
 */
export async function prepareFiles(files: readonly { path: string; content: CommitContent }[], context: HashContext): Promise<HashedFile[]> {
  const prepared: HashedFile[] = new Array(files.length);
  let budget = READ_WHOLE_BUDGET_BYTES;
  // Samples are small reads: more of them at once than files hashed.
  await forEachConcurrent(
    files,
    Math.max(context.concurrency, SAMPLE_CONCURRENCY),
    async ({ path, content }, index) => {
      let source: ByteSource;
      let oid = "";
      if (isSizedStream(content)) {
        const kept = keepingChunks(content, path);
        oid = await hashStream(path, kept.stream, content.size, context);
        source = kept.finish();
      } else source = toByteSource(content);
      let bytes = source.bytes;
      if (!bytes && source.size <= READ_WHOLE_MAX_BYTES && source.size <= budget) {
        budget -= source.size;
        bytes = await readBytes(source);
      }
      const sampleEnd = Math.min(SAMPLE_SIZE, source.size);
      const sample = toBase64(bytes ? bytes.subarray(0, sampleEnd) : await readBytes(source, 0, sampleEnd));
      prepared[index] = { path, source, size: source.size, sample, sha256: oid, bytes };
    },
    context.signal,
  );
  return prepared;
}

/** Computes the streaming SHA-256 of the files that lack it, `concurrency` at a time. */
export async function hashFiles(files: readonly HashedFile[], context: HashContext): Promise<void> {
  await forEachConcurrent(
    files.filter((file) => file.sha256 === ""),
    context.concurrency,
    async (file) => {
      file.sha256 = await hashStream(file.path, file.bytes ?? reusingChunks(file.source.read(0, file.size), file.size), file.size, context);
      // LFS files are uploaded from their source: the bytes read for the sample are not needed any more.
      file.bytes = undefined;
    },
    context.signal,
  );
}

async function hashStream(path: string, stream: HashSource, size: number, context: HashContext): Promise<string> {
  let reported = 0;
  const onProgress = (bytes: number) => {
    context.progress.advance("hashing", path, bytes - reported);
    reported = bytes;
  };
  const oid = await sha256(stream, { onProgress, signal: context.signal });
  if (reported !== size) throw new HubError(`Read ${reported} bytes of ${path} instead of its size ${size}`);
  context.progress.complete("hashing", path);
  return oid;
}

/**
 * The chunks of a stream, read into one reused buffer when it is a byte stream (BYOB), so hashing a
 * big file allocates nothing per chunk; other streams are read as they come. Each chunk is valid
 * until the next one is asked for (the hasher is done with it by then).
 */
async function* reusingChunks(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array, void, undefined> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    // Not a byte stream: chunks as they come.
    const plain = stream.getReader();
    try {
      for (let next = await plain.read(); !next.done; next = await plain.read()) yield next.value;
    } finally {
      plain.releaseLock();
    }
    return;
  }
  let buffer = new ArrayBuffer(Math.max(1, Math.min(HASH_READ_BYTES, size)));
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done || !value) {
        finished = true;
        return;
      }
      yield value;
      buffer = value.buffer as ArrayBuffer;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
