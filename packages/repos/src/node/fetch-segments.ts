import { link, open, rm, truncate } from "node:fs/promises";
import { HubError } from "@hub/core";
import { type BlobContent, fetchSpan, RangeIgnoredError, type Span } from "../transfer/blob-content.ts";
import { digestMismatch, hashSpec } from "./blob-verifier.ts";
import type { FetchBlobParams } from "./fetch-blob.ts";
import { FrontierHasher } from "./frontier-hasher.ts";
import { runLanes } from "../transfer/run-lanes.ts";

/** Largest range requested at once: the hash trails the downloads by about `lanes` of these. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/** Byte length of the part of the file that is complete from its first byte. */
function contiguousBytes(chunks: readonly Span[]): number {
  let frontier = 0;
  for (const chunk of chunks) {
    frontier = chunk.start + chunk.written;
    if (chunk.start + chunk.written <= chunk.end!) break;
  }
  return frontier;
}

/**
 * Downloads a large blob into `part` as ranges of at most 8 MiB, `lanes` of them in flight, each
 * retried and resumed on its own (`fetchSpan`); the first answer's final URL (a CDN after a
 * redirect) serves the following ranges, and a new one is asked for when it expires. Ranges are
 * taken in file order, so the written prefix grows steadily and is hashed as it grows: the check is
 * done almost as soon as the last byte is written.
 * On failure the part file is cut back to its contiguous prefix and becomes `incomplete` (unless
 * one appeared meanwhile), which either client resumes with one `Range: bytes=N-`. A process killed
 * mid-way leaves only the part file, holes included, which the next run under the lock deletes:
 * never an `.incomplete` file with holes that a resuming client would take for a prefix.
 * @throws {RangeIgnoredError} when the server does not answer a range with 206 (nothing kept).
 * @throws {HubError} when the bytes do not match the ETag; the errors of the requests.
 */
export async function fetchChunks(
  params: FetchBlobParams,
  content: BlobContent,
  part: string,
  incomplete: string,
  size: number,
  lanes: number,
): Promise<void> {
  const chunkBytes = Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.ceil(size / lanes)));
  const chunks: Span[] = [];
  for (let start = 0; start < size; start += chunkBytes) chunks.push({ start, end: Math.min(size, start + chunkBytes) - 1, written: 0 });
  const controller = new AbortController();
  const parent = params.options.signal;
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onAbort, { once: true });
  // Read and write: the hash reads back what is written.
  const handle = await open(part, "w+");
  const spec = hashSpec(params.etag, size);
  const hasher = spec && new FrontierHasher(handle, spec);
  let next = 0;
  let corrupt = false;
  try {
    const store = async (buffers: Uint8Array[], bytes: number, position: number) => {
      await handle.writev(buffers, position);
      params.onBytes?.(bytes);
    };
    const lane = async () => {
      while (next < chunks.length && !controller.signal.aborted) {
        const chunk = chunks[next++]!;
        await fetchSpan(content, chunk, store, controller.signal);
        hasher?.advance(contiguousBytes(chunks));
      }
    };
    await runLanes(Math.min(lanes, chunks.length), lane, controller);
    if (hasher) {
      const mismatch = digestMismatch(await hasher.finish(size), params.etag);
      corrupt = mismatch !== undefined;
      if (mismatch) throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
    }
    await handle.close();
  } catch (error) {
    await hasher?.stop();
    await handle.close().catch(() => undefined);
    const prefix = error instanceof RangeIgnoredError || corrupt ? 0 : contiguousBytes(chunks);
    try {
      if (prefix > 0) {
        await truncate(part, prefix);
        await link(part, incomplete).catch(() => undefined);
      }
    } finally {
      await rm(part, { force: true });
    }
    params.onBytes?.(-chunks.reduce((sum, chunk) => sum + chunk.written, 0));
    throw parent?.aborted ? parent.reason : error;
  } finally {
    parent?.removeEventListener("abort", onAbort);
  }
}
