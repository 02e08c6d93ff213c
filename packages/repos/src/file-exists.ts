import {
  EntryNotFoundError,
  GatedRepoError,
  type HubOptions,
  type RepoParams,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "@hub/core";
import { parse, resolvePath } from "@hub/core/internal";
import { headFile } from "./get-file-metadata.ts";
import * as v from "@hub/core/internal/valibot";
import { OptionalRevision, PathSchema, RepoEntries } from "./schemas.ts";

/** Parameters of `fileExists`. */
export interface FileExistsParams extends HubOptions, RepoParams {
  /** Path of the file in the repository. */
  path: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
}

const FileExistsSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, path: PathSchema, revision: OptionalRevision }))();

/**
 * Whether a file exists at a revision (`HEAD` on `resolve`); a missing repository or revision gives false.
 * A redirect to another host (an LFS file on the Hub's CDN) means the file exists and is not
 * followed; relative redirects (a renamed repository) are.
 * @throws {HubValidationError} on a bad `repoId`, `path` or `revision`, before any request.
 * @throws {GatedRepoError} when the repository is gated for the caller (existence cannot be told).
 */
export async function fileExists(params: FileExistsParams): Promise<boolean> {
  const { repoId, repoType, path, revision, ...options } = parse(FileExistsSchema, params);
  try {
    await headFile(options, resolvePath({ repoId, repoType, revision, path }));
    return true;
  } catch (error) {
    if (error instanceof GatedRepoError) throw error;
    if (error instanceof EntryNotFoundError || error instanceof RevisionNotFoundError || error instanceof RepositoryNotFoundError)
      return false;
    throw error;
  }
}
