export { createCommit } from "./create-commit.ts";
export type { CommitOptions, CreateCommitParams } from "./create-commit.ts";
export { commitOperationAdd, commitOperationCopy, commitOperationDelete } from "./operations.ts";
export { uploadFile } from "./upload-file.ts";
export type { UploadFileParams } from "./upload-file.ts";
export { uploadFiles } from "./upload-files.ts";
export type { UploadFilesEntry, UploadFilesParams } from "./upload-files.ts";
export { deleteFile } from "./delete-file.ts";
export type { DeleteFileParams } from "./delete-file.ts";
export { deleteFiles } from "./delete-files.ts";
export type { DeleteFilesParams } from "./delete-files.ts";
export { deleteFolder } from "./delete-folder.ts";
export type { DeleteFolderParams } from "./delete-folder.ts";
export { defaultCommitMessages, SDK_NAME } from "./commit-messages.ts";
export { MAX_LFS_FILES_PER_COMMIT, MAX_REGULAR_PAYLOAD_BYTES } from "./commit-limits.ts";
export { PREUPLOAD_BATCH_SIZE } from "./preupload.ts";
export { LFS_BATCH_SIZE } from "./lfs-batch.ts";
export { XetTokenError } from "./xet-token.ts";
export { XetUploadError } from "./xet-upload-error.ts";
export type {
  CommitContent,
  CommitInfo,
  CommitOperation,
  CommitOperationAdd,
  CommitOperationCopy,
  CommitOperationDelete,
  CommitProgressEvent,
  CommitStep,
  LazySource,
  SizedStream,
  UploadResult,
} from "./types.ts";
