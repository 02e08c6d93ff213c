import { rm } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { HubValidationError, type RepoType } from "@hub/core";
import { type CachedRepoInfo, type HubCacheInfo, isInside, scanCacheDir } from "./cache-scan.ts";
import { isCommitHash } from "./cache-paths.ts";

/** Parameters of `deleteCacheRevisions`. */
export interface DeleteCacheRevisionsParams {
  /** Cache folder; default `HF_HUB_CACHE`, `HUGGINGFACE_HUB_CACHE` or `$HF_HOME/hub`. */
  cacheDir?: string;
  /** Commit ids (40 hex) of cached revisions to delete, in any repository. */
  revisions?: readonly string[];
  /** Whole repositories to delete from the cache. */
  repos?: readonly { repoId: string; repoType?: RepoType }[];
  /** Only compute what would be deleted and freed; delete nothing. */
  dryRun?: boolean;
  /** A scan to plan from instead of scanning `cacheDir` again (`scanCacheDir`'s result). */
  cacheInfo?: HubCacheInfo;
}

/** What `deleteCacheRevisions` deletes (or, in a dry run, would delete) (Python's `DeleteCacheStrategy`). */
export interface CacheDeletion {
  /** Bytes freed: the repositories deleted whole, plus the blobs no remaining revision uses. */
  expectedFreedSize: number;
  /** Repository folders deleted whole (every cached revision of them was asked for, or the repository itself). */
  repos: string[];
  /** Snapshot folders deleted. */
  snapshots: string[];
  /** Ref files deleted (they pointed to a deleted revision). */
  refs: string[];
  /** Blob files deleted (no remaining revision uses them). */
  blobs: string[];
  /** Revisions and repositories asked for that are not in the cache (nothing done for them). */
  notFound: string[];
  /** Whether anything was deleted (false in a dry run). */
  deleted: boolean;
}

/**
 * Deletes cached revisions (by commit id) and whole repositories from the cache shared with the
 * Python client, as `HFCacheInfo.delete_revisions(...).execute()` does: a repository all of whose
 * revisions go is removed whole; otherwise the snapshot folders go, with the refs that point to them
 * and the blobs no remaining revision uses. Revisions or repositories not in the cache are listed in
 * `notFound`. Only paths inside the cache folder are ever removed. With `dryRun`, nothing is deleted.
 * @throws {HubValidationError} when a revision is not a 40-hex commit id, before anything is deleted.
 * @throws {CacheNotFoundError} when the cache folder does not exist.
 */
export async function deleteCacheRevisions(params: DeleteCacheRevisionsParams): Promise<CacheDeletion> {
  const revisions = [...new Set(params.revisions ?? [])];
  const bad = revisions.filter((revision) => !isCommitHash(revision));
  if (bad.length > 0)
    throw new HubValidationError([
      { field: "revisions", rule: `must be 40-hex commit ids (got ${bad.map((value) => JSON.stringify(value)).join(", ")})` },
    ]);
  const info = params.cacheInfo ?? (await scanCacheDir({ cacheDir: params.cacheDir }));
  const plan = planDeletion(info, revisions, params.repos ?? []);
  if (params.dryRun) return plan;
  const root = resolve(info.cacheDir);
  const remove = async (path: string, recursive: boolean) => {
    // A scan only yields paths below the cache; checked again because this deletes.
    if (!isInside(root, resolve(path))) throw new Error(`Refusing to delete ${path}: it is not inside the cache folder ${root}`);
    await rm(path, { recursive, force: true });
  };
  for (const path of plan.repos) await remove(path, true);
  for (const path of plan.blobs) await remove(path, false);
  for (const path of plan.refs) await remove(path, false);
  for (const path of plan.snapshots) await remove(path, true);
  return { ...plan, deleted: true };
}

function planDeletion(
  info: HubCacheInfo,
  revisions: readonly string[],
  repos: readonly { repoId: string; repoType?: RepoType }[],
): CacheDeletion {
  const plan: CacheDeletion = { expectedFreedSize: 0, repos: [], snapshots: [], refs: [], blobs: [], notFound: [], deleted: false };
  const wholeRepos = new Set<CachedRepoInfo>();
  for (const wanted of repos) {
    const repoType = wanted.repoType ?? "model";
    const repo = info.repos.find((candidate) => candidate.repoType === repoType && candidate.repoId === wanted.repoId);
    if (repo) wholeRepos.add(repo);
    else plan.notFound.push(`${repoType}/${wanted.repoId}`);
  }
  const byRepo = new Map<CachedRepoInfo, Set<string>>();
  for (const commit of revisions) {
    const repos = info.repos.filter((repo) => repo.revisions.some((revision) => revision.commitHash === commit));
    if (repos.length === 0) plan.notFound.push(commit);
    for (const repo of repos) byRepo.set(repo, (byRepo.get(repo) ?? new Set()).add(commit));
  }
  for (const [repo, commits] of byRepo) if (repo.revisions.every((revision) => commits.has(revision.commitHash))) wholeRepos.add(repo);
  for (const repo of wholeRepos) {
    plan.repos.push(repo.repoPath);
    plan.expectedFreedSize += repo.sizeOnDisk;
  }
  for (const [repo, commits] of byRepo) {
    if (wholeRepos.has(repo)) continue;
    const kept = repo.revisions.filter((revision) => !commits.has(revision.commitHash));
    const stillUsed = new Set(kept.flatMap((revision) => revision.files.map((file) => file.blobPath)));
    const freed = new Map<string, number>();
    for (const revision of repo.revisions.filter((candidate) => commits.has(candidate.commitHash))) {
      plan.snapshots.push(revision.snapshotPath);
      for (const ref of revision.refs) plan.refs.push(join(repo.repoPath, "refs", ...ref.split("/")));
      for (const file of revision.files) if (!stillUsed.has(file.blobPath)) freed.set(file.blobPath, file.sizeOnDisk);
    }
    for (const [blob, size] of freed) {
      // Without symlinks the "blob" is the snapshot file itself: it goes with its snapshot folder.
      if (!isUnder(repo.repoPath, "snapshots", blob)) plan.blobs.push(blob);
      plan.expectedFreedSize += size;
    }
  }
  return plan;
}

function isUnder(repoPath: string, folder: string, path: string): boolean {
  return relative(join(repoPath, folder), path).split(sep)[0] !== "..";
}
