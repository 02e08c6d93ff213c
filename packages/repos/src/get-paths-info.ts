import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";
import { type RepoFile, type RepoFolder, toTreeEntry } from "./tree-entry.ts";

/** The Hub answers 413 above this many paths per request. */
export const PATHS_INFO_BATCH_SIZE = 1000;

/** Parameters of `getPathsInfo`. */
export interface GetPathsInfoParams extends HubOptions, RepoParams {
  /** Files or folders to describe; missing ones are left out of the answer. */
  paths: string[];
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  /** Add `lastCommit` and `securityFileStatus`. */
  expand?: boolean;
}

const GetPathsInfoSchema = /* @__PURE__ */ (() =>
  v.object({
    ...RepoEntries,
    paths: v.array(PathSchema, "must be an array of paths"),
    revision: OptionalRevision,
    expand: OptionalBoolean,
  }))();

/**
 * Describes the given paths (`POST /api/{type}s/{id}/paths-info/{rev}`, JSON body, 1,000 paths per request);
 * paths that do not exist are silently left out.
 * @throws {HubValidationError} on a bad `repoId`, `revision` or path, before any request.
 * @throws {RepositoryNotFoundError} or {RevisionNotFoundError}.
 */
export async function getPathsInfo(params: GetPathsInfoParams): Promise<(RepoFile | RepoFolder)[]> {
  const { repoId, repoType, paths, revision = "main", expand, ...options } = parse(GetPathsInfoSchema, params);
  const entries: (RepoFile | RepoFolder)[] = [];
  for (let start = 0; start < paths.length; start += PATHS_INFO_BATCH_SIZE) {
    const raw = await hubRequest(options, {
      method: "POST",
      path: `${repoApiPath(repoType, repoId)}/paths-info/${encodeRevision(revision)}`,
      json: { paths: paths.slice(start, start + PATHS_INFO_BATCH_SIZE), expand: expand ?? false },
      idempotent: true,
    });
    if (Array.isArray(raw)) entries.push(...raw.map(toTreeEntry));
  }
  return entries;
}
