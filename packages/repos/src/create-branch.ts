import { CommitConflictError, type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { OptionalBoolean, OptionalRevision, RefNameSchema, RepoEntries } from "./schemas.ts";

/** Parameters of `createBranch`. */
export interface CreateBranchParams extends HubOptions, RepoParams {
  /** Name of the new branch. */
  branch: string;
  /** Where the branch starts (branch, tag or commit; sent as `startingPoint`); default the head of `main`. */
  revision?: string;
  /** Succeed when the branch already exists (default false). */
  existOk?: boolean;
}

const CreateBranchSchema = /* @__PURE__ */ (() =>
  v.object({ ...RepoEntries, branch: RefNameSchema, revision: OptionalRevision, existOk: OptionalBoolean }))();

/**
 * Creates a branch (`POST /api/{type}s/{id}/branch/{branch}`).
 * @throws {HubValidationError} on a bad `repoId`, `branch` or `revision`, before any request.
 * @throws {RepositoryNotFoundError}, {RevisionNotFoundError} when the starting point does not exist.
 * @throws {BadRequestError} for an invalid branch name; {CommitConflictError} 409 when it exists and `existOk` is false.
 */
export async function createBranch(params: CreateBranchParams): Promise<void> {
  const { repoId, repoType, branch, revision, existOk = false, ...options } = parse(CreateBranchSchema, params);
  try {
    await hubRequest(options, {
      method: "POST",
      path: `${repoApiPath(repoType, repoId)}/branch/${encodeRevision(branch)}`,
      json: revision === undefined ? {} : { startingPoint: revision },
      responseType: "void",
    });
  } catch (error) {
    if (!(existOk && error instanceof CommitConflictError && error.status === 409)) throw error;
  }
}
