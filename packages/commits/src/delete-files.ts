import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema } from "./schemas.ts";
import type { CommitInfo } from "./types.ts";

/** Parameters of `deleteFiles`. */
export interface DeleteFilesParams extends Omit<CommitOptions, "onProgress" | "numThreads" | "uploadConcurrency"> {
  /** Files to delete; a path ending with `/` deletes that folder. */
  paths: readonly string[];
  /** Default `Delete {n} files with @hub/sdk`. */
  commitMessage?: string;
}

const DeleteFilesSchema = /* @__PURE__ */ (() =>
  v.object({
    ...CommitEntries,
    paths: v.pipe(v.array(v.string("must be a string"), "must be an array"), v.minLength(1, "must not be empty")),
    commitMessage: v.optional(CommitMessageSchema),
  }))();

/**
 * Deletes several files (and folders, given with a trailing `/`) in one commit.
 * @throws {HubValidationError} on a bad or duplicate path, before any request.
 * @throws {EntryNotFoundError} when a path does not exist; otherwise as `createCommit`.
 */
export async function deleteFiles(params: DeleteFilesParams): Promise<CommitInfo> {
  const { paths, commitMessage } = parse(DeleteFilesSchema, params);
  return createCommit({
    ...params,
    operations: paths.map((pathInRepo) => ({ operation: "delete" as const, pathInRepo })),
    commitMessage: commitMessage ?? defaultCommitMessages.deleteFiles(paths),
  });
}
