import { lstat, readdir, readFile, readlink, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { HubError, type RepoType } from "@hub/core";
import { hubCacheDir, isCommitHash } from "./cache-paths.ts";

/** One file of a cached revision (Python's `CachedFileInfo`). */
export interface CachedFileInfo {
  /** Name of the file (its last path segment), e.g. `config.json`. */
  fileName: string;
  /** Path of the file in the snapshot: `<repo folder>/snapshots/<commit>/<path in repo>`. */
  filePath: string;
  /** The blob it points to (`blobs/<etag>`), or the file itself in a cache without symlinks. */
  blobPath: string;
  /** Size of the blob in bytes. */
  sizeOnDisk: number;
  /** Last access of the blob (as the file system records it; many mount with `relatime`). */
  blobLastAccessed: Date;
  /** Last change of the blob. */
  blobLastModified: Date;
}

/** One cached revision (a `snapshots/<commit>` folder) of a repository (Python's `CachedRevisionInfo`). */
export interface CachedRevisionInfo {
  /** The 40-hex commit id, the name of the snapshot folder. */
  commitHash: string;
  /** `<repo folder>/snapshots/<commit>`. */
  snapshotPath: string;
  /** Bytes of the distinct blobs its files use (a blob shared by two of its files counts once). */
  sizeOnDisk: number;
  /** Its files, sorted by path. */
  files: CachedFileInfo[];
  /** Refs (branches, tags, `refs/pr/1`) that point to it. */
  refs: string[];
  /** Latest change among its blobs (the snapshot folder's when it has no file). */
  lastModified: Date;
}

/** One repository in the cache (Python's `CachedRepoInfo`). */
export interface CachedRepoInfo {
  /** `namespace/name` (or `name`). */
  repoId: string;
  repoType: RepoType;
  /** `<cache>/models--namespace--name`. */
  repoPath: string;
  /** Bytes of the distinct blobs used by its revisions. */
  sizeOnDisk: number;
  /** Number of distinct blobs used by its revisions (Python's `nb_files`). */
  fileCount: number;
  /** Its cached revisions, sorted by commit id. */
  revisions: CachedRevisionInfo[];
  /** Ref name to commit id, from `refs/`. */
  refs: Record<string, string>;
  /** Latest access among its blobs (the repository folder's when it has none). */
  lastAccessed: Date;
  /** Latest change among its blobs (the repository folder's when it has none). */
  lastModified: Date;
}

/** What `scanCacheDir` found (Python's `HFCacheInfo`). */
export interface HubCacheInfo {
  /** The folder scanned. */
  cacheDir: string;
  /** Bytes of all the repositories' distinct blobs. */
  sizeOnDisk: number;
  /** The repositories, sorted by type then id. */
  repos: CachedRepoInfo[];
  /** One line per folder or file that does not follow the cache layout, which was left out. */
  warnings: string[];
}

/** The cache folder to scan does not exist (Python's `CacheNotFound`). */
export class CacheNotFoundError extends HubError {
  override name = "CacheNotFoundError";
  /** The folder that was looked for. */
  declare readonly cacheDir: string;
  constructor(cacheDir: string) {
    super(`Cache folder not found: ${cacheDir}`);
    Object.assign(this, { cacheDir });
  }
}

/** Parameters of `scanCacheDir`. */
export interface ScanCacheDirParams {
  /** Cache folder; default `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE` or `$HF_HOME/hub`. */
  cacheDir?: string;
}

const REPO_TYPES: Record<string, RepoType> = { models: "model", datasets: "dataset", spaces: "space" };

/** A folder or file of the cache that does not follow the layout; the scan reports it and goes on. */
class CorruptedCacheEntry extends Error {}

/**
 * Scans the cache shared with the Python client (as `scan_cache_dir`): every repository with its
 * type, id, size on disk, number of files, last access and change, refs and cached revisions with
 * their files. Only reads; what does not follow the layout (see `HubCacheInfo.warnings`) is left out.
 * Works with symlinked snapshots and with the layout without symlinks (real files in `snapshots/`).
 * @throws {CacheNotFoundError} when the cache folder does not exist.
 */
export async function scanCacheDir(params: ScanCacheDirParams = {}): Promise<HubCacheInfo> {
  const cacheDir = resolve(params.cacheDir ?? hubCacheDir());
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") throw new CacheNotFoundError(cacheDir);
    throw error;
  });
  const repos: CachedRepoInfo[] = [];
  const warnings: string[] = [];
  for (const entry of entries.sort((left, right) => left.name.localeCompare(right.name))) {
    // Lock files and the backup-exclusion tag are not repositories.
    if (entry.name === ".locks" || entry.name === "CACHEDIR.TAG") continue;
    try {
      repos.push(await scanRepo(join(cacheDir, entry.name), entry.isDirectory()));
    } catch (error) {
      if (!(error instanceof CorruptedCacheEntry)) throw error;
      warnings.push(error.message);
    }
  }
  repos.sort((left, right) => left.repoType.localeCompare(right.repoType) || left.repoId.localeCompare(right.repoId));
  return { cacheDir, sizeOnDisk: repos.reduce((sum, repo) => sum + repo.sizeOnDisk, 0), repos, warnings };
}

/** `models--ns--name` to its type and id, or `undefined` when the name does not follow the layout. */
export function parseRepoFolderName(name: string): { repoType: RepoType; repoId: string } | undefined {
  const separator = name.indexOf("--");
  if (separator < 0) return undefined;
  const repoType = REPO_TYPES[name.slice(0, separator)];
  const repoId = name.slice(separator + 2).replaceAll("--", "/");
  if (!repoType || repoId === "" || repoId.split("/").length > 2 || repoId.split("/").some((part) => part === "")) return undefined;
  return { repoType, repoId };
}

