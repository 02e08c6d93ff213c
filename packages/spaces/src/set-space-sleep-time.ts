import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SleepTimeSchema, SpaceEntries } from "./schemas.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceRuntime, toSpaceRuntime } from "./space-runtime.ts";

/** Parameters of `setSpaceSleepTime`. */
export interface SetSpaceSleepTimeParams extends SpaceParams {
  /** Seconds of inactivity before the Space sleeps; `-1` never sleeps. */
  sleepTime: number;
}

const SetSpaceSleepTimeSchema = /* @__PURE__ */ (() => v.object({ ...SpaceEntries, sleepTime: SleepTimeSchema }))();

/**
 * Sets how long a Space may stay idle before it sleeps.
 * @throws {HubValidationError} on a bad `repoId` or `sleepTime`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function setSpaceSleepTime(params: SetSpaceSleepTimeParams): Promise<SpaceRuntime> {
  const { repoId, sleepTime, ...options } = parse(SetSpaceSleepTimeSchema, params);
  const raw = await hubRequest(options, {
    method: "POST",
    path: `${repoApiPath("space", repoId)}/sleeptime`,
    json: { seconds: sleepTime },
  });
  return toSpaceRuntime(raw);
}
