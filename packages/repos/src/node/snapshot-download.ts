import { mkdir, readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type FileLocation, type HubOptions, type RepoParams, abortReason, parse } from "@hub/core";
import * as v from "valibot";
import { createPathFilter } from "../filter-paths.ts";
import { getFileMetadata } from "../get-file-metadata.ts";
import { fetchRepoInfo } from "../repo-info.ts";
import type { RepoSibling } from "../repo-info-types.ts";
import { hubCacheDir, repoCachePaths } from "./cache-paths.ts";
import { CacheEntries, type FileProgress } from "./download-file-to-cache-dir.ts";
import { fetchBlob } from "./fetch-blob.ts";
import { exists, linkPointer, writeFileAtomic, writeRef } from "./fs-utils.ts";

/** Progress of a snapshot download: the file that moved, and the totals. */
export interface SnapshotProgress extends FileProgress {
  /** Bytes of all selected files on disk so far (files already cached included). */
  totalBytes: number;
  /** Size of all selected files. */
  totalSize: number;
  /** Files finished (cached or downloaded). */
  filesDone: number;
  /** Files selected. */
  filesTotal: number;
}

/** Parameters of `snapshotDownload`. */
export interface SnapshotDownloadParams extends HubOptions, RepoParams {
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Cache folder; default `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE` or `$HF_HOME/hub`. */
  cacheDir?: string;
  /** Write plain files into this folder instead of the cache (metadata in `.cache/huggingface/download/`). */
  localDir?: string;
  /** Only files matching one of these patterns (Python fnmatch: `*` also matches `/`; `dir/` means everything in it). */
  allowPatterns?: string | string[];
  /** Skip files matching one of these patterns. */
  ignorePatterns?: string | string[];
  /** Parallel transfers (default 8). */
  concurrency?: number;
  /** Milliseconds without data before a transfer fails (default 30 000); there is no total limit. */
  stallTimeout?: number;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number;
  /** Parallel ranges per large file (default 4). */
  segments?: number;
  /** Called as bytes arrive, with per-file and total bytes. */
  onProgress?: (progress: SnapshotProgress) => void;
}

const Patterns = v.optional(v.union([v.string(), v.array(v.string())], "must be a pattern or an array of patterns"));

