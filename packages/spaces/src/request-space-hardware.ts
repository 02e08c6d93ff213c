import { hubRequest } from "@hub/core";
import { parse, repoApiPath } from "@hub/core/internal";
import * as v from "@hub/core/internal/valibot";
import { SleepTimeSchema, SpaceEntries, SpaceHardwareSchema } from "./schemas.ts";
import type { SpaceHardware } from "./space-hardware.ts";
import type { SpaceParams } from "./space-params.ts";
import { type SpaceRuntime, toSpaceRuntime } from "./space-runtime.ts";

/** Parameters of `requestSpaceHardware`. */
export interface RequestSpaceHardwareParams extends SpaceParams {
  /** The flavor to run on, e.g. `"t4-medium"`; applied at the next restart. */
  hardware: SpaceHardware;
  /** Seconds of inactivity before sleeping, `-1` for never (not configurable on `cpu-basic`). */
  sleepTime?: number;
}

const RequestSpaceHardwareSchema = /* @__PURE__ */ (() =>
  v.object({
    ...SpaceEntries,
    hardware: SpaceHardwareSchema,
    sleepTime: v.optional(SleepTimeSchema),
  }))();

/**
 * Requests new hardware for a Space; the runtime shows it as `requested` until the Space restarts on it.
 * @throws {HubValidationError} on a bad `repoId`, `hardware` or `sleepTime`, before any request.
 * @throws {RepositoryNotFoundError} when the Space does not exist or is not visible to the caller.
 * @throws {HubHttpError} 403 without write access.
 */
export async function requestSpaceHardware(params: RequestSpaceHardwareParams): Promise<SpaceRuntime> {
  const { repoId, hardware, sleepTime, ...options } = parse(RequestSpaceHardwareSchema, params);
  const raw = await hubRequest(options, {
    method: "POST",
    path: `${repoApiPath("space", repoId)}/hardware`,
    json: { flavor: hardware, ...(sleepTime === undefined ? {} : { sleepTimeSeconds: sleepTime }) },
  });
  return toSpaceRuntime(raw);
}
