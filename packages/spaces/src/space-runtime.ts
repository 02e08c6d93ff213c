import { isRecord } from "@hub/core/internal";
import type { SpaceHardware, SpaceStage, SpaceStorage } from "./space-hardware.ts";

/** The runtime of a Space: its stage, hardware, sleep time and storage, plus the raw server object. */
export interface SpaceRuntime {
  /** Where the Space is in its life cycle (`BUILDING`, `RUNNING`, `PAUSED`...). */
  stage: SpaceStage;
  /** Hardware it runs on now (`null` while building, and for static Spaces) and the hardware requested. */
  hardware: { current: SpaceHardware | null; requested: SpaceHardware | null };
  /** Seconds of inactivity before the Space sleeps (`gcTimeout`); `-1` never, `null` when unknown. */
  sleepTime: number | null;
  /** Persistent storage tier, `null` without one. */
  storage: SpaceStorage | null;
  /** Whether dev mode is on (`false` when the server does not say). */
  devMode: boolean;
  /** The server's object as received. */
  raw: Record<string, unknown>;
}

/** Converts a server runtime object into a `SpaceRuntime`, tolerating missing fields. */
export function toSpaceRuntime(raw: unknown): SpaceRuntime {
  const object = isRecord(raw) ? raw : {};
  const hardware = isRecord(object.hardware) ? object.hardware : {};
  return {
    stage: typeof object.stage === "string" ? object.stage : "NO_APP_FILE",
    hardware: { current: stringOrNull(hardware.current), requested: stringOrNull(hardware.requested) },
    sleepTime: typeof object.gcTimeout === "number" ? object.gcTimeout : null,
    storage: stringOrNull(object.storage),
    devMode: object.devMode === true,
    raw: object,
  };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
