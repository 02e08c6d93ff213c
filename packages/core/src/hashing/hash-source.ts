import { abortReason } from "../errors/abort.ts";

/**
 * Bytes that `sha256` can hash without holding more than one chunk at a time (except a given
 * buffer). An `AsyncIterable<Uint8Array>` covers Node streams such as `fs.createReadStream(path)`.
 */
export type HashSource = Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Uint8Array | ArrayBuffer;

/** Chunk size for Blobs and buffers: 1 MiB keeps node:crypto near its one-shot speed. */
export const HASH_CHUNK_SIZE = 1024 * 1024;

/** Reads a source as a sequence of chunks; stops with the abort reason when `signal` fires. */
export async function* readChunks(source: HashSource, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    const bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
    for (let offset = 0; offset < bytes.byteLength; offset += HASH_CHUNK_SIZE) {
      if (signal?.aborted) throw abortReason(signal);
      yield bytes.subarray(offset, offset + HASH_CHUNK_SIZE);
    }
  } else if (typeof Blob !== "undefined" && source instanceof Blob) {
    yield* readBlob(source, signal);
  } else if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    yield* readStream(source, signal);
  } else {
    for await (const chunk of source as AsyncIterable<Uint8Array>) {
      if (signal?.aborted) throw abortReason(signal);
      yield chunk;
    }
  }
}

/** Reads 1 MiB slices, one at a time. */
async function* readBlob(blob: Blob, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  for (let offset = 0; offset < blob.size; offset += HASH_CHUNK_SIZE) {
    if (signal?.aborted) throw abortReason(signal);
    yield new Uint8Array(await blob.slice(offset, offset + HASH_CHUNK_SIZE).arrayBuffer());
  }
}

async function* readStream(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    reader.releaseLock();
  }
}
