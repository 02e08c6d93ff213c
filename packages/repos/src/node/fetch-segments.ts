import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, link, open, rm, truncate } from "node:fs/promises";
import { buildHeaders, buildRequestUrl, HubError, resolveHubUrl, resolvePath } from "@hub/core";
import { rangeHeader } from "../download-file.ts";
import { type FileWriter, poolWriter, threadWriter } from "./file-writers.ts";
import { fetchRawRange } from "./raw-range.ts";
import { digestMismatch, type HashSpec, hashSpec } from "./blob-verifier.ts";
import { DEFAULT_STALL_TIMEOUT, type FetchBlobParams, POOL_WRITE_PIECE, READ_BLOCK, requestContent, WRITE_PIECE } from "./fetch-blob.ts";
import { type FrontierHasher, startFrontierHasher } from "./frontier-hasher.ts";
import { readBatches } from "./read-body.ts";

/** Largest range requested at once: the hasher trails the downloads by about `lanes` of these. */
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;

/** The server answered a range request with the whole file: fall back to one stream. */
export class RangeIgnoredError extends HubError {
  override name = "RangeIgnoredError";
}

/** One range of the file and how much of it is on disk (always a prefix of the range). */
interface Chunk {
  start: number;
  end: number;
  written: number;
}

/** The hex digest of a whole file. */
async function hashFile(path: string, spec: HashSpec): Promise<string> {
  const hash = createHash(spec.algorithm);
  if (spec.prefix) hash.update(spec.prefix);
  for await (const chunk of createReadStream(path, { highWaterMark: READ_BLOCK })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Byte length of the part of the file that is complete from its first byte. */
function contiguousBytes(chunks: readonly Chunk[]): number {
  let frontier = 0;
  for (const chunk of chunks) {
    frontier = chunk.start + chunk.written;
    if (chunk.start + chunk.written <= chunk.end) break;
  }
  return frontier;
}

async function writeChunk(handle: FileHandle, response: Response, chunk: Chunk, params: FetchBlobParams, onWritten: () => void): Promise<void> {
  await readBatches(response, params.stallTimeout ?? DEFAULT_STALL_TIMEOUT, POOL_WRITE_PIECE, async (buffers, bytes) => {
    await handle.writev(buffers, chunk.start + chunk.written);
    chunk.written += bytes;
    params.onBytes?.(bytes);
    onWritten();
  });
  if (chunk.start + chunk.written !== chunk.end + 1) {
    throw new HubError(`The range ${chunk.start}-${chunk.end} of ${params.source.path} ended after ${chunk.written} bytes`);
  }
}

/** Node itself (Bun and Deno implement `node:net` without every option the raw path relies on). */
function isNode(): boolean {
  const runtime = globalThis as { Bun?: unknown; Deno?: unknown };
  return runtime.Bun === undefined && runtime.Deno === undefined && typeof process !== "undefined" && process.release?.name === "node";
}

/** The URL a range can be fetched from over our raw HTTP path: plain `http:`, Node, and no caller `fetch`. */
function rawUrl(params: FetchBlobParams, location: string | undefined): URL | undefined {
  if (params.options.fetch || !isNode()) return undefined;
  const url = buildRequestUrl(resolveHubUrl(params.options), location ? { url: location } : { path: resolvePath(params.source) });
  return url.protocol === "http:" ? url : undefined;
}

/** Request headers for the raw path, as `hubRequest` builds them (the token only to the Hub's origin). */
function rawHeaders(params: FetchBlobParams, url: URL, chunk: Chunk): Record<string, string> {
  const headers = buildHeaders(params.options, { headers: { range: rangeHeader(chunk), "accept-encoding": "identity" }, responseType: "response" }, {
    url,
    hubUrl: resolveHubUrl(params.options),
    contentType: undefined,
  });
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * Downloads a large blob into `part` as ranges of at most 8 MiB, `lanes` of them in flight (the
 * first answer's final URL, e.g. a CDN after a redirect, serves the following ranges). On Node the
 * bytes go through the process's writer thread in `WRITE_PIECE` writes. Ranges are taken in file
 * order, so the written prefix grows steadily and the hasher thread verifies it from the page cache
 * as it grows: the check is done almost as soon as the last byte is written.
 * On failure the part file is cut back to its contiguous prefix and becomes `incomplete` (unless
 * one appeared meanwhile), which either client resumes with one `Range: bytes=N-`. A process killed
 * mid-way leaves only the part file, holes included, which the next run under the lock deletes:
 * never an `.incomplete` file with holes that a resuming client would take for a prefix.
 * @throws {RangeIgnoredError} when the server does not answer a range with 206 (nothing kept).
 * @throws {HubError} when the bytes do not match the ETag; the errors of the requests.
 */
export async function fetchChunks(params: FetchBlobParams, part: string, incomplete: string, size: number, lanes: number): Promise<void> {
  const chunkBytes = Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.ceil(size / lanes)));
  const chunks: Chunk[] = [];
  for (let start = 0; start < size; start += chunkBytes) chunks.push({ start, end: Math.min(size, start + chunkBytes) - 1, written: 0 });
  const controller = new AbortController();
  const parent = params.options.signal;
  const onAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onAbort, { once: true });
  const handle = await open(part, "w");
  const spec = hashSpec(params.etag, size);
  let hasher: FrontierHasher | undefined;
  let writer: FileWriter | undefined;
  let location = params.location;
  let next = 0;
  let corrupt = false;
  try {
    hasher = spec && startFrontierHasher(part, spec.algorithm, spec.prefix);
    // The writer thread serves the raw path, which only Node takes (see `rawUrl`).
    writer = (isNode() ? threadWriter(handle.fd, WRITE_PIECE) : undefined) ?? poolWriter(handle.fd, POOL_WRITE_PIECE);
    const writeToPart = writer.write;
    const lane = async () => {
      while (next < chunks.length && !controller.signal.aborted) {
        const chunk = chunks[next++]!;
        const onWritten = (bytes: number) => {
          chunk.written += bytes;
          params.onBytes?.(bytes);
          hasher?.advance(contiguousBytes(chunks));
        };
        let url = rawUrl(params, location);
        for (let hops = 0; url && hops <= 5; hops++) {
          const outcome = await fetchRawRange({
            url,
            headers: rawHeaders(params, url, chunk),
            start: chunk.start,
            end: chunk.end,
            write: writeToPart,
            stallTimeout: params.stallTimeout ?? DEFAULT_STALL_TIMEOUT,
            signal: controller.signal,
            onWritten,
          });
          if (outcome.done) break;
          // A redirect (the Hub sends LFS files to its CDN) is followed, and kept for the next ranges.
          const next = outcome.status >= 300 && outcome.status <= 399 && outcome.location ? new URL(outcome.location, url) : undefined;
          url = next?.protocol === "http:" ? next : undefined;
          if (url) location = url.href;
        }
        if (chunk.start + chunk.written === chunk.end + 1) continue;
        // Not a plain 206 over http: (an error status, https...): the ordinary request takes over.
        const response = await requestContent({ ...params, location }, { start: chunk.start, end: chunk.end }, controller.signal);
        if (response.status !== 206 || !response.headers.get("content-range")?.startsWith(`bytes ${chunk.start}-`)) {
          await response.body?.cancel().catch(() => undefined);
          throw new RangeIgnoredError(`The server did not answer the range request for ${params.source.path} with 206 (got ${response.status})`);
        }
        // Later ranges go straight where the first answer came from (one redirect, not one per range).
        if (response.redirected && response.url) location = response.url;
        await writeChunk(handle, response, chunk, params, () => hasher?.advance(contiguousBytes(chunks)));
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(lanes, chunks.length) }, async () => {
        try {
          await lane();
        } catch (error) {
          controller.abort(error);
          throw error;
        }
      }),
    );
    // Every write is done before the descriptor is closed (a number reused by another open would take a late write).
    await writer.close();
    await handle.close();
    if (spec) {
      // Without a hasher thread (a runtime without eval workers) the file is read back once.
      const digest = hasher ? await hasher.finish(size) : await hashFile(part, spec);
      const mismatch = digestMismatch(digest, params.etag);
      hasher = undefined;
      corrupt = mismatch !== undefined;
      if (mismatch) throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
    }
  } catch (error) {
    await writer?.close();
    await handle.close().catch(() => undefined);
    await hasher?.stop();
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
