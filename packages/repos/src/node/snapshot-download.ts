import { readdir, readFile, rm, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type HubOptions, type RepoParams, resolveHubUrl } from "@hub/core";
import { type FileLocation, abortReason, forEachConcurrent, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { createPathFilter } from "../filter-paths.ts";
import { getFileMetadata } from "../get-file-metadata.ts";
import { LocalEntryNotFoundError } from "../local-entry-not-found-error.ts";
import { listRepoTree } from "../list-repo-tree.ts";
import { fetchRepoInfo } from "../repo-info.ts";
import { checkCommitId, checkFileMetadata, checkListedFile } from "../safe-paths.ts";
import type { RepoFile } from "../tree-entry.ts";
import { hubCacheDir, joinRepoPath, type RepoCachePaths, repoCachePaths } from "./cache-paths.ts";
import {
  type CacheOptions,
  CacheEntries,
  cachedCommit,
  cacheMayAnswer,
  type FileProgress,
  isOffline,
  metadataOptions,
  symlinksDisabled,
} from "./download-file-to-cache-dir.ts";
import { fetchBlob } from "./fetch-blob.ts";
import { directoryMaker, exists, linkPointer, writeFileAtomic, writeRef } from "./fs-utils.ts";
import { type XetFileSource, XetReadTokens } from "../xet/reconstruction.ts";

/** Progress of a snapshot download: the file that moved, and the totals. */
export interface SnapshotProgress extends FileProgress {
  /** Bytes of all selected files on disk so far (files already cached included). */
  totalBytes: number;
  /**
   * Of `totalBytes`, the bytes that were already there (files in the cache or unchanged in `localDir`,
   * and the part a resumed partial download held) and did not go over the wire: `totalBytes - cachedBytes`
   * is what this call transferred.
   */
  cachedBytes: number;
  /** Size of all selected files. */
  totalSize: number;
  /** Files finished (cached or downloaded). */
  filesDone: number;
  /** Files selected. */
  filesTotal: number;
}

/** Parameters of `snapshotDownload`. */
export interface SnapshotDownloadParams extends HubOptions, RepoParams, CacheOptions {
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Write plain files into this folder instead of the cache (metadata in `.cache/huggingface/download/`). */
  localDir?: string;
  /** Only files matching one of these patterns (Python fnmatch: `*` also matches `/`; `dir/` means everything in it). */
  allowPatterns?: string | string[];
  /** Skip files matching one of these patterns. */
  ignorePatterns?: string | string[];
  /** Parallel transfers (default 8). */
  concurrency?: number;
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
  disableSymlinks: boolean;
  ensureDirectory: (path: string) => Promise<unknown>;
  /** The read-token route of the commit and its tokens, shared by the Xet files; unset with `useXet: false`. */
  xet: { authUrl: string; tokens: XetReadTokens } | undefined;
}

interface PlannedFile {
  path: string;
  size: number | undefined;
  etag: string | undefined;
  xetHash: string | undefined;
}

function plan(file: RepoFile): PlannedFile {
  return {
    path: file.path,
    size: file.lfs?.size ?? file.size,
    etag: file.lfs?.sha256 ?? (file.blobId || undefined),
    xetHash: file.xetHash,
  };
}

/** A listed Xet file (hash, LFS sha256 and size known) is rebuilt from its xorbs, without a `HEAD` first, as the Python client does. */
function xetSource(file: PlannedFile, transfer: Transfer): XetFileSource | undefined {
  if (!transfer.xet || !file.xetHash || !file.etag || file.size === undefined) return undefined;
  return { hash: file.xetHash, authUrl: transfer.xet.authUrl, tokens: transfer.xet.tokens };
}

/** Every file of the revision, from the recursive tree listing (paginated: no limit on the count, unlike `siblings`). */
async function listFiles(options: HubOptions, repo: RepoParams & { repoId: string }, commit: string): Promise<RepoFile[]> {
  const files: RepoFile[] = [];
  for await (const entry of listRepoTree({ ...options, ...repo, revision: commit, recursive: true }))
    if (entry.type === "file") files.push(entry);
  return files;
}

/** Paths below `folder` (relative, `/`-separated), read in one pass; empty when it does not exist. */
async function listFolder(folder: string): Promise<Set<string>> {
  try {
    const entries = await readdir(folder, { recursive: true });
    return new Set(entries.map((entry) => entry.split("\\").join("/")));
  } catch {
    return new Set();
  }
}

/** Offline: the snapshot folder of the revision's cached commit (Python returns it even if incomplete), or `localDir`. */
async function offlineSnapshot(paths: RepoCachePaths, repoId: string, revision: string, localDir: string | undefined): Promise<string> {
  if (localDir !== undefined) {
    // As the Python client: an existing, non-empty local folder is returned as it is.
    const entries = await readdir(localDir).catch(() => []);
    if (entries.some((entry) => entry !== ".cache")) return resolve(localDir);
  } else {
    const commit = await cachedCommit(paths, revision);
    if (commit !== undefined && (await exists(paths.snapshot(commit)))) return paths.snapshot(commit);
  }
  throw new LocalEntryNotFoundError(
    `No cached snapshot of ${repoId}@${revision} in ${localDir ?? paths.storage}, ` +
      "and offline mode is on (HF_HUB_OFFLINE or offline: true), so the Hub was not asked",
  );
}

/**
 * Downloads every file of a repository revision (optionally filtered) into the cache shared with the
 * Python client and returns the snapshot folder (`<cache>/models--ns--name/snapshots/<commit>`), or
 * `localDir` when given. Files already cached are not downloaded again; partial files are resumed.
 * One info request gives the commit, the recursive tree listing (every page of it) the files with
 * their ETags and sizes, as the Python client does (repo info's `siblings` are cut short for large
 * repos); then up to `concurrency` transfers run at once, largest first, each retrying and resuming
 * on its own; files stored in Xet (their `xetHash` in the listing) are rebuilt from their xorb ranges
 * unless `useXet: false`. Offline (`offline` or `HF_HUB_OFFLINE`), the cached snapshot of the revision is
 * returned without any request, as the Python client does (it may be incomplete); so it is when the
 * info request fails for any reason but a missing revision (5xx, 429, 401/403, network error,
 * timeout; two quick attempts when a cached snapshot exists), else that error is thrown.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {LocalEntryNotFoundError} offline, when the revision has no cached snapshot.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError}; {HubTimeoutError} when a transfer stalls;
 *   {HubError} when bytes do not match their ETag; the signal's reason when aborted.
 */
export async function snapshotDownload(params: SnapshotDownloadParams): Promise<string> {
  const input = parse(SnapshotDownloadSchema, params);
  const {
    repoId,
    repoType,
    revision = "main",
    cacheDir,
    localDir,
    allowPatterns,
    ignorePatterns,
    concurrency,
    offline,
    disableSymlinks,
    stallTimeout,
    onProgress: _onProgress,
    segmentThreshold,
    segments,
    useXet,
    ...options
  } = input;
  const onProgress = params.onProgress;
  const paths = repoCachePaths(cacheDir ?? hubCacheDir(), repoType, repoId);
  if (isOffline(offline)) return offlineSnapshot(paths, repoId, revision, localDir);
  const transfer: Transfer = {
    stallTimeout,
    segmentThreshold,
    segments,
    disableSymlinks: symlinksDisabled(disableSymlinks),
    ensureDirectory: directoryMaker(),
    xet: undefined,
  };
  if (options.signal?.aborted) throw abortReason(options.signal);
  const cachedSnapshot = await offlineSnapshot(paths, repoId, revision, localDir).catch(() => undefined);
  let info: Awaited<ReturnType<typeof fetchRepoInfo>>;
  try {
    info = await fetchRepoInfo({
      ...metadataOptions(options, cachedSnapshot !== undefined),
      repoId,
      repoType,
      revision,
      filesMetadata: undefined,
      securityStatus: undefined,
    });
  } catch (error) {
    // The Hub failed to answer: the cached snapshot of the revision, if any, as the Python client does.
    if (cacheMayAnswer(error) && cachedSnapshot !== undefined) return cachedSnapshot;
    throw error;
  }
  const filter = createPathFilter(allowPatterns, ignorePatterns);
  const commit = checkCommitId(
    info.sha ?? revision,
    info.sha === undefined ? "revision (the repo info has no sha)" : "sha of the repo info",
  );
  const listed = (await listFiles(options, { repoId, repoType }, commit)).filter((file) => filter(file.path));
  listed.forEach(checkListedFile);
  if (localDir === undefined && revision !== commit) await writeRef(paths.ref(revision), commit);
  if (useXet !== false && listed.some((file) => file.xetHash)) {
    const authUrl = `${resolveHubUrl(options)}${repoApiPath(repoType, repoId)}/xet-read-token/${commit}`;
    transfer.xet = { authUrl, tokens: new XetReadTokens(options, authUrl) };
  }
  // Largest first: the long transfers start at once and the small files fill the other lanes.
  const files = listed.map(plan).sort((left, right) => (right.size ?? 0) - (left.size ?? 0));
  const totals = {
    totalBytes: 0,
    cachedBytes: 0,
    totalSize: files.reduce((sum, file) => sum + (file.size ?? 0), 0),
    filesDone: 0,
    filesTotal: files.length,
  };
  const report = (file: PlannedFile, bytes: number, resumedBytes: number, delta: number) => {
    totals.totalBytes += delta;
    onProgress?.({ path: file.path, bytes, size: file.size, resumedBytes, ...totals });
  };
  // What is on disk already, read once instead of one stat per file (a fresh cache has nothing).
  const cached =
    localDir === undefined
      ? { pointers: await listFolder(paths.snapshot(commit)), blobs: await listFolder(join(paths.storage, "blobs")) }
      : undefined;
  await forEachConcurrent(
    files,
    concurrency,
    async (file) => {
      const source: FileLocation = { repoId, repoType, revision: commit, path: file.path };
      let bytes = 0;
      let resumedBytes = 0;
      const onBytes = (delta: number, alreadyThere = false) => {
        bytes += delta;
        if (alreadyThere) {
          totals.cachedBytes += delta;
          resumedBytes += delta;
        }
        report(file, bytes, resumedBytes, delta);
      };
      if (cached === undefined) await localFile(file, source, resolve(localDir!), commit, options, transfer, onBytes);
      else await cacheFile(file, source, paths, cached, options, transfer, onBytes);
      totals.filesDone++;
      report(file, bytes, resumedBytes, 0);
    },
    options.signal,
  );
  if (localDir !== undefined) return resolve(localDir);
  await transfer.ensureDirectory(paths.snapshot(commit));
  return paths.snapshot(commit);
}

async function etagOf(file: PlannedFile, source: FileLocation, options: HubOptions): Promise<{ etag: string; size: number | undefined }> {
  if (file.etag) return { etag: file.etag, size: file.size };
  // A server without `blobs=true` metadata: ask the file itself.
  const metadata = await getFileMetadata({ ...options, ...source });
  checkFileMetadata(metadata);
  return { etag: metadata.etag, size: metadata.size };
}

async function cacheFile(
  file: PlannedFile,
  source: FileLocation,
  paths: RepoCachePaths,
  cached: { pointers: Set<string>; blobs: Set<string> },
  options: HubOptions,
  transfer: Transfer,
  onBytes: (delta: number, alreadyThere?: boolean) => void,
): Promise<void> {
  const pointer = paths.pointer(source.revision!, file.path);
  if (cached.pointers.has(file.path) && (await exists(pointer))) return onBytes(file.size ?? 0, true);
  const { etag, size } = await etagOf(file, source, options);
  const blob = paths.blob(etag);
  for (let attempt = 1; ; attempt++) {
    const newBlob =
      attempt === 1 && cached.blobs.has(etag) && (await exists(blob))
        ? false
        : await fetchBlob({
            options,
            source,
            target: blob,
            lockPath: paths.lock(etag),
            pythonLockPath: paths.pythonLock(etag),
            etag,
            size,
            ...transfer,
            xet: etag === file.etag ? xetSource(file, transfer) : undefined,
            onBytes,
          });
    if (!newBlob && attempt === 1) onBytes(size ?? 0, true);
    try {
      await linkPointer(pointer, blob, { disableSymlinks: transfer.disableSymlinks, newBlob, ensureDirectory: transfer.ensureDirectory });
      return;
    } catch (error) {
      // Without symlinks a blob moved into another snapshot (same content twice) is downloaded again.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 3) throw error;
    }
  }
}

async function localFile(
  file: PlannedFile,
  source: FileLocation,
  localDir: string,
  commit: string,
  options: HubOptions,
  transfer: Transfer,
  onBytes: (delta: number, alreadyThere?: boolean) => void,
): Promise<void> {
  const target = joinRepoPath(localDir, file.path, "file path");
  const metadataPath = join(localDir, ".cache", "huggingface", "download", ...`${file.path}.metadata`.split("/"));
  const { etag, size } = await etagOf(file, source, options);
  const recorded = await readFile(metadataPath, "utf8").catch(() => "");
  const current = await stat(target).catch(() => undefined);
  if (recorded.split("\n")[1] === etag && current && (size === undefined || current.size === size)) return onBytes(current.size, true);
  // Another version of the file is there: it is replaced, not kept as if it were this one.
  if (current) await rm(target, { force: true });
  await transfer.ensureDirectory(dirname(target));
  // Python locks `<path>.lock` with flock; ours is a separate file (see file-lock.ts).
  const lockBase = metadataPath.slice(0, -".metadata".length);
  await fetchBlob({
    options,
    source,
    target,
    lockPath: `${lockBase}.hub-sdk.lock`,
    pythonLockPath: `${lockBase}.lock`,
    etag,
    size,
    ...transfer,
    xet: etag === file.etag ? xetSource(file, transfer) : undefined,
    onBytes,
  });
  // Same three lines as the Python client: commit, etag, timestamp.
  await writeFileAtomic(metadataPath, `${commit}\n${etag}\n${Date.now() / 1000}\n`);
}
