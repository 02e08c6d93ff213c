import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries, SpaceKeySchema } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceVariable, toSpaceVariables } from "./space-variable.ts";

/** Parameters of `deleteSpaceVariable`. */
export interface DeleteSpaceVariableParams extends SpaceParams {
  /** Variable name; deleting a missing key is not an error. */
  key: string;
}

const DeleteSpaceVariableSchema = /* @__PURE__ */ (() => v.object({ ...SpaceEntries, key: SpaceKeySchema }))();

/**
 * Deletes a variable of a Space and returns the variables left.
 * @throws {HubValidationError} on a bad `repoId` or `key`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function deleteSpaceVariable(params: DeleteSpaceVariableParams): Promise<Record<string, SpaceVariable>> {
  const { repoId, key, ...options } = parse(DeleteSpaceVariableSchema, params);
  const raw = await hubRequest(options, { method: "DELETE", path: `${repoApiPath("space", repoId)}/variables`, json: { key } });
  return toSpaceVariables(raw);
}
