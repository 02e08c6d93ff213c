import { type HubOptions, type RepoParams, RepositoryNotFoundError, hubRequest } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, RepoEntries } from "./schemas.ts";

/** Parameters of `deleteRepo`. */
export interface DeleteRepoParams extends HubOptions, RepoParams {
  /** Succeed when the repository does not exist (default false). */
  missingOk?: boolean;
}

const DeleteRepoSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, missingOk: OptionalBoolean }))();

/**
 * Deletes a repository for good (`DELETE /api/repos/delete`).
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist (unless `missingOk`) or is not visible.
 * @throws {HubHttpError} 403 without admin rights on it.
 */
export async function deleteRepo(params: DeleteRepoParams): Promise<void> {
  const { repoId, repoType, missingOk = false, ...options } = parse(DeleteRepoSchema, params);
  const [organization, name] = repoId.includes("/") ? repoId.split("/") : [null, repoId];
  try {
    await hubRequest(options, {
      method: "DELETE",
      path: "/api/repos/delete",
      json: { name, organization, type: repoType },
      responseType: "void",
    });
  } catch (error) {
    if (!(missingOk && error instanceof RepositoryNotFoundError)) throw error;
  }
}
