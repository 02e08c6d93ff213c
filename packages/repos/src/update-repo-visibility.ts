import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { isRecord, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { currentUser } from "./current-user.ts";
import { RepoEntries } from "./schemas.ts";
import { privateOrVisibility, protectedOnlyForSpaces, type RepoVisibilityName, resolveVisibility, VisibilitySchema } from "./visibility.ts";

/** Parameters of `updateRepoVisibility`. */
export interface UpdateRepoVisibilityParams extends HubOptions, RepoParams {
  /** Make the repository private (`true`) or public (`false`). Default false, like the seed (when `visibility` is not given). */
  private?: boolean;
  /** `public`, `private` or `protected` (Spaces only), instead of `private`. */
  visibility?: RepoVisibilityName;
}

/** What the Hub answers to a visibility change. */
export interface RepoVisibility {
  /** Whether the repository is now private. */
  private: boolean;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

const UpdateRepoVisibilitySchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({ ...RepoEntries, private: v.optional(v.boolean("must be a boolean")), visibility: VisibilitySchema }),
    v.forward(
      v.check((input) => privateOrVisibility(input), "cannot be combined with private"),
      ["visibility"],
    ),
    v.forward(
      v.check((input) => protectedOnlyForSpaces(input), 'can be "protected" for Spaces only'),
      ["visibility"],
    ),
  ))();

/**
 * Makes a repository private or public (`PUT /api/{type}s/{id}/settings` with the Hub's current
 * `{"visibility": "public" | "private" | "protected"}`).
 * A `repoId` without namespace is taken in the token user's namespace (one `whoami` request).
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible.
 * @throws {HubHttpError} 403 without admin rights on it.
 */
export async function updateRepoVisibility(params: UpdateRepoVisibilityParams): Promise<RepoVisibility> {
  const { repoId, repoType, private: isPrivate = false, visibility, ...options } = parse(UpdateRepoVisibilitySchema, params);
  const fullId = repoId.includes("/") ? repoId : `${(await currentUser(options, "repoId has no namespace")).name}/${repoId}`;
  const resolved = resolveVisibility(isPrivate, visibility) as RepoVisibilityName;
  const raw = await hubRequest(options, {
    method: "PUT",
    path: `${repoApiPath(repoType, fullId)}/settings`,
    json: { visibility: resolved },
  });
  const object = isRecord(raw) ? raw : {};
  return { private: typeof object.private === "boolean" ? object.private : resolved !== "public", raw: object };
}