interface BlobStats {
  size: number;
  accessed: Date;
  modified: Date;
}

async function scanRepo(repoPath: string, isDirectory: boolean): Promise<CachedRepoInfo> {
  if (!isDirectory) throw new CorruptedCacheEntry(`Not a repository folder, skipped: ${repoPath}`);
  const name = repoPath.slice(dirname(repoPath).length + 1);
  const parsed = parseRepoFolderName(name);
  if (!parsed)
    throw new CorruptedCacheEntry(
      `Not a repository folder (expected models--, datasets-- or spaces--<namespace>--<name>), skipped: ${repoPath}`,
    );
  const refs = await readRefs(join(repoPath, "refs"));
  const snapshotsPath = join(repoPath, "snapshots");
  const snapshotEntries = await readdir(snapshotsPath, { withFileTypes: true }).catch(() => {
    throw new CorruptedCacheEntry(`Repository without a snapshots folder, skipped: ${repoPath}`);
  });
  const blobs = new Map<string, BlobStats>();
  const revisions: CachedRevisionInfo[] = [];
  for (const entry of snapshotEntries) {
    const snapshotPath = join(snapshotsPath, entry.name);
    if (!entry.isDirectory()) throw new CorruptedCacheEntry(`Not a snapshot folder in ${repoPath}, repository skipped: ${snapshotPath}`);
    const files = await scanSnapshot(repoPath, snapshotPath, blobs);
    const distinct = new Map(files.map((file) => [file.blobPath, file.sizeOnDisk]));
    const folderInfo = files.length === 0 ? await stat(snapshotPath) : undefined;
    revisions.push({
      commitHash: entry.name,
      snapshotPath,
      sizeOnDisk: [...distinct.values()].reduce((sum, size) => sum + size, 0),
      files,
      refs: Object.keys(refs)
        .filter((ref) => refs[ref] === entry.name)
        .sort(),
      lastModified: folderInfo?.mtime ?? latest(files.map((file) => file.blobLastModified)),
    });
  }
  const known = new Set(revisions.map((revision) => revision.commitHash));
  const dangling = Object.entries(refs).filter(([, commit]) => !known.has(commit));
  if (dangling.length > 0) {
    throw new CorruptedCacheEntry(
      `Refs of ${repoPath} point to commits that are not cached (${dangling.map(([ref, commit]) => `${ref} -> ${commit}`).join(", ")}), repository skipped`,
    );
  }
  revisions.sort((left, right) => left.commitHash.localeCompare(right.commitHash));
  const stats = [...blobs.values()];
  const folderInfo = stats.length === 0 ? await stat(repoPath) : undefined;
  return {
    ...parsed,
    repoPath,
    sizeOnDisk: stats.reduce((sum, blob) => sum + blob.size, 0),
    fileCount: stats.length,
    revisions,
    refs,
    lastAccessed: folderInfo?.atime ?? latest(stats.map((blob) => blob.accessed)),
    lastModified: folderInfo?.mtime ?? latest(stats.map((blob) => blob.modified)),
  };
}

/** `refs/<name>` files (nested for `refs/pr/1`), name to commit. */
async function readRefs(refsPath: string): Promise<Record<string, string>> {
  const refs: Record<string, string> = {};
  const entries = await readdir(refsPath, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const commit = (await readFile(path, "utf8")).trim();
    const ref = relative(refsPath, path).split(sep).join("/");
    if (!isCommitHash(commit))
      throw new CorruptedCacheEntry(`Ref ${ref} of ${dirname(refsPath)} does not hold a commit id, repository skipped`);
    refs[ref] = commit;
  }
  return refs;
}

async function scanSnapshot(repoPath: string, snapshotPath: string, blobs: Map<string, BlobStats>): Promise<CachedFileInfo[]> {
  const files: CachedFileInfo[] = [];
  const entries = await readdir(snapshotPath, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const filePath = join(entry.parentPath, entry.name);
    const blobPath = await blobOf(repoPath, filePath);
    let blob = blobs.get(blobPath);
    if (!blob) {
      const info = await stat(blobPath).catch(() => undefined);
      // A link to a blob that is gone: the file is not really cached.
      if (!info?.isFile()) continue;
      blob = { size: info.size, accessed: info.atime, modified: info.mtime };
      blobs.set(blobPath, blob);
    }
    files.push({
      fileName: entry.name,
      filePath,
      blobPath,
      sizeOnDisk: blob.size,
      blobLastAccessed: blob.accessed,
      blobLastModified: blob.modified,
    });
  }
  return files.sort((left, right) => left.filePath.localeCompare(right.filePath));
}

/**
 * The blob a snapshot file stands for: the target of its symlink, or the file itself without symlinks.
 * A link that leads outside the repository folder is not part of the cache: it is reported, not followed.
 */
async function blobOf(repoPath: string, filePath: string): Promise<string> {
  const info = await lstat(filePath);
  if (!info.isSymbolicLink()) return filePath;
  const target = await readlink(filePath);
  const blobPath = isAbsolute(target) ? resolve(target) : resolve(dirname(filePath), target);
  if (!isInside(repoPath, blobPath))
    throw new CorruptedCacheEntry(`Snapshot file ${filePath} links outside its repository folder (${target}), repository skipped`);
  return blobPath;
}

/** Whether `path` is inside `folder` (both resolved). */
export function isInside(folder: string, path: string): boolean {
  const relation = relative(folder, path);
  return relation !== "" && !relation.startsWith(`..${sep}`) && relation !== ".." && !isAbsolute(relation);
}

function latest(dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}
