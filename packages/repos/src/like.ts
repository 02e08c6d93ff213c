import { type HubOptions, HubHttpError, type RepoParams, hubRequest, resolveAccessToken } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { RepoEntries } from "./schemas.ts";

/** Parameters of `like` and `unlike`. */
export interface LikeParams extends HubOptions, RepoParams {}

/** Schema of `like` and `unlike`. */
export const LikeSchema = /* @__PURE__ */ (() => v.object(RepoEntries))();

/**
 * The Hub refused a like made with an access token: to prevent spam, huggingface.co accepts likes
 * from its website only (the Python client removed `like()` for that reason). Liking still works
 * on servers that allow it, such as the local server by default.
 */
export class LikeRefusedError extends HubHttpError {
  static override title = "The Hub refuses likes made with an access token (like the repository on the website instead)";
  override name = "LikeRefusedError";
}

/**
 * Likes a repository (`POST /api/{type}s/{id}/like`); liking twice is harmless. huggingface.co
 * refuses likes made with a token (see `LikeRefusedError`); other servers may accept them.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {LikeRefusedError} when the Hub refuses likes from scripts (401/403 that is not about the repository).
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible; {HubHttpError} 401 without a token.
 */
export async function like(params: LikeParams): Promise<void> {
  const { repoId, repoType, ...options } = parse(LikeSchema, params);
  try {
    await hubRequest(options, { method: "POST", path: `${repoApiPath(repoType, repoId)}/like`, responseType: "void", idempotent: true });
  } catch (error) {
    throw (resolveAccessToken(options) ? likeRefusal(error) : undefined) ?? error;
  }
}

/** With a token sent, a 401/403 whose cause is not the repository (not found, gated, disabled) nor the token itself: the refusal of token likes. */
function likeRefusal(error: unknown): LikeRefusedError | undefined {
  if (!(error instanceof HubHttpError) || (error.status !== 401 && error.status !== 403)) return undefined;
  if (error.errorCode !== undefined || error.name === "DisabledRepoError" || /invalid credentials/i.test(error.serverMessage ?? ""))
    return undefined;
  const { status, method, url, requestId, serverMessage } = error;
  return new LikeRefusedError({ status, method, url, requestId, serverMessage });
}
