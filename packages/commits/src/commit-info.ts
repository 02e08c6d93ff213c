import { HubError } from "@hub/core";
import type { CommitInfo } from "./types.ts";

/** The `CommitInfo` of a commit endpoint answer; `prRevision` and `prNum` come from the pull request URL. */
export function toCommitInfo(raw: unknown, message: { commitMessage: string; commitDescription: string }): CommitInfo {
  const answer = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof answer.commitOid !== "string" || typeof answer.commitUrl !== "string")
    throw new HubError("The commit answer has no commitOid or commitUrl");
  const info: CommitInfo = {
    commitUrl: answer.commitUrl,
    commitMessage: message.commitMessage,
    commitDescription: message.commitDescription,
    oid: answer.commitOid,
    raw: answer,
  };
  if (typeof answer.pullRequestUrl === "string") {
    info.prUrl = answer.pullRequestUrl;
    const number = /\/discussions\/(\d+)$/.exec(answer.pullRequestUrl)?.[1];
    if (number !== undefined) {
      info.prNum = Number(number);
      info.prRevision = `refs/pr/${number}`;
    }
  }
  return info;
}