const SnapshotDownloadSchema = v.object({
  ...CacheEntries,
  localDir: v.optional(v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"))),
  allowPatterns: Patterns,
  ignorePatterns: Patterns,
  concurrency: v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be at least 1")), 8),
});

/** Transfer settings passed to every blob download. */
interface Transfer {
  stallTimeout: number | undefined;
  segmentThreshold: number | undefined;
  segments: number | undefined;
}

interface PlannedFile {
  path: string;
  size: number | undefined;
  etag: string | undefined;
}

function plan(sibling: RepoSibling): PlannedFile {
  return { path: sibling.path, size: sibling.lfs?.size ?? sibling.size, etag: sibling.lfs?.sha256 ?? sibling.blobId };
}

/** Runs `worker` over `items` with at most `concurrency` at a time; stops at the first failure. */
async function runPool<T>(items: readonly T[], concurrency: number, signal: AbortSignal | undefined, worker: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      if (signal?.aborted) throw abortReason(signal);
      const item = items[next++]!;
      try {
        await worker(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  const rejected = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (rejected) throw rejected.reason;
}

/**
 * Downloads every file of a repository revision (optionally filtered) into the cache shared with the
 * Python client and returns the snapshot folder (`<cache>/models--ns--name/snapshots/<commit>`), or
 * `localDir` when given. Files already cached are not downloaded again; partial files are resumed.
 * One info request lists the files with their ETags, then up to `concurrency` transfers run at once.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError}; {HubTimeoutError} when a transfer stalls;
 *   {HubError} when bytes do not match their ETag; the signal's reason when aborted.
 */
export async function snapshotDownload(params: SnapshotDownloadParams): Promise<string> {
  const input = parse(SnapshotDownloadSchema, params);
  const { repoId, repoType, revision = "main", cacheDir, localDir, allowPatterns, ignorePatterns, concurrency, stallTimeout, onProgress: _onProgress, segmentThreshold, segments, ...options } = input;
  const transfer: Transfer = { stallTimeout, segmentThreshold, segments };
  const onProgress = params.onProgress;
  const info = await fetchRepoInfo({ ...options, repoId, repoType, revision, filesMetadata: true, securityStatus: undefined });
  const commit = info.sha ?? revision;
  const paths = repoCachePaths(cacheDir ?? hubCacheDir(), repoType, repoId);
  if (localDir === undefined && revision !== commit) await writeRef(paths.ref(revision), commit);
  const filter = createPathFilter(allowPatterns, ignorePatterns);
  // Largest first: the long transfers start at once and the small files fill the other lanes.
  const files = (info.siblings ?? [])
    .map(plan)
    .filter((file) => filter(file.path))
    .sort((left, right) => (right.size ?? 0) - (left.size ?? 0));
  const totals = { totalBytes: 0, totalSize: files.reduce((sum, file) => sum + (file.size ?? 0), 0), filesDone: 0, filesTotal: files.length };
  const report = (file: PlannedFile, bytes: number, delta: number) => {
    totals.totalBytes += delta;
    onProgress?.({ path: file.path, bytes, size: file.size, ...totals });
  };
  await runPool(files, concurrency, options.signal, async (file) => {
    const source: FileLocation = { repoId, repoType, revision: commit, path: file.path };
    let bytes = 0;
    const onBytes = (delta: number) => {
      bytes += delta;
      report(file, bytes, delta);
    };
    if (localDir === undefined) await cacheFile(file, source, paths, options, transfer, onBytes);
    else await localFile(file, source, resolve(localDir), commit, options, transfer, onBytes);
    totals.filesDone++;
    report(file, bytes, 0);
  });
  if (localDir !== undefined) return resolve(localDir);
  await mkdir(paths.snapshot(commit), { recursive: true });
  return paths.snapshot(commit);
}

async function etagOf(file: PlannedFile, source: FileLocation, options: HubOptions): Promise<{ etag: string; size: number | undefined }> {
  if (file.etag) return { etag: file.etag, size: file.size };
  // A server without `blobs=true` metadata: ask the file itself.
  const metadata = await getFileMetadata({ ...options, ...source });
  return { etag: metadata.etag, size: metadata.size };
}

async function cacheFile(
  file: PlannedFile,
  source: FileLocation,
  paths: ReturnType<typeof repoCachePaths>,
  options: HubOptions,
  transfer: Transfer,
  onBytes: (delta: number) => void,
): Promise<void> {
  const pointer = paths.pointer(source.revision!, file.path);
  if (await exists(pointer)) return onBytes(file.size ?? 0);
  const { etag, size } = await etagOf(file, source, options);
  await fetchBlob({ options, source, target: paths.blob(etag), lockPath: paths.lock(etag), etag, size, ...transfer, onBytes });
  await linkPointer(pointer, paths.blob(etag));
}

async function localFile(
  file: PlannedFile,
  source: FileLocation,
  localDir: string,
  commit: string,
  options: HubOptions,
  transfer: Transfer,
  onBytes: (delta: number) => void,
): Promise<void> {
  const target = join(localDir, ...file.path.split("/"));
  const metadataPath = join(localDir, ".cache", "huggingface", "download", ...`${file.path}.metadata`.split("/"));
  const { etag, size } = await etagOf(file, source, options);
  const recorded = await readFile(metadataPath, "utf8").catch(() => "");
  const current = await stat(target).catch(() => undefined);
  if (recorded.split("\n")[1] === etag && current && (size === undefined || current.size === size)) return onBytes(current.size);
  await mkdir(dirname(target), { recursive: true });
  const lockPath = `${metadataPath.slice(0, -".metadata".length)}.lock`;
  await fetchBlob({ options, source, target, lockPath, etag, size, ...transfer, onBytes });
  // Same three lines as the Python client: commit, etag, timestamp.
  await writeFileAtomic(metadataPath, `${commit}\n${etag}\n${Date.now() / 1000}\n`);
}
