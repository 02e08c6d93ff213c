import { hubRequest, type HubOptions, type RepoType, resolveHubUrl } from "@hub/core";
import { repoApiPath } from "@hub/core/internal";
import type { DiscussionSource } from "./to-discussion.ts";

/** `/api/{type}s/{repoId}/discussions[/{num}[/{resource}]]`. */
export function discussionsPath(repoType: RepoType, repoId: string, discussionNum?: number, resource?: string): string {
  const base = `${repoApiPath(repoType, repoId)}/discussions`;
  if (discussionNum === undefined) return base;
  return resource ? `${base}/${discussionNum}/${resource}` : `${base}/${discussionNum}`;
}

/** Where results come from, to build their web URLs. */
export function discussionSource(options: HubOptions, repoType: RepoType, repoId: string): DiscussionSource {
  return { repoId, repoType, hubUrl: resolveHubUrl(options) };
}

/** Target of a change to one discussion. */
export interface DiscussionChange {
  repoType: RepoType;
  repoId: string;
  discussionNum: number;
  /** `comment`, `title`, `status`, `merge`, `comment/{id}/edit`, `comment/{id}/hide`. */
  resource: string;
  /** JSON body; `undefined` sends no body at all. */
  body?: Record<string, unknown> | undefined;
}

/**
 * POSTs a change to `.../discussions/{num}/{resource}` and returns the JSON answer (`{}` when empty).
 * @throws {HubHttpError} and the other errors of `hubRequest`.
 */
export async function postDiscussionChange(options: HubOptions, change: DiscussionChange): Promise<Record<string, unknown>> {
  const answer = await hubRequest<unknown>(options, {
    method: "POST",
    path: discussionsPath(change.repoType, change.repoId, change.discussionNum, change.resource),
    ...(change.body === undefined ? {} : { json: change.body }),
  });
  return typeof answer === "object" && answer !== null ? (answer as Record<string, unknown>) : {};
}
