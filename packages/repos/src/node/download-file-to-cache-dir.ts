import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import {
  EntryNotFoundError,
  HubHttpError,
  HubNetworkError,
  type HubOptions,
  HubTimeoutError,
  type RepoParams,
  RevisionNotFoundError,
} from "@hub/core";
import { parse, resolveDispatcher } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { getFileMetadata } from "../get-file-metadata.ts";
import { LocalEntryNotFoundError } from "../local-entry-not-found-error.ts";
import { OptionalBoolean, OptionalRefRevision, PathSchema, RepoEntries } from "../schemas.ts";
import { checkFileMetadata } from "../safe-paths.ts";
import { hubCacheDir, isCommitHash, type RepoCachePaths, repoCachePaths } from "./cache-paths.ts";
import { fetchBlob } from "./fetch-blob.ts";
import { exists, isTrueValue, linkPointer, writeRef } from "./fs-utils.ts";

/** Bytes transferred for one file. */
export interface FileProgress {
  /** Path of the file in the repository. */
  path: string;
  /** Bytes of this file on disk so far. */
  bytes: number;
  /** Size of this file, when known. */
  size: number | undefined;
  /**
   * Of `bytes`, those already on disk before this call (the part a resumed partial download held; in a
   * snapshot, also a file already there): they did not go over the wire.
   */
  resumedBytes: number;
}

/** Options shared by the cache downloads. */
export interface CacheOptions {
  /** Cache folder; default `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE` or `$HF_HOME/hub`. */
  cacheDir?: string;
  /**
   * Use the cache only and send no request (Python's `local_files_only`); also on when `HF_HUB_OFFLINE`
   * (or `TRANSFORMERS_OFFLINE`) is `1`/`true`/`yes`/`on`.
   * @throws {LocalEntryNotFoundError} when what is asked for is not cached.
   */
  offline?: boolean;
  /**
   * Put real files in `snapshots/` instead of symlinks to `blobs/`; also on when `HF_HUB_DISABLE_SYMLINKS`
   * is set, and automatically where the file system refuses symlinks. A blob downloaded now is moved
   * into the snapshot, an existing one copied, as the Python client does.
   */
  disableSymlinks?: boolean;
  /**
   * Milliseconds without data before the transfer fails (default: `HF_HUB_DOWNLOAD_TIMEOUT` seconds when
   * set, which also bounds the wait for the transfer's headers when `timeout` is not given, else 30 000);
   * there is no total limit.
   */
  stallTimeout?: number;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number;
  /** Parallel ranges per large file (default 4); also the xorb ranges fetched at once for a Xet file. */
  segments?: number;
  /**
   * Download files stored in Xet by reconstruction from the Xet CAS (default `true`): their xorb ranges
   * in parallel, decoded, checked against the SHA-256, into the same cache. `false` fetches them
   * through the Hub's LFS bridge as any LFS file. Files not in Xet, and servers without Xet, always
   * take the LFS/`resolve` path.
   */
  useXet?: boolean;
}

/** Parameters of `downloadFileToCacheDir`. */
export interface DownloadFileToCacheDirParams extends HubOptions, RepoParams, CacheOptions {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Called as bytes arrive. */
  onProgress?: (progress: FileProgress) => void;
}

