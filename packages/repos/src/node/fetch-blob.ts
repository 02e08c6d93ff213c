import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, truncate } from "node:fs/promises";
import { dirname } from "node:path";
import { type FileLocation, HubError, type HubOptions, withStallTimeout } from "@hub/core";
import { downloadFile } from "../download-file.ts";
import { createBlobVerifier } from "./blob-verifier.ts";
import { exists } from "./fs-utils.ts";
import { fetchSegments, RangeIgnoredError } from "./fetch-segments.ts";
import { acquireLock } from "./file-lock.ts";

/** Default stall timeout of transfers: no byte for this long fails the download (milliseconds). */
export const DEFAULT_STALL_TIMEOUT = 30_000;

const WRITE_BATCH = 1024 * 1024;

/** Files at least this large are downloaded as parallel ranges. */
export const DEFAULT_SEGMENT_THRESHOLD = 64 * 1024 * 1024;

/** Parallel ranges per large file. */
export const DEFAULT_SEGMENTS = 4;

/** What `fetchBlob` needs: where the bytes come from and where they go. */
export interface FetchBlobParams {
  /** Hub options of the request (token, hubUrl, fetch, signal...). */
  options: HubOptions;
  /** The file to download (revision = the commit). */
  source: FileLocation;
  /** Final path of the blob. */
  target: string;
  /** Lock file guarding the download against other processes. */
  lockPath: string;
  /** Normalised ETag, checked against the bytes. */
  etag: string;
  /** Expected size, when known. */
  size: number | undefined;
  /** Milliseconds without data before giving up. */
  stallTimeout?: number;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number;
  /** Number of parallel ranges of a large file (default 4). */
  segments?: number;
  /** Called with the number of new bytes on disk (resumed bytes included once). */
  onBytes?: (bytes: number) => void;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Downloads a blob to `target` unless it is there: under an inter-process lock, into
 * `<target>.incomplete`, resuming a partial file with `Range: bytes=N-`, verified against the ETag,
 * then renamed atomically. A partial file is kept on abort or failure so the next run resumes it.
 * @throws {HubError} when the bytes do not match the ETag (the partial file is then removed).
 * @throws the errors of `downloadFile` and the stall timeout's {HubTimeoutError}.
 */
export async function fetchBlob(params: FetchBlobParams): Promise<void> {
  if (await exists(params.target)) return;
  const release = await acquireLock(params.lockPath, { signal: params.options.signal });
  try {
    if (await exists(params.target)) return;
    await mkdir(dirname(params.target), { recursive: true });
    await downloadIncomplete(params, `${params.target}.incomplete`);
  } finally {
    await release();
  }
}

async function downloadIncomplete(params: FetchBlobParams, incomplete: string): Promise<void> {
  const { etag, size } = params;
  let offset = await fileSize(incomplete);
  if (size !== undefined && offset > size) {
    await truncate(incomplete, 0);
    offset = 0;
  }
  let verifier = createBlobVerifier(etag, size);
  if (offset > 0) for await (const chunk of createReadStream(incomplete)) verifier.update(chunk as Buffer);
  if (offset > 0) params.onBytes?.(offset);
  const segments = params.segments ?? DEFAULT_SEGMENTS;
  if (offset === 0 && size !== undefined && segments > 1 && size >= (params.segmentThreshold ?? DEFAULT_SEGMENT_THRESHOLD)) {
    try {
      await fetchSegments(params, incomplete, size, segments, verifier);
    } catch (error) {
      if (!(error instanceof RangeIgnoredError)) throw error;
      await writeBody(await downloadFile({ ...params.options, ...params.source }), incomplete, 0, params, verifier);
    }
  } else if (size === undefined || offset < size || size === 0) {
    const response = await downloadFile({ ...params.options, ...params.source, range: offset > 0 ? { start: offset } : undefined });
    if (offset > 0 && (response.status !== 206 || !response.headers.get("content-range")?.startsWith(`bytes ${offset}-`))) {
      // The server sent the whole file: start over.
      params.onBytes?.(-offset);
      offset = 0;
      verifier = createBlobVerifier(etag, size);
    }
    await writeBody(response, incomplete, offset, params, verifier);
  }
  const mismatch = verifier.check();
  if (mismatch) {
    await rm(incomplete, { force: true });
    throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
  }
  await rename(incomplete, params.target);
}

async function writeBody(
  response: Response,
  incomplete: string,
  offset: number,
  params: FetchBlobParams,
  verifier: ReturnType<typeof createBlobVerifier>,
): Promise<void> {
  const handle = await open(incomplete, offset > 0 ? "a" : "w");
  let pending: Promise<unknown> = Promise.resolve();
  let batch: Uint8Array[] = [];
  let batchBytes = 0;
  // Writes go out in 1 MiB batches, one in flight while the next batch is received.
  const flush = async () => {
    const chunks = batch;
    const bytes = batchBytes;
    batch = [];
    batchBytes = 0;
    await pending;
    pending = handle.writev(chunks).then(() => params.onBytes?.(bytes));
  };
  try {
    if (!response.body) return;
    for await (const chunk of withStallTimeout(response.body, params.stallTimeout ?? DEFAULT_STALL_TIMEOUT) as unknown as AsyncIterable<Uint8Array>) {
      verifier.update(chunk);
      batch.push(chunk);
      batchBytes += chunk.byteLength;
      if (batchBytes >= WRITE_BATCH) await flush();
    }
  } finally {
    // Also on failure or abort: what arrived is kept on disk for the next resume.
    if (batchBytes > 0) await flush().catch(() => undefined);
    await pending.catch(() => undefined);
    await handle.close();
  }
  await pending;
}
