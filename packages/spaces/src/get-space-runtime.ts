import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceRuntime, toSpaceRuntime } from "./space-runtime.ts";

/** Parameters of `getSpaceRuntime`. */
export type GetSpaceRuntimeParams = SpaceParams;

const GetSpaceRuntimeSchema = /* @__PURE__ */ (() => v.object(SpaceEntries))();

/**
 * Reads the runtime of a Space: stage, current and requested hardware, sleep time, storage.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 */
export async function getSpaceRuntime(params: GetSpaceRuntimeParams): Promise<SpaceRuntime> {
  const { repoId, ...options } = parse(GetSpaceRuntimeSchema, params);
  const raw = await hubRequest(options, { path: `${repoApiPath("space", repoId)}/runtime` });
  return toSpaceRuntime(raw);
}
