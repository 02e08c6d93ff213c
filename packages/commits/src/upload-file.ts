import { parse, PathInRepoSchema } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema, ContentSchema } from "./schemas.ts";
import type { CommitContent, UploadResult } from "./types.ts";
import { uploadResult } from "./upload-url.ts";

/** Parameters of `uploadFile`. */
export interface UploadFileParams extends CommitOptions {
  /** The bytes (the seed's `path_or_fileobj`): a Blob/File, bytes, a sized stream, or on Node `await fileSource(path)`. */
  file: CommitContent;
  /** Where the file goes in the repo. */
  pathInRepo: string;
  /** Default `Upload {pathInRepo} with @hub/sdk`. */
  commitMessage?: string;
}

const UploadFileSchema = /* @__PURE__ */ (() =>
  v.object({ ...CommitEntries, file: ContentSchema, pathInRepo: PathInRepoSchema, commitMessage: v.optional(CommitMessageSchema) }))();

/**
 * Uploads one file in one commit; returns its web URL (`.../blob/{rev}/{path}`, the PR's revision when `createPr`) and the commit.
 * @throws {HubValidationError} on a bad parameter, before any request; otherwise as `createCommit`.
 */
export async function uploadFile(params: UploadFileParams): Promise<UploadResult> {
  const { file, pathInRepo, commitMessage } = parse(UploadFileSchema, params);
  const commit = await createCommit({
    ...params,
    operations: [{ operation: "add", pathInRepo, content: file }],
    commitMessage: commitMessage ?? defaultCommitMessages.uploadFile(pathInRepo),
  });
  return uploadResult("blob", { ...params, repoType: params.repoType ?? "model", path: pathInRepo }, commit);
}
