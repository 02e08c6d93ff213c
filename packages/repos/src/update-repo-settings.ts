import { type HubOptions, type RepoParams, hubRequest, parse, repoApiPath } from "@hub/core";
import * as v from "valibot";
import { RepoEntries } from "./schemas.ts";

/** Visibility of a repository; `protected` exists for Spaces on some plans. */
export type RepoVisibilityName = "public" | "private" | "protected";

/** Parameters of `updateRepoSettings`: at least one of `private`, `visibility` and `gated`. */
export interface UpdateRepoSettingsParams extends HubOptions, RepoParams {
  /** Make the repository private or public (seed-era flag). */
  private?: boolean;
  /** `public`, `private` or `protected` (current form; do not combine with `private`). */
  visibility?: RepoVisibilityName;
  /** Access requests: `"auto"` (approved at once), `"manual"`, or `false` to ungate. */
  gated?: "auto" | "manual" | false;
}

const UpdateRepoSettingsSchema = /* @__PURE__ */ (() => v.pipe(
  v.object({
    ...RepoEntries,
    private: v.optional(v.boolean("must be a boolean")),
    visibility: v.optional(v.picklist(["public", "private", "protected"], 'must be "public", "private" or "protected"')),
    gated: v.optional(v.union([v.literal("auto"), v.literal("manual"), v.literal(false)], 'must be "auto", "manual" or false')),
  }),
  v.check((input) => input.private !== undefined || input.visibility !== undefined || input.gated !== undefined, "give at least one of private, visibility and gated"),
  v.forward(v.check((input) => input.private === undefined || input.visibility === undefined, "cannot be combined with private"), ["visibility"]),
))();

/**
 * Updates a repository's settings (`PUT /api/{type}s/{id}/settings`): visibility and gating.
 * @throws {HubValidationError} when no setting is given or `private` and `visibility` are both given; nothing is sent.
 * @throws {RepositoryNotFoundError} when it does not exist or is not visible.
 * @throws {HubHttpError} 403 without admin rights on it.
 */
export async function updateRepoSettings(params: UpdateRepoSettingsParams): Promise<void> {
  const { repoId, repoType, private: isPrivate, visibility, gated, ...options } = parse(UpdateRepoSettingsSchema, params);
  await hubRequest(options, {
    method: "PUT",
    path: `${repoApiPath(repoType, repoId)}/settings`,
    json: {
      ...(isPrivate === undefined ? {} : { private: isPrivate }),
      ...(visibility === undefined ? {} : { visibility }),
      ...(gated === undefined ? {} : { gated }),
    },
    responseType: "void",
  });
}
