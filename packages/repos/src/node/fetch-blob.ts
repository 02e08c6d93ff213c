import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { HubError, type HubOptions } from "@hub/core";
import { abortReason, type FileLocation } from "@hub/core/internal";
import {
  BlobContent,
  DEFAULT_SEGMENTS,
  fetchSpan,
  MAX_SINGLE_GET_BYTES,
  nameFile,
  RangeIgnoredError,
  type Span,
} from "../transfer/blob-content.ts";
import { type BlobVerifier, createBlobVerifier } from "./blob-verifier.ts";
import { fetchChunks } from "./fetch-segments.ts";
import { acquireLock } from "./file-lock.ts";
import { exists } from "./fs-utils.ts";
import { type XetFileSource, XetUnavailableError } from "../xet/reconstruction.ts";

export { DEFAULT_SEGMENTS, DEFAULT_STALL_TIMEOUT } from "../transfer/blob-content.ts";

/** Files at least this large are downloaded as parallel ranges. */
export const DEFAULT_SEGMENT_THRESHOLD = 64 * 1024 * 1024;

/** Blobs up to this size are fetched whole into memory, verified, and written with one rename (no lock). */
export const SMALL_BLOB_BYTES = 1024 * 1024;

/** Files are read back (resume) in blocks of this size. */
const READ_BLOCK = 1024 * 1024;

/** What `fetchBlob` needs: where the bytes come from and where they go. */
export interface FetchBlobParams {
  /** Hub options of the request (token, hubUrl, fetch, dispatcher, signal...). */
  options: HubOptions;
  /** The file to download (revision = the commit). */
  source: FileLocation;
  /** Where the content is served from when already known (a CDN URL from a redirect); default `resolve`. */
  location?: string | undefined;
  /** Final path of the blob. */
  target: string;
  /** Our lock file guarding the download against our other processes. */
  lockPath: string;
  /** The Python client's lock file for the same blob: we also wait while it is `flock`ed (Linux). */
  pythonLockPath?: string;
  /** Normalised ETag, checked against the bytes. */
  etag: string;
  /** Expected size, when known. */
  size: number | undefined;
  /** Milliseconds without data before an attempt fails. */
  stallTimeout?: number | undefined;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number | undefined;
  /** Number of parallel ranges of a large file (default 4). */
  segments?: number | undefined;
  /** Largest single GET (default `MAX_SINGLE_GET_BYTES`; lowered by tests). */
  maxSingleGet?: number | undefined;
  /**
   * Called with the number of new bytes on disk; bytes a resumed partial file already held are
   * reported once with `alreadyThere` (they did not go over the wire in this call).
   */
  onBytes?: ((bytes: number, alreadyThere?: boolean) => void) | undefined;
  /** Creates a folder (default `mkdir -p`); lets a snapshot create each folder once. */
  ensureDirectory?: ((path: string) => Promise<unknown>) | undefined;
  /** The file is stored in Xet: download it by reconstruction (needs `size`); unset: through `resolve`. */
  xet?: XetFileSource | undefined;
}

/**
 * Downloads a blob to `target` unless it is there, and resolves to whether it was downloaded now.
 * Small blobs (size known, at most 1 MiB) are fetched into memory, verified and renamed into place
 * without a lock: two processes doing it at once both write the same verified bytes. Larger ones go
 * under an inter-process lock into `<target>.incomplete` (resumed with a range from its size), or as
 * parallel ranges into a private part file; they are verified against the ETag while they arrive,
 * then renamed atomically. A file stored in Xet (`xet`) is rebuilt from its xorb ranges instead
 * (see `downloadXet`), under the same lock, into the same `.incomplete` file. Every request retries and resumes on its own when its body breaks,
 * stalls or ends early (see `fetchSpan`). A partial file is kept on abort or failure so the next
 * run resumes it.
 * @throws {HubError} when the bytes do not match the ETag (the partial file is then removed).
 * @throws {HubNetworkError}, {HubTimeoutError} and the request's other errors, naming the file.
 */
export async function fetchBlob(params: FetchBlobParams): Promise<boolean> {
  const signal = params.options.signal;
  try {
    const { xet, size } = params;
    if (xet && size !== undefined) {
      try {
        // Loaded on first use (import cost of the reconstruction client and chunk decoders).
        const { downloadXet } = await import("./xet-blob.ts");
        return await fetchLargeBlob(params, (locked) => downloadXet(locked, xet, size));
      } catch (error) {
        // A server that names a Xet hash but does not serve its CAS: the LFS bridge serves the bytes.
        if (!(error instanceof XetUnavailableError)) throw error;
      }
    }
    if (params.size !== undefined && params.size <= SMALL_BLOB_BYTES) return await fetchSmallBlob(params, params.size);
    return await fetchLargeBlob(params);
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    throw nameFile(error, params.source.path);
  }
}

function contentOf(params: FetchBlobParams): BlobContent {
  return new BlobContent(params.options, params.source, params.location, params.stallTimeout);
}

async function fetchLargeBlob(
  params: FetchBlobParams,
  download: (params: FetchBlobParams) => Promise<void> = downloadLarge,
): Promise<boolean> {
  if (await exists(params.target)) return false;
  await mkdir(dirname(params.lockPath), { recursive: true });
  const release = await acquireLock(params.lockPath, { signal: params.options.signal, flockPath: params.pythonLockPath });
  try {
    if (await exists(params.target)) return false;
    await (params.ensureDirectory ?? mkdirs)(dirname(params.target));
    await download(params);
    return true;
  } finally {
    await release();
  }
}

