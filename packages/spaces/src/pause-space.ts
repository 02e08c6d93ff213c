import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceRuntime, toSpaceRuntime } from "./space-runtime.ts";

/** Parameters of `pauseSpace`. */
export type PauseSpaceParams = SpaceParams;

const PauseSpaceSchema = /* @__PURE__ */ (() => v.object(SpaceEntries))();

/**
 * Pauses a Space (stage `PAUSED`); only `restartSpace` resumes it.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function pauseSpace(params: PauseSpaceParams): Promise<SpaceRuntime> {
  const { repoId, ...options } = parse(PauseSpaceSchema, params);
  return toSpaceRuntime(await hubRequest(options, { method: "POST", path: `${repoApiPath("space", repoId)}/pause` }));
}
