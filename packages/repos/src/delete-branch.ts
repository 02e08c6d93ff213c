import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { RefNameSchema, RepoEntries } from "./schemas.ts";

/** Parameters of `deleteBranch`. */
export interface DeleteBranchParams extends HubOptions, RepoParams {
  /** The branch to delete (not `main`). */
  branch: string;
}

const DeleteBranchSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, branch: RefNameSchema }))();

/**
 * Deletes a branch (`DELETE /api/{type}s/{id}/branch/{branch}`).
 * @throws {HubValidationError} on a bad `repoId` or `branch`, before any request.
 * @throws {RepositoryNotFoundError}; {HubHttpError} 403 for `main`, 404 for a missing branch.
 */
export async function deleteBranch(params: DeleteBranchParams): Promise<void> {
  const { repoId, repoType, branch, ...options } = parse(DeleteBranchSchema, params);
  await hubRequest(options, {
    method: "DELETE",
    path: `${repoApiPath(repoType, repoId)}/branch/${encodeRevision(branch)}`,
    responseType: "void",
  });
}
