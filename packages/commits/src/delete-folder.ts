import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema, FolderPathSchema } from "./schemas.ts";
import type { CommitInfo } from "./types.ts";

/** Parameters of `deleteFolder`. */
export interface DeleteFolderParams extends Omit<CommitOptions, "onProgress" | "numThreads" | "uploadConcurrency"> {
  /** The folder to delete (with or without a trailing `/`). */
  pathInRepo: string;
  /** Default `Delete folder {pathInRepo} with @hub/sdk`. */
  commitMessage?: string;
}

const DeleteFolderSchema = /* @__PURE__ */ (() =>
  v.object({ ...CommitEntries, pathInRepo: FolderPathSchema, commitMessage: v.optional(CommitMessageSchema) }))();

/**
 * Deletes a folder and everything under it in one commit.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {EntryNotFoundError} when the folder does not exist; otherwise as `createCommit`.
 */
export async function deleteFolder(params: DeleteFolderParams): Promise<CommitInfo> {
  const { pathInRepo, commitMessage } = parse(DeleteFolderSchema, params);
  return createCommit({
    ...params,
    operations: [{ operation: "delete", pathInRepo, isFolder: true }],
    commitMessage: commitMessage ?? defaultCommitMessages.deleteFolder(pathInRepo),
  });
}
