import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries, SpaceKeySchema } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";

/** Parameters of `deleteSpaceSecret`. */
export interface DeleteSpaceSecretParams extends SpaceParams {
  /** Secret name; deleting a missing key is not an error. */
  key: string;
}

const DeleteSpaceSecretSchema = /* @__PURE__ */ (() => v.object({ ...SpaceEntries, key: SpaceKeySchema }))();

/**
 * Deletes a secret of a Space; succeeds when the key does not exist.
 * @throws {HubValidationError} on a bad `repoId` or `key`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function deleteSpaceSecret(params: DeleteSpaceSecretParams): Promise<void> {
  const { repoId, key, ...options } = parse(DeleteSpaceSecretSchema, params);
  await hubRequest(options, {
    method: "DELETE",
    path: `${repoApiPath("space", repoId)}/secrets`,
    json: { key },
    responseType: "void",
  });
}
