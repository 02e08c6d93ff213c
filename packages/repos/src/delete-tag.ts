import { type HubOptions, type RepoParams, hubRequest } from "@hub/core";
import { encodeRevision, parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { RefNameSchema, RepoEntries } from "./schemas.ts";

/** Parameters of `deleteTag`. */
export interface DeleteTagParams extends HubOptions, RepoParams {
  /** The tag to delete. */
  tag: string;
}

const DeleteTagSchema = /* @__PURE__ */ (() => v.object({ ...RepoEntries, tag: RefNameSchema }))();

/**
 * Deletes a tag (`DELETE /api/{type}s/{id}/tag/{tag}`).
 * @throws {HubValidationError} on a bad `repoId` or `tag`, before any request.
 * @throws {RepositoryNotFoundError}; {RevisionNotFoundError} when the tag does not exist.
 */
export async function deleteTag(params: DeleteTagParams): Promise<void> {
  const { repoId, repoType, tag, ...options } = parse(DeleteTagSchema, params);
  await hubRequest(options, {
    method: "DELETE",
    path: `${repoApiPath(repoType, repoId)}/tag/${encodeRevision(tag)}`,
    responseType: "void",
  });
}
