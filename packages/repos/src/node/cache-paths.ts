import { homedir } from "node:os";
import { dirname, join, relative } from "node:path";
import { expandPath, type RepoType, repoCacheFolderName } from "@hub/core";

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
  const hfHome = nonEmpty(env.HF_HOME) ?? join(nonEmpty(env.XDG_CACHE_HOME) ?? join(home, ".cache"), "huggingface");
  return join(expand(hfHome), "hub");
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

/** Builds the cache paths of a repository. */
export function repoCachePaths(cacheDir: string, repoType: RepoType, repoId: string): RepoCachePaths {
  const folder = repoCacheFolderName(repoType, repoId);
  const storage = join(cacheDir, folder);
  return {
    storage,
    folder,
    blob: (etag) => join(storage, "blobs", etag),
    pointer: (commit, path) => join(storage, "snapshots", commit, ...path.split("/")),
    snapshot: (commit) => join(storage, "snapshots", commit),
    ref: (revision) => join(storage, "refs", ...revision.split("/")),
    noExist: (commit, path) => join(storage, ".no_exist", commit, ...path.split("/")),
    lock: (etag) => join(cacheDir, ".locks", folder, `${etag}.hub-sdk.lock`),
    pythonLock: (etag) => join(cacheDir, ".locks", folder, `${etag}.lock`),
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
