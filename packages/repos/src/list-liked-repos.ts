import { type HubOptions, HubValidationError, paginate } from "@hub/core";
import { clientEntry, HubOptionsEntries, isRecord, optionalString, parse } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import { currentUser } from "./current-user.ts";

/** The public repositories a user likes, grouped by type. */
export interface UserLikes {
  /** The user. */
  user: string;
  /** Number of liked repositories. */
  total: number;
  /** Liked model ids. */
  models: string[];
  /** Liked dataset ids. */
  datasets: string[];
  /** Liked Space ids. */
  spaces: string[];
}

/** Parameters of `listLikedRepos`. */
export interface ListLikedReposParams extends HubOptions {
  /** The user; default the token's user (one `whoami` request, which needs `accessToken`). */
  user?: string;
}

const ListLikedReposSchema = /* @__PURE__ */ (() =>
  v.object({
    ...HubOptionsEntries,
    ...clientEntry(CLIENT),
    user: v.optional(v.pipe(v.string("must be a string"), v.regex(/^[\p{L}\p{N}\p{M}_][\p{L}\p{N}\p{M}_.-]*$/u, "must be a user name"))),
  }))();

/**
 * Lists the public repositories a user likes (`GET /api/users/{user}/likes`, every page); private
 * repositories never appear, even for their owner.
 * @throws {HubValidationError} on a bad `user`, or without `user` and without `accessToken`, or when the token belongs to an organization.
 * @throws {HubHttpError} 404 when the user does not exist.
 */
export async function listLikedRepos(params: ListLikedReposParams = {}): Promise<UserLikes> {
  const { user: givenUser, ...options } = parse(ListLikedReposSchema, params);
  let user = givenUser;
  if (user === undefined) {
    const owner = await currentUser(options, "user");
    if (owner.type !== "user")
      throw new HubValidationError([{ field: "user", rule: `is required: the token belongs to an ${owner.type}, not a user` }]);
    user = owner.name;
  }
  const likes: UserLikes = { user, total: 0, models: [], datasets: [], spaces: [] };
  for await (const item of paginate<unknown>(options, { path: `/api/users/${encodeURIComponent(user)}/likes` })) {
    const repo = isRecord(item) && isRecord(item.repo) ? item.repo : undefined;
    const name = optionalString(repo?.name);
    if (!name) continue;
    likes.total++;
    if (repo?.type === "dataset") likes.datasets.push(name);
    else if (repo?.type === "space") likes.spaces.push(name);
    else likes.models.push(name);
  }
  return likes;
}
