import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceVariable, toSpaceVariables } from "./space-variable.ts";

/** Parameters of `getSpaceVariables`. */
export type GetSpaceVariablesParams = SpaceParams;

const GetSpaceVariablesSchema = /* @__PURE__ */ (() => v.object(SpaceEntries))();

/**
 * Reads the variables of a Space, keyed by name, with values and descriptions.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 */
export async function getSpaceVariables(params: GetSpaceVariablesParams): Promise<Record<string, SpaceVariable>> {
  const { repoId, ...options } = parse(GetSpaceVariablesSchema, params);
  return toSpaceVariables(await hubRequest(options, { path: `${repoApiPath("space", repoId)}/variables` }));
}
