import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { IncomingMessage } from "node:http";
import { abortReason, buildHeaders, buildRequestUrl, type FileLocation, HubError, type HubOptions, hubRequest, resolveHubUrl, resolvePath } from "@hub/core";
import { type ByteRange, rangeHeader } from "../download-file.ts";
import { createBlobVerifier } from "./blob-verifier.ts";
import { exists } from "./fs-utils.ts";
import { fetchChunks, RangeIgnoredError } from "./fetch-segments.ts";
import { acquireLock } from "./file-lock.ts";
import { nodeFetch, send } from "./node-fetch.ts";
import { readBatches, readSocketBatches } from "./read-body.ts";

/** Default stall timeout of transfers: no byte for this long fails the download (milliseconds). */
export const DEFAULT_STALL_TIMEOUT = 30_000;

/** Files at least this large are downloaded as parallel ranges. */
export const DEFAULT_SEGMENT_THRESHOLD = 64 * 1024 * 1024;

/** Parallel ranges per large file. */
export const DEFAULT_SEGMENTS = 4;

/** Blobs up to this size are fetched whole into memory, verified, and written with one rename (no lock). */
export const SMALL_BLOB_BYTES = 1024 * 1024;

/** Files are read back (resume, verification) in blocks of this size. */
export const READ_BLOCK = 1024 * 1024;

/**
 * Received bytes go to the page cache in writes of at most this size. The kernel sizes a page-cache
 * folio after the write that creates it, and large folios come from the large free blocks that a VM
 * with free page reporting has handed back to its host, which must fault them in again: 512 MiB
 * written in 1 MiB pieces cost 0.36-0.56 s of system CPU there, in 64 KiB pieces 0.13 s (and up to
 * 1.2 s against 0.3 s inside a download). Used by the writer thread, where a piece costs one syscall.
 */
export const WRITE_PIECE = 64 * 1024;

/** The same, for writes through Node's thread pool, where every piece is a round trip: larger. */
export const POOL_WRITE_PIECE = 256 * 1024;

/** What `fetchBlob` needs: where the bytes come from and where they go. */
export interface FetchBlobParams {
  /** Hub options of the request (token, hubUrl, fetch, signal...). */
  options: HubOptions;
  /** The file to download (revision = the commit). */
  source: FileLocation;
  /** Where the content is served from when already known (a CDN URL from a redirect); default `resolve`. */
  location?: string;
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
  /** Milliseconds without data before giving up. */
  stallTimeout?: number;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number;
  /** Number of parallel ranges of a large file (default 4). */
  segments?: number;
  /** Called with the number of new bytes on disk (resumed bytes included once). */
  onBytes?: (bytes: number) => void;
  /** Creates a folder (default `mkdir -p`); lets a snapshot create each folder once. */
  ensureDirectory?: (path: string) => Promise<unknown>;
}

/** The options transfers are made with: our `node:http` fetch unless the caller gave a `fetch`. */
export function transferOptions(options: HubOptions): HubOptions {
  return options.fetch ? options : { ...options, fetch: nodeFetch };
}

/**
 * GETs the content (or a range of it) from `location`, or from `resolve` at the source's commit.
 * Retries, typed errors and the token's origin rule are `hubRequest`'s.
 */
