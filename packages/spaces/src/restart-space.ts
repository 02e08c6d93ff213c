import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceRuntime, toSpaceRuntime } from "./space-runtime.ts";

/** Parameters of `restartSpace`. */
export interface RestartSpaceParams extends SpaceParams {
  /** Rebuild from scratch, without the build cache (`?factory=true`). */
  factoryReboot?: boolean;
}

const RestartSpaceSchema = /* @__PURE__ */ (() =>
  v.object({ ...SpaceEntries, factoryReboot: v.optional(v.boolean("must be a boolean")) }))();

/**
 * Restarts a Space (also resumes a paused one); requested hardware applies from this restart on.
 * @throws {HubValidationError} on a bad `repoId`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function restartSpace(params: RestartSpaceParams): Promise<SpaceRuntime> {
  const { repoId, factoryReboot, ...options } = parse(RestartSpaceSchema, params);
  const raw = await hubRequest(options, {
    method: "POST",
    path: `${repoApiPath("space", repoId)}/restart`,
    searchParams: factoryReboot ? { factory: true } : undefined,
  });
  return toSpaceRuntime(raw);
}
