import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { RepoEntries } from "./schemas.ts";

import { privateOrVisibility, protectedOnlyForSpaces, type RepoVisibilityName, resolveVisibility, VisibilitySchema } from "./visibility.ts";

export type { RepoVisibilityName } from "./visibility.ts";

/** Parameters of `updateRepoSettings`: at least one of `private`, `visibility` and `gated`. */
export interface UpdateRepoSettingsParams extends HubOptions, RepoParams {
  /** Make the repository private or public (seed-era flag). */
  private?: boolean;
  /** `public`, `private` or `protected` (current form; do not combine with `private`). */
  visibility?: RepoVisibilityName;
  /** Access requests: `"auto"` (approved at once), `"manual"`, or `false` to ungate. */
  gated?: "auto" | "manual" | false;
}

const UpdateRepoSettingsSchema = /* @__PURE__ */ (() =>
  v.pipe(
    v.object({
      ...RepoEntries,
      private: v.optional(v.boolean("must be a boolean")),
      visibility: VisibilitySchema,
      gated: v.optional(v.union([v.literal("auto"), v.literal("manual"), v.literal(false)], 'must be "auto", "manual" or false')),
    }),
    v.check(
      (input) => input.private !== undefined || input.visibility !== undefined || input.gated !== undefined,
      "give at least one of private, visibility and gated",
    ),
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
 * Updates a repository's settings (`PUT /api/{type}s/{id}/settings`): visibility and gating.
 * @throws {HubValidationError} when no setting is given or `private` and `visibility` are both given; nothing is sent.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible.
 * @throws {HubHttpError} 403 without admin rights on it.
 */
export async function updateRepoSettings(params: UpdateRepoSettingsParams): Promise<void> {
  const { repoId, repoType, private: isPrivate, visibility: asked, gated, ...options } = parse(UpdateRepoSettingsSchema, params);
  const visibility = resolveVisibility(isPrivate, asked);
  await hubRequest(options, {
    method: "PUT",
    path: `${repoApiPath(repoType, repoId)}/settings`,
    json: {
      // The Hub's current field; `private` is translated to it, as the Python client does.
      ...(visibility === undefined ? {} : { visibility }),
      ...(gated === undefined ? {} : { gated }),
    },
    responseType: "void",
  });
}
