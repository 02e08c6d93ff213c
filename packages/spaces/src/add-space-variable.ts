import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries, SpaceKeySchema } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceVariable, toSpaceVariables } from "./space-variable.ts";

/** Parameters of `addSpaceVariable`. */
export interface AddSpaceVariableParams extends SpaceParams {
  /** Variable name: letters, digits and "_", not starting with a digit. */
  key: string;
  /** Variable value (public). */
  value: string;
  /** Optional description. */
  description?: string;
}

const AddSpaceVariableSchema = /* @__PURE__ */ (() =>
  v.object({
    ...SpaceEntries,
    key: SpaceKeySchema,
    value: v.string("must be a string"),
    description: v.optional(v.string("must be a string")),
  }))();

/**
 * Adds or updates a variable of a Space and returns all its variables.
 * @throws {HubValidationError} on a bad `repoId` or `key`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function addSpaceVariable(params: AddSpaceVariableParams): Promise<Record<string, SpaceVariable>> {
  const { repoId, key, value, description, ...options } = parse(AddSpaceVariableSchema, params);
  const raw = await hubRequest(options, {
    method: "POST",
    path: `${repoApiPath("space", repoId)}/variables`,
    json: { key, value, ...(description === undefined ? {} : { description }) },
  });
  return toSpaceVariables(raw);
}