export function requestContent(params: Pick<FetchBlobParams, "options" | "source" | "location">, range?: ByteRange, signal?: AbortSignal): Promise<Response> {
  return hubRequest(transferOptions(params.options), {
    ...(params.location ? { url: params.location } : { path: resolvePath(params.source) }),
    headers: range ? { range: rangeHeader(range) } : {},
    responseType: "response",
    signal,
  });
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/**
 * Downloads a blob to `target` unless it is there, and resolves to whether it was downloaded now.
 * Small blobs (size known, at most 1 MiB) are fetched into memory, verified and renamed into place
 * without a lock: two processes doing it at once both write the same verified bytes. Larger ones go
 * under an inter-process lock into `<target>.incomplete` (resumed with `Range: bytes=N-`), or as
 * parallel ranges into a private part file; they are verified against the ETag, then renamed
 * atomically. A partial file is kept on abort or failure so the next run resumes it.
 * @throws {HubError} when the bytes do not match the ETag (the partial file is then removed).
 * @throws the errors of the request and the stall timeout's {HubTimeoutError}.
 */
export async function fetchBlob(params: FetchBlobParams): Promise<boolean> {
  const signal = params.options.signal;
  try {
    if (params.size !== undefined && params.size <= SMALL_BLOB_BYTES) return await fetchSmallBlob(params, params.size);
    return await fetchLargeBlob(params);
  } catch (error) {
    // A socket destroyed by the signal fails with a generic AbortError: report the signal's reason.
    throw signal?.aborted ? abortReason(signal) : error;
  }
}

async function fetchLargeBlob(params: FetchBlobParams): Promise<boolean> {
  if (await exists(params.target)) return false;
  await mkdir(dirname(params.lockPath), { recursive: true });
  const release = await acquireLock(params.lockPath, { signal: params.options.signal, flockPath: params.pythonLockPath });
  try {
    if (await exists(params.target)) return false;
    await (params.ensureDirectory ?? mkdirs)(dirname(params.target));
    await downloadLarge(params);
    return true;
  } finally {
    await release();
  }
}

function mkdirs(path: string): Promise<unknown> {
  return mkdir(path, { recursive: true });
}

/**
 * The answer of a plain GET of the content straight over `node:http`, when no `fetch` was given and it
 * is a 200; `undefined` otherwise (redirect, error, no connection), for the ordinary request to
 * handle with its redirects, retries and typed errors. Per small file this halves the CPU of the
 * request: no `Request`/`Headers` objects, no abort-signal merging, no web stream.
 */
async function directGet(params: FetchBlobParams): Promise<IncomingMessage | undefined> {
  if (params.options.fetch) return undefined;
  const hubUrl = resolveHubUrl(params.options);
  let url = buildRequestUrl(hubUrl, params.location ? { url: params.location } : { path: resolvePath(params.source) });
  const headers: Record<string, string> = {};
  buildHeaders(params.options, { headers: { "accept-encoding": "identity" }, responseType: "response" }, { url, hubUrl, contentType: undefined }).forEach((value, name) => {
    headers[name] = value;
  });
  try {
    // LFS files on the Hub redirect to the CDN: followed here too (the token stays on the Hub's origin).
    for (let hops = 0; hops <= 5; hops++) {
      const incoming = await send(url, "GET", headers, params.options.signal);
      const status = incoming.statusCode ?? 0;
      if (status === 200) return incoming;
      incoming.resume();
      const location = incoming.headers.location;
      if (status < 300 || status > 399 || location === undefined) return undefined;
      const next = new URL(location, url);
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
  } catch (error) {
    if (params.options.signal?.aborted) throw error;
  }
  return undefined;
}

async function fetchSmallBlob(params: FetchBlobParams, size: number): Promise<boolean> {
  const bytes = Buffer.allocUnsafe(size);
  let received = 0;
  const verifier = createBlobVerifier(params.etag, size);
  const collect = async (chunks: Uint8Array[]) => {
    for (const chunk of chunks) {
      verifier.update(chunk);
      if (received + chunk.byteLength <= size) bytes.set(chunk, received);
      received += chunk.byteLength;
    }
  };
  const stallTimeout = params.stallTimeout ?? DEFAULT_STALL_TIMEOUT;
  const incoming = await directGet(params);
  if (incoming) await readSocketBatches(incoming, stallTimeout, SMALL_BLOB_BYTES, collect);
  else await readBatches(await requestContent(params, undefined, params.options.signal), stallTimeout, SMALL_BLOB_BYTES, collect);
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

/** Under the lock: resume `.incomplete`, or fetch parallel ranges into the part file, then verify and rename. */
async function downloadLarge(params: FetchBlobParams): Promise<void> {
  const { etag, size, target } = params;
  const incomplete = `${target}.incomplete`;
  const part = `${target}.hub-sdk.part`;
  // We hold the lock: a part file left here belongs to a process that died (it may have holes).
  await rm(part, { force: true });
  let offset = await fileSize(incomplete);
  if (size !== undefined && offset > size) {
    await truncate(incomplete, 0);
    offset = 0;
  }
  const segments = params.segments ?? DEFAULT_SEGMENTS;
  if (offset === 0 && size !== undefined && segments > 1 && size >= (params.segmentThreshold ?? DEFAULT_SEGMENT_THRESHOLD)) {
    try {
      await fetchChunks(params, part, incomplete, size, segments);
      await rename(part, target);
      return;
    } catch (error) {
      if (!(error instanceof RangeIgnoredError)) throw error;
    }
  }
  let verifier = createBlobVerifier(etag, size);
  if (offset > 0) {
    for await (const chunk of createReadStream(incomplete, { highWaterMark: READ_BLOCK })) verifier.update(chunk as Buffer);
    params.onBytes?.(offset);
  }
  if (size === undefined || offset < size || size === 0) {
    const response = await requestContent(params, offset > 0 ? { start: offset } : undefined, params.options.signal);
    if (offset > 0 && (response.status !== 206 || !response.headers.get("content-range")?.startsWith(`bytes ${offset}-`))) {
      // The server sent the whole file: start over.
      params.onBytes?.(-offset);
      offset = 0;
      verifier = createBlobVerifier(etag, size);
    }
    await appendBody(response, incomplete, offset, params, verifier);
  }
  const mismatch = verifier.check();
  if (mismatch) {
    await rm(incomplete, { force: true });
    throw new HubError(`Download of ${params.source.path} is corrupt: ${mismatch}`);
  }
  await rename(incomplete, target);
}

async function appendBody(
  response: Response,
  incomplete: string,
  offset: number,
  params: FetchBlobParams,
  verifier: ReturnType<typeof createBlobVerifier>,
): Promise<void> {
  const handle = await open(incomplete, offset > 0 ? "a" : "w");
  try {
    // Also on failure or abort: what arrived is written, for the next resume.
    await readBatches(response, params.stallTimeout ?? DEFAULT_STALL_TIMEOUT, POOL_WRITE_PIECE, async (chunks, bytes) => {
      for (const chunk of chunks) verifier.update(chunk);
      await handle.writev(chunks);
      params.onBytes?.(bytes);
    });
  } finally {
    await handle.close();
  }
}
