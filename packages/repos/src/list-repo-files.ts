import type { HubOptions, RepoParams } from "@hub/core";
import { listRepoTree } from "./list-repo-tree.ts";

/** Parameters of `listRepoFiles`. */
export interface ListRepoFilesParams extends HubOptions, RepoParams {
  /** Branch, tag or commit; default `main`. */
  revision?: string;
}

/**
 * Yields the path of every file of a repository, recursively (folders are not listed);
 * `timeout` (milliseconds) bounds each page request.
 * @throws {HubValidationError} on a bad `repoId` or `revision`, before any request.
 * @throws {RepositoryNotFoundError} or {RevisionNotFoundError}.
 */
export async function* listRepoFiles(params: ListRepoFilesParams): AsyncGenerator<string, void, undefined> {
  for await (const entry of listRepoTree({ ...params, recursive: true })) {
    if (entry.type === "file") yield entry.path;
  }
}
