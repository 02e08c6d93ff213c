import { createReadStream } from "node:fs";
import { type FileHandle, open, truncate } from "node:fs/promises";
import { HubError, withStallTimeout } from "@hub/core";
import { downloadFile } from "../download-file.ts";
import type { BlobVerifier } from "./blob-verifier.ts";
import type { FetchBlobParams } from "./fetch-blob.ts";

const WRITE_BATCH = 1024 * 1024;

/** The server answered a range request with the whole file: fall back to one stream. */
export class RangeIgnoredError extends HubError {
  override name = "RangeIgnoredError";
}

/** Writes a response body at `position` in 1 MiB batches, reporting each batch. */
async function writeSegment(handle: FileHandle, body: ReadableStream<Uint8Array>, position: number, stallTimeout: number, onWritten: (bytes: number) => void): Promise<void> {
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  let cursor = position;
  const flush = async () => {
    const chunks = batch;
    const bytes = batchBytes;
    batch = [];
    batchBytes = 0;
    await handle.writev(chunks, cursor);
    cursor += bytes;
    onWritten(bytes);
  };
  try {
    for await (const chunk of withStallTimeout(body, stallTimeout) as unknown as AsyncIterable<Uint8Array>) {
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      if (batchBytes >= WRITE_BATCH) await flush();
    }
  } finally {
    if (batchBytes > 0) await flush();
  }
}

/**
 * Downloads a large blob as `segments` parallel ranges written in place into `incomplete`, then
 * verifies it by reading it back. On failure the file is cut back to the contiguous prefix (the
 * first segment's bytes), so a later run resumes it with one `Range: bytes=N-` like any partial file.
 * @throws {HubError} when the server does not answer a range with 206; the errors of `downloadFile`.
 */
export async function fetchSegments(params: FetchBlobParams, incomplete: string, size: number, segments: number, verifier: BlobVerifier): Promise<void> {
  const controller = new AbortController();
  const parent = params.options.signal;
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onAbort, { once: true });
  const handle = await open(incomplete, "w");
  const written = new Array<number>(segments).fill(0);
  const stallTimeout = params.stallTimeout ?? 30_000;
  try {
    await Promise.all(
      Array.from({ length: segments }, async (_, index) => {
        const start = Math.floor((size * index) / segments);
        const end = Math.floor((size * (index + 1)) / segments) - 1;
        try {
          const response = await downloadFile({ ...params.options, ...params.source, signal: controller.signal, range: { start, end } });
          if (response.status !== 206 || !response.body) {
            await response.body?.cancel().catch(() => undefined);
            throw new RangeIgnoredError(`The server did not answer the range request for ${params.source.path} with 206 (got ${response.status})`);
          }
          await writeSegment(handle, response.body, start, stallTimeout, (bytes) => {
            written[index] = (written[index] ?? 0) + bytes;
            params.onBytes?.(bytes);
          });
        } catch (error) {
          controller.abort(error);
          throw error;
        }
      }),
    );
  } catch (error) {
    await handle.close();
    // Keep only the contiguous prefix: a partial file must hold the first N bytes and nothing else.
    const prefix = written[0] ?? 0;
    await truncate(incomplete, prefix);
    params.onBytes?.(-written.reduce((sum, bytes) => sum + bytes, 0));
    throw parent?.aborted ? parent.reason : error;
  } finally {
    parent?.removeEventListener("abort", onAbort);
  }
  await handle.close();
  for await (const chunk of createReadStream(incomplete, { highWaterMark: WRITE_BATCH })) verifier.update(chunk as Buffer);
}