function mkdirs(path: string): Promise<unknown> {
  return mkdir(path, { recursive: true });
}

async function fetchSmallBlob(params: FetchBlobParams, size: number): Promise<boolean> {
  const bytes = Buffer.allocUnsafe(size);
  const span: Span = { start: 0, end: size - 1, written: 0, plain: true };
  const content = contentOf(params);
  const store = async (chunks: Uint8Array[], _bytes: number, position: number) => {
    for (const chunk of chunks) {
      bytes.set(chunk, position);
      position += chunk.byteLength;
    }
  };
  if (size > 0) {
    try {
      await fetchSpan(content, span, store, params.options.signal);
    } catch (error) {
      if (!(error instanceof RangeIgnoredError)) throw error;
      // A resumed request answered with the whole file: take it whole.
      await fetchSpan(content, { start: 0, end: size - 1, written: 0, plain: true }, store, params.options.signal);
    }
  }
  const verifier = createBlobVerifier(params.etag, size);
  verifier.update(bytes);
  const mismatch = verifier.check();
  if (mismatch) throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
  await (params.ensureDirectory ?? mkdirs)(dirname(params.target));
  const temporary = `${params.target}.${randomBytes(6).toString("hex")}.hub-sdk.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, params.target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  params.onBytes?.(size);
  return true;
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Under the lock: resume `.incomplete`, or fetch parallel ranges into the part file, then verify and rename. */
async function downloadLarge(params: FetchBlobParams): Promise<void> {
  const { size, target } = params;
  const incomplete = `${target}.incomplete`;
  const part = `${target}.hub-sdk.part`;
  // We hold the lock: a part file left here belongs to a process that died (it may have holes).
  await rm(part, { force: true });
  let offset = await fileSize(incomplete);
  if (size !== undefined && offset > size) {
    await truncate(incomplete, 0);
    offset = 0;
  }
  const content = contentOf(params);
  const segments = params.segments ?? DEFAULT_SEGMENTS;
  const maxSingleGet = params.maxSingleGet ?? MAX_SINGLE_GET_BYTES;
  if (offset === 0 && size !== undefined && segments > 1 && size >= (params.segmentThreshold ?? DEFAULT_SEGMENT_THRESHOLD)) {
    try {
      await fetchChunks(params, content, part, incomplete, size, segments);
      await rename(part, target);
      return;
    } catch (error) {
      if (!(error instanceof RangeIgnoredError)) throw error;
      if (size > maxSingleGet)
        throw new HubError(`The server ignores range requests, and ${params.source.path} (${size} bytes) is too large for one request`);
    }
  }
  await downloadSequential(params, content, incomplete, offset, maxSingleGet);
  await rename(incomplete, target);
}

/**
 * Appends to `.incomplete` from `offset` in one stream, or in bounded ranges when the rest is larger
 * than `maxSingleGet`; verifies the whole file. A server that ignores the resume range (answers the
 * whole file) makes it start over from 0, when one request may fetch the file.
 */
async function downloadSequential(
  params: FetchBlobParams,
  content: BlobContent,
  incomplete: string,
  offset: number,
  maxSingleGet: number,
): Promise<void> {
  const { size, etag } = params;
  let verifier = createBlobVerifier(etag, size);
  if (offset > 0) {
    for await (const chunk of createReadStream(incomplete, { highWaterMark: READ_BLOCK })) verifier.update(chunk as Buffer);
    params.onBytes?.(offset, true);
  }
  let resumed = offset;
  const handle = await open(incomplete, offset > 0 ? "r+" : "w");
  try {
    const store = async (chunks: Uint8Array[], bytes: number, position: number) => {
      for (const chunk of chunks) verifier.update(chunk);
      await handle.writev(chunks, position);
      params.onBytes?.(bytes);
    };
    let restarts = 0;
    while (size === undefined || offset < size || (size === 0 && offset === 0)) {
      const end = size === undefined ? undefined : Math.min(size, offset + maxSingleGet) - 1;
      const whole = size === undefined || size <= maxSingleGet;
      // One request for the rest when it may be (`bytes=N-` as the Python client resumes), else bounded ranges.
      const span: Span = {
        start: offset,
        end: end !== undefined && end < offset ? undefined : end,
        written: 0,
        plain: offset === 0 && whole,
        openEnded: whole,
      };
      try {
        await fetchSpan(content, span, store, params.options.signal);
      } catch (error) {
        if (!(error instanceof RangeIgnoredError) || (size !== undefined && size > maxSingleGet) || restarts++ >= 3) throw error;
        // The resume range was refused: start over with the whole file.
        await handle.truncate(0);
        params.onBytes?.(-resumed, true);
        params.onBytes?.(-(offset + span.written - resumed));
        resumed = 0;
        offset = 0;
        verifier = createBlobVerifier(etag, size);
        continue;
      }
      offset += span.written;
      if (size === undefined || span.end === undefined) break;
    }
  } finally {
    await handle.close();
  }
  const mismatch = verifier.check();
  if (mismatch) {
    await rm(incomplete, { force: true });
    throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
  }
}
