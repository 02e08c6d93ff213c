import { parse, PathInRepoSchema } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { defaultCommitMessages } from "./commit-messages.ts";
import { type CommitOptions, createCommit } from "./create-commit.ts";
import { CommitEntries, CommitMessageSchema, ContentSchema } from "./schemas.ts";
import type { CommitContent, UploadResult } from "./types.ts";
import { uploadResult } from "./upload-url.ts";

/**
 * One file of `uploadFiles`: where it goes in the repo and its bytes. The path is `pathInRepo`, as in
 * `uploadFile`; `path` (the name @huggingface/hub uses) is accepted too.
 */
export type UploadFilesEntry =
  { pathInRepo: string; path?: undefined; content: CommitContent } | { path: string; pathInRepo?: undefined; content: CommitContent };

/** Parameters of `uploadFiles`. */
export interface UploadFilesParams extends CommitOptions {
  /** The files: where each goes in the repo (`pathInRepo`, or `path`) and its bytes (`content`). */
  files: readonly UploadFilesEntry[];
  /** Default `Upload {n} files with @hub/sdk`. */
  commitMessage?: string;
}

const UploadFilesEntrySchema = v.pipe(
  v.object({ pathInRepo: v.optional(PathInRepoSchema), path: v.optional(PathInRepoSchema), content: ContentSchema }),
  v.forward(
    v.check(
      (entry) => (entry.pathInRepo ?? entry.path) !== undefined,
      'is required, e.g. "config.json" (or `path`, as @huggingface/hub names it)',
    ),
    ["pathInRepo"],
  ),
  v.forward(
    v.check(
      (entry) => entry.pathInRepo === undefined || entry.path === undefined || entry.pathInRepo === entry.path,
      "is not the same as `path`: give one of them",
    ),
    ["pathInRepo"],
  ),
  v.transform(({ pathInRepo, path, content }) => ({ pathInRepo: (pathInRepo ?? path) as string, content })),
);

const UploadFilesSchema = v.object({
  ...CommitEntries,
  files: v.array(UploadFilesEntrySchema, "must be an array"),
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
    operations: files.map(({ pathInRepo, content }) => ({ operation: "add" as const, pathInRepo, content })),
    commitMessage: commitMessage ?? defaultCommitMessages.uploadFiles(files.map((file) => file.pathInRepo)),
  });
  return uploadResult("tree", { ...params, repoType: params.repoType ?? "model", path: "" }, commit);
}
