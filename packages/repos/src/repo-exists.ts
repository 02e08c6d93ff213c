import { type HubOptions, type RepoParams, GatedRepoError, RepositoryNotFoundError } from "@hub/core";
import { parse } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { fetchRepoInfo } from "./repo-info.ts";
import { RepoEntries } from "./schemas.ts";

/** Parameters of `repoExists`. */
export interface RepoExistsParams extends HubOptions, RepoParams {}

const RepoExistsSchema = /* @__PURE__ */ (() => v.object(RepoEntries))();

/**
 * Whether a repository exists and is visible to the caller; a gated repository exists.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {HubHttpError} for errors other than "not found".
 */
export async function repoExists(params: RepoExistsParams): Promise<boolean> {
  const input = parse(RepoExistsSchema, params);
  try {
    await fetchRepoInfo(input);
    return true;
  } catch (error) {
    if (error instanceof GatedRepoError) return true;
    if (error instanceof RepositoryNotFoundError) return false;
    throw error;
  }
}
