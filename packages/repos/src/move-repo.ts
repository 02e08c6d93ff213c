import { type HubOptions, type RepoType, hubRequest } from "@hub/core";
import { HubOptionsEntries, RepoTypeSchema, parse, clientEntry } from "@hub/core/internal";
import { CLIENT } from "./client.ts";
import * as v from "@hub/core/internal/valibot";
import { NamespacedRepoIdSchema } from "./schemas.ts";

/** Parameters of `moveRepo`. */
export interface MoveRepoParams extends HubOptions {
  /** Current id, `"namespace/name"`. */
  fromId: string;
  /** New id, `"namespace/name"` (another namespace transfers the repository). */
  toId: string;
  /** Default `"model"`. */
  repoType?: RepoType;
}

const MoveRepoSchema = /* @__PURE__ */ (() =>
  v.object({
    ...HubOptionsEntries,
    ...clientEntry(CLIENT),
    fromId: NamespacedRepoIdSchema,
    toId: NamespacedRepoIdSchema,
    repoType: v.optional(RepoTypeSchema, "model"),
  }))();

/**
 * Renames or transfers a repository (`POST /api/repos/move`); the old name then redirects.
 * @throws {HubValidationError} when an id is not `"namespace/name"`, before any request.
 * @throws {RepositoryNotFoundError} when `fromId` does not exist or is not visible.
 * @throws {CommitConflictError} 409 when `toId` already exists.
 */
export async function moveRepo(params: MoveRepoParams): Promise<void> {
  const { fromId, toId, repoType, ...options } = parse(MoveRepoSchema, params);
  await hubRequest(options, {
    method: "POST",
    path: "/api/repos/move",
    json: { fromRepo: fromId, toRepo: toId, type: repoType },
    responseType: "void",
  });
}
