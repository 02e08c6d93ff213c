import { parse, PathInRepoSchema } from "@hub/core";
import * as v from "valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema, ContentSchema } from "./schemas.ts";
import type { CommitContent, UploadResult } from "./types.ts";
import { uploadResult } from "./upload-url.ts";

/** Parameters of `uploadFiles`. */
export interface UploadFilesParams extends CommitOptions {
  /** The files: where each goes in the repo (`path`) and its bytes (`content`). */
  files: readonly { path: string; content: CommitContent }[];
  /** Default `Upload {n} files with @hub/sdk`. */
  commitMessage?: string;
}

const UploadFilesSchema = v.object({
  ...CommitEntries,
  files: v.array(v.object({ path: PathInRepoSchema, content: ContentSchema }), "must be an array"),
  commitMessage: v.optional(CommitMessageSchema),
});

/**
 * Uploads several files in one commit; returns the web URL of the revision's root (`.../tree/{rev}`) and the commit.
 * @throws {HubValidationError} on a bad parameter or duplicate path, before any request; otherwise as `createCommit`.
 */
export async function uploadFiles(params: UploadFilesParams): Promise<UploadResult> {
  const { files, commitMessage } = parse(UploadFilesSchema, params);
  const commit = await createCommit({
    ...params,
    operations: files.map(({ path, content }) => ({ operation: "add" as const, pathInRepo: path, content })),
    commitMessage: commitMessage ?? defaultCommitMessages.uploadFiles(files.map((file) => file.path)),
  });
  return uploadResult("tree", { ...params, repoType: params.repoType ?? "model", path: "" }, commit);
}
