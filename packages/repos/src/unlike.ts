import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import { type LikeParams, LikeSchema } from "./like.ts";

/**
 * Removes the caller's like of a repository (`DELETE /api/{type}s/{id}/like`); harmless when not liked.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible; {HubHttpError} 401 without a token.
 */
export async function unlike(params: LikeParams): Promise<void> {
  const { repoId, repoType, ...options } = parse(LikeSchema, params);
  await hubRequest(options, { method: "DELETE", path: `${repoApiPath(repoType, repoId)}/like`, responseType: "void" });
}
