import { type HashSource, HubError, sha256 } from "@hub/core";
import { forEachConcurrent } from "@hub/core/internal";
import type { HashedFile, PreuploadedFile } from "./commit-files.ts";
import type { ProgressReporter } from "./progress.ts";

/** Bytes read at once when hashing a byte stream into one reused buffer. */
const HASH_READ_BYTES = 4 * 1024 * 1024;

interface HashContext {
  concurrency: number;
  signal: AbortSignal | undefined;
  progress: ProgressReporter;
}

/**
 * The `hash` step: the streaming SHA-256 of each LFS file, `concurrency` at a time (from the bytes
 * read in the preupload step when the file is small, else from its source). Regular files are sent
 * inline and need no hash: they pass through, reported `skipped`.
 * @throws {HubError} when a source yields another number of bytes than its size.
 */
export async function hashFiles(files: readonly PreuploadedFile[], context: HashContext): Promise<HashedFile[]> {
  const hashed: HashedFile[] = new Array(files.length);
  await forEachConcurrent(
    files,
    context.concurrency,
    async (file, index) => {
      if (file.uploadMode === "regular") {
        hashed[index] = { ...file, uploadMode: "regular" };
        context.progress.complete("hash", file.path, true);
        return;
      }
      const stream = file.bytes ?? reusingChunks(file.source.read(0, file.size), file.size);
      hashed[index] = { ...file, uploadMode: "lfs", sha256: await hashStream(file.path, stream, file.size, context) };
    },
    context.signal,
  );
  return hashed;
}

async function hashStream(path: string, stream: HashSource, size: number, context: HashContext): Promise<string> {
  let reported = 0;
  const onProgress = (bytes: number) => {
    context.progress.advance("hash", path, bytes - reported);
    reported = bytes;
  };
  const oid = await sha256(stream, { onProgress, signal: context.signal });
  if (reported !== size) throw new HubError(`Read ${reported} bytes of ${path} instead of its size ${size}`);
  context.progress.complete("hash", path);
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
