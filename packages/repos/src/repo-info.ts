import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import type { RepoInfo } from "./repo-info-types.ts";
import { OptionalBoolean, OptionalRevision, RepoEntries } from "./schemas.ts";
import { toRepoInfo } from "./to-repo-info.ts";

/** Parameters of `repoInfo`. */
export interface RepoInfoParams extends HubOptions, RepoParams {
  /** Branch, tag or commit; default the default branch. */
  revision?: string;
  /** Include size, blob id and LFS metadata of every file (`blobs=true`). */
  filesMetadata?: boolean;
  /** Models only: include the security scan status (`securityStatus=true`). */
  securityStatus?: boolean;
}

/** Schema of the info operations. */
export const RepoInfoSchema = /* @__PURE__ */ (() =>
  v.object({ ...RepoEntries, revision: OptionalRevision, filesMetadata: OptionalBoolean, securityStatus: OptionalBoolean }))();

/** Sends the info request of a parsed `RepoInfoParams`. */
export async function fetchRepoInfo(input: Omit<v.InferOutput<typeof RepoInfoSchema>, "client"> & { client?: string }): Promise<RepoInfo> {
  const { repoId, repoType, revision, filesMetadata, securityStatus, ...options } = input;
  const path =
    revision === undefined ? repoApiPath(repoType, repoId) : `${repoApiPath(repoType, repoId)}/revision/${encodeRevision(revision)}`;
  const raw = await hubRequest(options, {
    path,
    searchParams: { blobs: filesMetadata ? true : undefined, securityStatus: securityStatus && repoType === "model" ? true : undefined },
  });
  return toRepoInfo(raw, repoType);
}

/**
 * Returns information about a repository of any type (`GET /api/{type}s/{id}[/revision/{rev}]`).
 * `timeout` (milliseconds) bounds the request.
 * @throws {HubValidationError} on a bad `repoId`, `repoType` or `revision`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible to the caller.
 * @throws {RevisionNotFoundError} when the revision does not exist.
 */
export async function repoInfo(params: RepoInfoParams): Promise<RepoInfo> {
  return fetchRepoInfo(parse(RepoInfoSchema, params));
}
