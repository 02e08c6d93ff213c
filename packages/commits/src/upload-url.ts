import { blobUrl, resolveHubUrl, treeUrl } from "@hub/core";
import type { CommitInfo, UploadResult } from "./types.ts";

/** The result of an upload: the file's (`blob`) or folder's (`tree`) web URL, on the PR's revision when one was opened. */
export function uploadResult(
  kind: "blob" | "tree",
  target: {
    repoId: string;
    repoType: "model" | "dataset" | "space";
    hubUrl?: string | undefined;
    revision?: string | undefined;
    path: string;
  },
  commit: CommitInfo,
): UploadResult {
  const web = {
    repoId: target.repoId,
    repoType: target.repoType,
    hubUrl: resolveHubUrl(target),
    revision: commit.prRevision ?? target.revision ?? "main",
    path: target.path,
  };
  return { url: kind === "blob" ? blobUrl(web) : treeUrl(web), commit };
}
