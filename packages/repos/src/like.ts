import { type HubOptions, type RepoParams, hubRequest, parse, repoApiPath } from "@hub/core";
import * as v from "valibot";
import { RepoEntries } from "./schemas.ts";

/** Parameters of `like` and `unlike`. */
export interface LikeParams extends HubOptions, RepoParams {}

/** Schema of `like` and `unlike`. */
export const LikeSchema = /* @__PURE__ */ (() => v.object(RepoEntries))();

/**
 * Likes a repository (`POST /api/{type}s/{id}/like`); liking twice is harmless.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible; {HubHttpError} 401 without a token.
 */
export async function like(params: LikeParams): Promise<void> {
  const { repoId, repoType, ...options } = parse(LikeSchema, params);
  await hubRequest(options, { method: "POST", path: `${repoApiPath(repoType, repoId)}/like`, responseType: "void", idempotent: true });
}
