import { EntryNotFoundError, type HubOptions, hubRequest, type RepoType, redactUrl, resolveHubUrl } from "@hub/core";
import { encodeRevision, repoApiPath, resolvePath } from "@hub/core/internal";

/** A copy resolved to what the commit needs: an LFS object to reference, or the bytes of a regular file. */
export type ResolvedCopy = { path: string; lfsOid: string } | { path: string; content: Blob };

interface PathInfo {
  path?: unknown;
  type?: unknown;
  lfs?: { oid?: unknown } | null;
}

/**
 * Looks up the source of each copy (paths-info per source revision): LFS files are copied by
 * reference (an `lfsFile` line without size), regular files are downloaded and added again.
 * @throws {EntryNotFoundError} when a source file does not exist at its revision.
 */
export async function resolveCopies(
  options: HubOptions,
  target: { repoType: RepoType; repoId: string; revision: string },
  copies: readonly { srcPathInRepo: string; pathInRepo: string; srcRevision?: string | undefined }[],
): Promise<ResolvedCopy[]> {
  const byRevision = new Map<string, Set<string>>();
  for (const copy of copies) {
    const revision = copy.srcRevision ?? target.revision;
    byRevision.set(revision, (byRevision.get(revision) ?? new Set()).add(copy.srcPathInRepo));
  }
  const found = new Map<string, PathInfo>();
  for (const [revision, paths] of byRevision) {
    const list = [...paths];
    for (let start = 0; start < list.length; start += 1000) {
      const entries = await hubRequest<PathInfo[]>(options, {
        method: "POST",
        path: `${repoApiPath(target.repoType, target.repoId)}/paths-info/${encodeRevision(revision)}`,
        json: { paths: list.slice(start, start + 1000), expand: false },
        idempotent: true,
      });
      for (const entry of entries ?? [])
        if (typeof entry.path === "string" && entry.type === "file") found.set(`${revision}\0${entry.path}`, entry);
    }
  }
  const resolved: ResolvedCopy[] = [];
  for (const copy of copies) {
    const revision = copy.srcRevision ?? target.revision;
    const entry = found.get(`${revision}\0${copy.srcPathInRepo}`);
    if (!entry) {
      throw new EntryNotFoundError({
        status: 404,
        method: "POST",
        url: redactUrl(`${resolveHubUrl(options)}${repoApiPath(target.repoType, target.repoId)}/paths-info/${encodeRevision(revision)}`),
        errorCode: "EntryNotFound",
        serverMessage: `Cannot copy ${copy.srcPathInRepo}: no such file at ${revision}`,
      });
    }
    if (typeof entry.lfs?.oid === "string") resolved.push({ path: copy.pathInRepo, lfsOid: entry.lfs.oid });
    else {
      const response = await hubRequest(options, {
        path: resolvePath({ ...target, revision, path: copy.srcPathInRepo }),
        responseType: "response",
      });
      resolved.push({ path: copy.pathInRepo, content: await response.blob() });
    }
  }
  return resolved;
}
