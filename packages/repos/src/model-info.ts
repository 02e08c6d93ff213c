import { type HubOptions } from "@hub/core";
import { parse } from "@hub/core/internal";
import type { ModelInfo } from "./repo-info-types.ts";
import { fetchRepoInfo, RepoInfoSchema } from "./repo-info.ts";

/** Parameters of `modelInfo`. */
export interface ModelInfoParams extends HubOptions {
  /** `"namespace/name"` (or a canonical `"name"`). */
  repoId: string;
  /** Branch, tag or commit; default the default branch. */
  revision?: string;
  /** Include size, blob id and LFS metadata of every file (`blobs=true`). */
  filesMetadata?: boolean;
  /** Include the security scan status (`securityStatus=true`). */
  securityStatus?: boolean;
}

/**
 * Returns information about a model repository; `timeout` (milliseconds) bounds the request.
 * @throws {HubValidationError} on a bad `repoId` or `revision`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible to the caller.
 * @throws {RevisionNotFoundError} when the revision does not exist.
 */
export async function modelInfo(params: ModelInfoParams): Promise<ModelInfo> {
  return (await fetchRepoInfo(parse(RepoInfoSchema, { ...params, repoType: "model" }))) as ModelInfo;
}
