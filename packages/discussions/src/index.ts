export { getRepoDiscussions } from "./get-repo-discussions.ts";
export type { GetRepoDiscussionsParams } from "./get-repo-discussions.ts";
export { getDiscussionDetails } from "./get-discussion-details.ts";
export type { GetDiscussionDetailsParams } from "./get-discussion-details.ts";
export { createDiscussion } from "./create-discussion.ts";
export type { CreateDiscussionParams } from "./create-discussion.ts";
export { createPullRequest } from "./create-pull-request.ts";
export type { CreatePullRequestParams } from "./create-pull-request.ts";
export { commentDiscussion } from "./comment-discussion.ts";
export type { CommentDiscussionParams } from "./comment-discussion.ts";
export { editDiscussionComment } from "./edit-discussion-comment.ts";
export type { EditDiscussionCommentParams } from "./edit-discussion-comment.ts";
export { hideDiscussionComment } from "./hide-discussion-comment.ts";
export type { HideDiscussionCommentParams } from "./hide-discussion-comment.ts";
export { renameDiscussion } from "./rename-discussion.ts";
export type { RenameDiscussionParams } from "./rename-discussion.ts";
export { changeDiscussionStatus } from "./change-discussion-status.ts";
export type { ChangeDiscussionStatusParams } from "./change-discussion-status.ts";
export { mergePullRequest } from "./merge-pull-request.ts";
export type { MergePullRequestParams } from "./merge-pull-request.ts";
export { toDiscussion, toDiscussionWithDetails } from "./to-discussion.ts";
export type { DiscussionSource } from "./to-discussion.ts";
export { toDiscussionEvent } from "./to-discussion-event.ts";
export { DEFAULT_DISCUSSION_DESCRIPTION, DEFAULT_PULL_REQUEST_DESCRIPTION } from "./default-description.ts";
export { CommentIdSchema, DiscussionNumSchema, DiscussionTitleSchema, NewStatusSchema } from "./schemas.ts";
export type { DiscussionParams } from "./discussion-params.ts";
export type {
  Discussion,
  DiscussionComment,
  DiscussionCommentVersion,
  DiscussionCommit,
  DiscussionEvent,
  DiscussionEventBase,
  DiscussionStatus,
  DiscussionStatusChange,
  DiscussionTitleChange,
  DiscussionWithDetails,
  GenericDiscussionEvent,
} from "./discussion-types.ts";
