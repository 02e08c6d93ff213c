import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { expandPath, huggingFaceHome, type RepoType } from "@hub/core";
import { repoCacheFolderName } from "@hub/core/internal";
import { checkCommitId, checkEtag, checkInside, checkRefName, checkRepoPath } from "../safe-paths.ts";

/** Environment variables, `process.env` by default. */
export type Environment = Record<string, string | undefined>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/**
 * The cache folder shared with the Python client: `HF_HUB_CACHE`, else `HUGGINGFACE_HUB_CACHE`, else
 * `$HF_HOME/hub` (`HF_HOME` default `$XDG_CACHE_HOME/huggingface` or `~/.cache/huggingface`), with
 * `~` and `$VAR` expanded as Python's `expandvars(expanduser(...))`, so both clients share one folder.
 */
export function hubCacheDir(env: Environment = process.env): string {
  const home = nonEmpty(env.HOME) ?? homedir();
  const expand = (path: string) => expandPath(path, { ...env, HOME: home });
  const explicit = nonEmpty(env.HF_HUB_CACHE) ?? nonEmpty(env.HUGGINGFACE_HUB_CACHE);
  if (explicit) return expand(explicit);
  return join(huggingFaceHome({ ...env, HOME: home }), "hub");
}

/** The paths of one repository in the cache (protocol 5.6). */
export interface RepoCachePaths {
  /** `<cache>/models--ns--name`. */
  storage: string;
  /** Folder name `models--ns--name`. */
  folder: string;
  /** `blobs/<etag>`. */
  blob(etag: string): string;
  /** `snapshots/<commit>/<path>`. */
  pointer(commit: string, path: string): string;
  /** `snapshots/<commit>`. */
  snapshot(commit: string): string;
  /** `refs/<revision>` (nested for `refs/pr/1`). */
  ref(revision: string): string;
  /** `.no_exist/<commit>/<path>`. */
  noExist(commit: string, path: string): string;
  /** Our lock for one blob: `<cache>/.locks/<folder>/<etag>.hub-sdk.lock`. */
  lock(etag: string): string;
  /** The Python client's `flock` file for one blob: `<cache>/.locks/<folder>/<etag>.lock`. */
  pythonLock(etag: string): string;
}

/**
 * `root` joined with the `/`-separated repository `path`, checked first (relative, normalised, no
 * `..`, NUL, backslash or drive letter) and then found inside `root` once resolved.
 * @throws {UnsafePathError} naming `path` and `source`.
 */
export function joinRepoPath(root: string, path: string, source: string): string {
  const segments = checkRepoPath(path, source).split("/");
  const base = resolve(root);
  checkInside(base, resolve(base, ...segments), path, source);
  // In the caller's form (a relative cache folder stays relative).
  return join(root, ...segments);
}

/**
 * Builds the cache paths of a repository. Every name that goes into a path is checked first
 * (commit ids 40 hex, ETags hash-like, repo paths relative and normalised, revisions valid ref
 * names), so a hostile Hub answer cannot point outside the repository's cache folder.
 * @throws {UnsafePathError} from a builder given an unsafe value.
 */
export function repoCachePaths(cacheDir: string, repoType: RepoType, repoId: string): RepoCachePaths {
  const folder = repoCacheFolderName(repoType, repoId);
  const storage = join(cacheDir, folder);
  const commitFolder = (parent: string, commit: string) =>
    join(storage, parent, checkCommitId(commit, "commit id (X-Repo-Commit header or repo info sha)"));
  const blobName = (etag: string) => checkEtag(etag, "blob name (ETag header, blobId or lfs.sha256 from the Hub)");
  return {
    storage,
    folder,
    blob: (etag) => join(storage, "blobs", blobName(etag)),
    pointer: (commit, path) => joinRepoPath(commitFolder("snapshots", commit), path, "file path"),
    snapshot: (commit) => commitFolder("snapshots", commit),
    ref: (revision) => joinRepoPath(join(storage, "refs"), checkRefName(revision, "revision"), "revision"),
    noExist: (commit, path) => joinRepoPath(commitFolder(".no_exist", commit), path, "file path"),
    lock: (etag) => join(cacheDir, ".locks", folder, `${blobName(etag)}.hub-sdk.lock`),
    pythonLock: (etag) => join(cacheDir, ".locks", folder, `${blobName(etag)}.lock`),
  };
}

/** The relative symlink target from a pointer file to its blob. */
export function relativeBlobTarget(pointer: string, blob: string): string {
  return relative(dirname(pointer), blob);
}

/** Whether a revision is a full commit id. */
export function isCommitHash(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}
