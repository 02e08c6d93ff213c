import { parse, PathInRepoSchema } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema } from "./schemas.ts";
import type { CommitInfo } from "./types.ts";

/** Parameters of `deleteFile`. */
export interface DeleteFileParams extends Omit<CommitOptions, "onProgress" | "numThreads" | "uploadConcurrency"> {
  /** The file to delete. */
  pathInRepo: string;
  /** Default `Delete {pathInRepo} with @hub/sdk`. */
  commitMessage?: string;
}

const DeleteFileSchema = /* @__PURE__ */ (() =>
  v.object({ ...CommitEntries, pathInRepo: PathInRepoSchema, commitMessage: v.optional(CommitMessageSchema) }))();

/**
 * Deletes one file in one commit.
 * @throws {HubValidationError} on a bad parameter, before any request.
 * @throws {EntryNotFoundError} when the file does not exist; otherwise as `createCommit`.
 */
export async function deleteFile(params: DeleteFileParams): Promise<CommitInfo> {
  const { pathInRepo, commitMessage } = parse(DeleteFileSchema, params);
  return createCommit({
    ...params,
    operations: [{ operation: "delete", pathInRepo, isFolder: false }],
    commitMessage: commitMessage ?? defaultCommitMessages.deleteFile(pathInRepo),
  });
}