/** Entries of the cache download schemas. */
export const CacheEntries = {
  ...RepoEntries,
  revision: OptionalRefRevision,
  cacheDir: v.optional(v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"))),
  offline: OptionalBoolean,
  disableSymlinks: OptionalBoolean,
  stallTimeout: v.optional(v.pipe(v.number("must be a number"), v.minValue(1, "must be at least 1"))),
  onProgress: v.optional(v.custom<(progress: never) => void>((value) => typeof value === "function", "must be a function")),
  segmentThreshold: v.optional(v.pipe(v.number("must be a number"), v.minValue(1, "must be at least 1"))),
  segments: v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be at least 1"))),
  useXet: OptionalBoolean,
};

const DownloadFileToCacheDirSchema = v.object({ ...CacheEntries, path: PathSchema });

/** Offline mode: the option, or `HF_HUB_OFFLINE` / `TRANSFORMERS_OFFLINE` as the Python client reads them. */
export function isOffline(option: boolean | undefined, env: Record<string, string | undefined> = process.env): boolean {
  return option === true || isTrueValue(env.HF_HUB_OFFLINE || env.TRANSFORMERS_OFFLINE);
}

/** Symlinks disabled: the option, or `HF_HUB_DISABLE_SYMLINKS` (Python client 1.9+). */
export function symlinksDisabled(option: boolean | undefined, env: Record<string, string | undefined> = process.env): boolean {
  return option === true || isTrueValue(env.HF_HUB_DISABLE_SYMLINKS);
}

/**
 * Options whose fetch remembers the last `X-Repo-Commit` it saw (also on 404 answers); the
 * dispatcher the plain options would use (the environment's proxy on Node) is kept.
 */
async function commitSpy(options: HubOptions): Promise<{ options: HubOptions; commit: () => string | undefined }> {
  let commit: string | undefined;
  const base = options.fetch ?? globalThis.fetch;
  const spy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await base(input, init);
    commit = response.headers.get("x-repo-commit") ?? commit;
    return response;
  }) as typeof fetch;
  return { options: { ...options, fetch: spy, dispatcher: await resolveDispatcher(options) }, commit: () => commit };
}

/**
 * Whether a failed metadata request lets a cached copy of the revision answer, as in the Python
 * client: any HTTP error but a missing revision or file (5xx, 429, 401/403, a disabled or vanished
 * repo), a network error or a timeout.
 */
export function cacheMayAnswer(error: unknown): boolean {
  if (error instanceof RevisionNotFoundError || error instanceof EntryNotFoundError) return false;
  return error instanceof HubHttpError || error instanceof HubNetworkError || error instanceof HubTimeoutError;
}

/** Attempts and waits of the first metadata request when the cache could answer instead. */
const CACHED_RETRY = { attempts: 2, maxDelay: 1_000 };
/** Its per-attempt timeout then (the Python client's `HF_HUB_ETAG_TIMEOUT`). */
const CACHED_TIMEOUT = 10_000;

/**
 * Options for the first metadata request: unchanged without a cached copy; with one, a small retry
 * budget and a 10 s timeout, so that a failing Hub hands over to the cache within seconds.
 */
export function metadataOptions<T extends HubOptions>(options: T, cached: boolean): T {
  if (!cached) return options;
  const retry =
    options.retry === false
      ? false
      : {
          ...options.retry,
          attempts: Math.min(options.retry?.attempts ?? CACHED_RETRY.attempts, CACHED_RETRY.attempts),
          maxDelay: Math.min(options.retry?.maxDelay ?? CACHED_RETRY.maxDelay, CACHED_RETRY.maxDelay),
        };
  const timeout = options.timeout === false ? CACHED_TIMEOUT : Math.min(options.timeout ?? CACHED_TIMEOUT, CACHED_TIMEOUT);
  return { ...options, retry, timeout };
}

/** The commit a revision points to in the cache: itself when a commit id, else `refs/<revision>`. */
export async function cachedCommit(paths: RepoCachePaths, revision: string): Promise<string | undefined> {
  if (isCommitHash(revision)) return revision;
  const commit = await readFile(paths.ref(revision), "utf8").catch(() => undefined);
  return commit?.trim() || undefined;
}

async function fromCacheOnly(paths: RepoCachePaths, revision: string, path: string): Promise<string | undefined> {
  const commit = await cachedCommit(paths, revision);
  if (commit === undefined) return undefined;
  const pointer = paths.pointer(commit, path);
  return (await exists(pointer)) ? pointer : undefined;
}

async function offlineFile(paths: RepoCachePaths, repoId: string, revision: string, path: string): Promise<string> {
  const cached = await fromCacheOnly(paths, revision, path);
  if (cached) return cached;
  const commit = await cachedCommit(paths, revision);
  const missing = commit !== undefined && (await exists(paths.noExist(commit, path)));
  throw new LocalEntryNotFoundError(
    `${path} of ${repoId}@${revision} is not in the cache ${paths.storage}${missing ? ` (it is recorded as missing at ${commit})` : ""}, ` +
      "and offline mode is on (HF_HUB_OFFLINE or offline: true), so the Hub was not asked",
  );
}

