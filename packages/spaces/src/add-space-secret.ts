import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries, SpaceKeySchema } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";

/** Parameters of `addSpaceSecret`. */
export interface AddSpaceSecretParams extends SpaceParams {
  /** Secret name: letters, digits and "_", not starting with a digit, e.g. `"GITHUB_API_KEY"`. */
  key: string;
  /** Secret value; never returned by the Hub. */
  value: string;
  /** Optional description shown next to the key. */
  description?: string;
}

const AddSpaceSecretSchema = /* @__PURE__ */ (() =>
  v.object({
    ...SpaceEntries,
    key: SpaceKeySchema,
    value: v.string("must be a string"),
    description: v.optional(v.string("must be a string")),
  }))();

/**
 * Adds or updates a secret of a Space (its value is write-only).
 * @throws {HubValidationError} on a bad `repoId` or `key`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function addSpaceSecret(params: AddSpaceSecretParams): Promise<void> {
  const { repoId, key, value, description, ...options } = parse(AddSpaceSecretSchema, params);
  await hubRequest(options, {
    method: "POST",
    path: `${repoApiPath("space", repoId)}/secrets`,
    json: { key, value, ...(description === undefined ? {} : { description }) },
    responseType: "void",
  });
}
