import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { EntryNotFoundError, type HubOptions, HubNetworkError, HubTimeoutError, type RepoParams, parse } from "@hub/core";
import * as v from "valibot";
import { getFileMetadata } from "../get-file-metadata.ts";
import { OptionalRevision, PathSchema, RepoEntries } from "../schemas.ts";
import { hubCacheDir, isCommitHash, type RepoCachePaths, repoCachePaths } from "./cache-paths.ts";
import { fetchBlob } from "./fetch-blob.ts";
import { exists, linkPointer, writeRef } from "./fs-utils.ts";

/** Bytes transferred for one file. */
export interface FileProgress {
  /** Path of the file in the repository. */
  path: string;
  /** Bytes of this file on disk so far. */
  bytes: number;
  /** Size of this file, when known. */
  size: number | undefined;
}

/** Parameters of `downloadFileToCacheDir`. */
export interface DownloadFileToCacheDirParams extends HubOptions, RepoParams {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Cache folder; default `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE` or `$HF_HOME/hub`. */
  cacheDir?: string;
  /** Milliseconds without data before the transfer fails (default 30 000); there is no total limit. */
  stallTimeout?: number;
  /** Called as bytes arrive. */
  onProgress?: (progress: FileProgress) => void;
  /** Files of at least this many bytes are fetched as parallel ranges (default 64 MiB; `Infinity` disables). */
  segmentThreshold?: number;
  /** Parallel ranges per large file (default 4). */
  segments?: number;
}

/** Entries of the cache download schemas. */
export const CacheEntries = {
  ...RepoEntries,
  revision: OptionalRevision,
  cacheDir: v.optional(v.pipe(v.string("must be a string"), v.nonEmpty("must not be empty"))),
  stallTimeout: v.optional(v.pipe(v.number("must be a number"), v.minValue(1, "must be at least 1"))),
  onProgress: v.optional(v.custom<(progress: never) => void>((value) => typeof value === "function", "must be a function")),
  segmentThreshold: v.optional(v.pipe(v.number("must be a number"), v.minValue(1, "must be at least 1"))),
  segments: v.optional(v.pipe(v.number("must be a number"), v.integer("must be an integer"), v.minValue(1, "must be at least 1"))),
};

const DownloadFileToCacheDirSchema = v.object({ ...CacheEntries, path: PathSchema });

/** A fetch that remembers the last `X-Repo-Commit` it saw (also on 404 answers). */
function commitSpy(options: HubOptions): { fetch: typeof fetch; commit: () => string | undefined } {
  let commit: string | undefined;
  const base = options.fetch ?? globalThis.fetch;
  const spy = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await base(input, init);
    commit = response.headers.get("x-repo-commit") ?? commit;
    return response;
  }) as typeof fetch;
  return { fetch: spy, commit: () => commit };
}

async function fromCacheOnly(paths: RepoCachePaths, revision: string, path: string): Promise<string | undefined> {
  const commit = isCommitHash(revision) ? revision : await readFile(paths.ref(revision), "utf8").catch(() => undefined);
  if (commit === undefined) return undefined;
  const pointer = paths.pointer(commit.trim(), path);
  return (await exists(pointer)) ? pointer : undefined;
}

/**
 * Downloads one file into the cache shared with the Python client (protocol 5.6) and returns the
 * path of its snapshot pointer (`snapshots/<commit>/<path>`, a relative symlink to `blobs/<etag>`).
 * A 40-hex `revision` already in the cache makes no request; when the Hub cannot be reached, the
 * cached copy of the revision is returned. A missing file is recorded in `.no_exist/`.
 * @throws {HubValidationError} on a bad `repoId`, `path` or `revision`, before any request.
 * @throws {EntryNotFoundError}, {RevisionNotFoundError}, {RepositoryNotFoundError}.
 * @throws {HubTimeoutError} when the transfer stalls; {HubError} when the bytes do not match the ETag.
 */
export async function downloadFileToCacheDir(params: DownloadFileToCacheDirParams): Promise<string> {
  const { repoId, repoType, path, revision = "main", cacheDir, stallTimeout, onProgress: _onProgress, segmentThreshold, segments, ...options } = parse(DownloadFileToCacheDirSchema, params);
  const onProgress = params.onProgress;
  const paths = repoCachePaths(cacheDir ?? hubCacheDir(), repoType, repoId);
  if (isCommitHash(revision)) {
    const pointer = paths.pointer(revision, path);
    if (await exists(pointer)) return pointer;
  }
  const spy = commitSpy(options);
  let metadata: Awaited<ReturnType<typeof getFileMetadata>>;
  try {
    metadata = await getFileMetadata({ ...options, fetch: spy.fetch, repoId, repoType, path, revision });
  } catch (error) {
    const commit = spy.commit();
    if (error instanceof EntryNotFoundError && commit) {
      await mkdir(dirname(paths.noExist(commit, path)), { recursive: true });
      await writeFile(paths.noExist(commit, path), "");
      if (revision !== commit) await writeRef(paths.ref(revision), commit);
    }
    if (error instanceof HubNetworkError || error instanceof HubTimeoutError) {
      const cached = await fromCacheOnly(paths, revision, path);
      if (cached) return cached;
    }
    throw error;
  }
  const commit = metadata.commitHash;
  if (revision !== commit) await writeRef(paths.ref(revision), commit);
  const pointer = paths.pointer(commit, path);
  if (await exists(pointer)) return pointer;
  let bytes = 0;
  await fetchBlob({
    options,
    source: { repoId, repoType, revision: commit, path },
    target: paths.blob(metadata.etag),
    lockPath: paths.lock(metadata.etag),
    etag: metadata.etag,
    size: metadata.size,
    stallTimeout,
    segmentThreshold,
    segments,
    onBytes: (delta) => {
      bytes += delta;
      onProgress?.({ path, bytes, size: metadata.size });
    },
  });
  await linkPointer(pointer, paths.blob(metadata.etag));
  return pointer;
}
