import type { CommitContent, CommitOperationAdd, CommitOperationCopy, CommitOperationDelete } from "./types.ts";

/** An add operation: upload `content` to `pathInRepo` (plain objects `{ operation: "add", ... }` work too). */
export function commitOperationAdd(pathInRepo: string, content: CommitContent): CommitOperationAdd {
  return { operation: "add", pathInRepo, content };
}

/** A delete operation; `isFolder` `"auto"` (default) means a folder if and only if the path ends with `/`. */
export function commitOperationDelete(pathInRepo: string, isFolder: boolean | "auto" = "auto"): CommitOperationDelete {
  return { operation: "delete", pathInRepo, isFolder };
}

/** A copy operation: `srcPathInRepo` (at `srcRevision`, default the commit's revision) copied to `pathInRepo`. */
export function commitOperationCopy(srcPathInRepo: string, pathInRepo: string, srcRevision?: string): CommitOperationCopy {
  return { operation: "copy", srcPathInRepo, pathInRepo, ...(srcRevision === undefined ? {} : { srcRevision }) };
}