/**
 * Downloads one file into the cache shared with the Python client (protocol 5.6) and returns the
 * path of its snapshot pointer (`snapshots/<commit>/<path>`, a relative symlink to `blobs/<etag>`).
 * A 40-hex `revision` already in the cache makes no request. When the metadata request fails for
 * any reason but a missing revision or file (5xx, 429, 401/403, network error, timeout), the cached
 * copy of the revision is returned; with such a copy that request gets two quick attempts, not
 * minutes of retries. Offline, only the cache is read. A missing file is recorded in `.no_exist/`. Metadata comes from a `HEAD` that does not follow a redirect to a CDN;
 * the bytes then come straight from the redirect's location. A file stored in Xet (`X-Xet-Hash` and
 * its `Link` relations on that answer) is rebuilt from its xorb ranges, in parallel, unless `useXet: false`.
 * @throws {HubValidationError} on a bad `repoId`, `path` or `revision`, before any request.
 * @throws {LocalEntryNotFoundError} offline, when the file is not cached.
 * @throws {EntryNotFoundError}, {RevisionNotFoundError}, {RepositoryNotFoundError}.
 * @throws {HubTimeoutError} when the transfer stalls; {HubError} when the bytes do not match the ETag.
 */
export async function downloadFileToCacheDir(params: DownloadFileToCacheDirParams): Promise<string> {
  const {
    repoId,
    repoType,
    path,
    revision = "main",
    cacheDir,
    offline,
    disableSymlinks,
    stallTimeout,
    onProgress: _onProgress,
    segmentThreshold,
    segments,
    useXet,
    ...options
  } = parse(DownloadFileToCacheDirSchema, params);
  const onProgress = params.onProgress;
  const paths = repoCachePaths(cacheDir ?? hubCacheDir(), repoType, repoId);
  if (isOffline(offline)) return offlineFile(paths, repoId, revision, path);
  if (isCommitHash(revision)) {
    const pointer = paths.pointer(revision, path);
    if (await exists(pointer)) return pointer;
  }
  const cachedBefore = await fromCacheOnly(paths, revision, path);
  const spy = await commitSpy(metadataOptions(options, cachedBefore !== undefined));
  let metadata: Awaited<ReturnType<typeof getFileMetadata>>;
  try {
    metadata = await getFileMetadata({ ...spy.options, repoId, repoType, path, revision });
  } catch (error) {
    const commit = spy.commit();
    if (error instanceof EntryNotFoundError && commit) {
      await mkdir(dirname(paths.noExist(commit, path)), { recursive: true });
      await writeFile(paths.noExist(commit, path), "");
      if (revision !== commit) await writeRef(paths.ref(revision), commit);
    }
    // The Hub failed to answer: the cached copy of the revision, if any, as the Python client does.
    if (cacheMayAnswer(error) && cachedBefore) return cachedBefore;
    throw error;
  }
  checkFileMetadata(metadata);
  const commit = metadata.commitHash;
  if (revision !== commit) await writeRef(paths.ref(revision), commit);
  const pointer = paths.pointer(commit, path);
  if (await exists(pointer)) return pointer;
  let bytes = 0;
  let resumedBytes = 0;
  const blob = paths.blob(metadata.etag);
  for (let attempt = 1; ; attempt++) {
    const newBlob =
      attempt === 1 && (await exists(blob))
        ? false
        : await fetchBlob({
            options,
            source: { repoId, repoType, revision: commit, path },
            location: metadata.redirected ? metadata.location : undefined,
            target: blob,
            lockPath: paths.lock(metadata.etag),
            pythonLockPath: paths.pythonLock(metadata.etag),
            etag: metadata.etag,
            size: metadata.size,
            stallTimeout,
            segmentThreshold,
            segments,
            xet:
              useXet !== false && metadata.xetHash && metadata.xet
                ? { hash: metadata.xetHash, authUrl: metadata.xet.authUrl, reconstructionUrl: metadata.xet.reconstructionUrl }
                : undefined,
            onBytes: (delta, alreadyThere) => {
              bytes += delta;
              if (alreadyThere) resumedBytes += delta;
              onProgress?.({ path, bytes, size: metadata.size, resumedBytes });
            },
          });
    try {
      await linkPointer(pointer, blob, { disableSymlinks: symlinksDisabled(disableSymlinks), newBlob });
      return pointer;
    } catch (error) {
      // Without symlinks another process may have moved the blob into its own snapshot meanwhile.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 3) throw error;
    }
  }
}
