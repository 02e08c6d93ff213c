export { createRepo, SPACE_SDKS } from "./create-repo.ts";
export type { CreateRepoParams, SpaceSdk } from "./create-repo.ts";
export { parseRepoUrl } from "./repo-url.ts";
export type { ParseRepoUrlOptions, RepoUrl } from "./repo-url.ts";
export { deleteRepo } from "./delete-repo.ts";
export type { DeleteRepoParams } from "./delete-repo.ts";
export { moveRepo } from "./move-repo.ts";
export type { MoveRepoParams } from "./move-repo.ts";
export { updateRepoVisibility } from "./update-repo-visibility.ts";
export type { RepoVisibility, UpdateRepoVisibilityParams } from "./update-repo-visibility.ts";
export { updateRepoSettings } from "./update-repo-settings.ts";
export type { RepoVisibilityName, UpdateRepoSettingsParams } from "./update-repo-settings.ts";
export { repoInfo } from "./repo-info.ts";
export type { RepoInfoParams } from "./repo-info.ts";
export { modelInfo } from "./model-info.ts";
export type { ModelInfoParams } from "./model-info.ts";
export { datasetInfo } from "./dataset-info.ts";
export type { DatasetInfoParams } from "./dataset-info.ts";
export { spaceInfo } from "./space-info.ts";
export type { SpaceInfoParams } from "./space-info.ts";
export type { DatasetInfo, LfsInfo, ModelInfo, RepoInfo, RepoInfoBase, RepoSibling, SpaceInfo } from "./repo-info-types.ts";
export { toRepoInfo, toRepoSibling } from "./to-repo-info.ts";
export { repoExists } from "./repo-exists.ts";
export type { RepoExistsParams } from "./repo-exists.ts";
export { fileExists } from "./file-exists.ts";
export type { FileExistsParams } from "./file-exists.ts";
export { listRepoFiles } from "./list-repo-files.ts";
export type { ListRepoFilesParams } from "./list-repo-files.ts";
export { listRepoTree } from "./list-repo-tree.ts";
export type { ListRepoTreeParams } from "./list-repo-tree.ts";
export { toTreeEntry } from "./tree-entry.ts";
export type { LastCommit, RepoFile, RepoFolder } from "./tree-entry.ts";
export { getPathsInfo, PATHS_INFO_BATCH_SIZE } from "./get-paths-info.ts";
export type { GetPathsInfoParams } from "./get-paths-info.ts";
export { listRepoRefs } from "./list-repo-refs.ts";
export type { GitRefInfo, GitRefs, ListRepoRefsParams } from "./list-repo-refs.ts";
export { listRepoCommits } from "./list-repo-commits.ts";
export type { CommitAuthor, GitCommitInfo, ListRepoCommitsParams } from "./list-repo-commits.ts";
export { createBranch } from "./create-branch.ts";
export type { CreateBranchParams } from "./create-branch.ts";
export { deleteBranch } from "./delete-branch.ts";
export type { DeleteBranchParams } from "./delete-branch.ts";
export { createTag } from "./create-tag.ts";
export type { CreateTagParams } from "./create-tag.ts";
export { deleteTag } from "./delete-tag.ts";
export type { DeleteTagParams } from "./delete-tag.ts";
export { like, LikeRefusedError } from "./like.ts";
export type { LikeParams } from "./like.ts";
export { unlike } from "./unlike.ts";
export { listLikedRepos } from "./list-liked-repos.ts";
export type { ListLikedReposParams, UserLikes } from "./list-liked-repos.ts";
export { downloadFile, rangeHeader } from "./download-file.ts";
export type { ByteRange, DownloadFileParams } from "./download-file.ts";
export { fileMetadataFromResponse, getFileMetadata, normalizeEtag } from "./get-file-metadata.ts";
export { LocalEntryNotFoundError } from "./local-entry-not-found-error.ts";
export type { FileMetadata, GetFileMetadataParams } from "./get-file-metadata.ts";
export {
  UnsafePathError,
  checkBlobId,
  checkCommitId,
  checkEtag,
  checkFileMetadata,
  checkInside,
  checkRefName,
  checkRepoPath,
  checkSha256,
  checkListedFile,
  etagProblem,
  refNameProblem,
  repoPathProblem,
} from "./safe-paths.ts";
