/** Hardware flavors the Hub knows; any other string is accepted too, for flavors added later. */
export type SpaceHardware =
  | "cpu-basic"
  | "cpu-upgrade"
  | "cpu-performance"
  | "cpu-xl"
  | "zero-a10g"
  | "t4-small"
  | "t4-medium"
  | "l4x1"
  | "l4x4"
  | "l40sx1"
  | "l40sx4"
  | "l40sx8"
  | "a10g-small"
  | "a10g-large"
  | "a10g-largex2"
  | "a10g-largex4"
  | "a100-large"
  | "a100x4"
  | "a100x8"
  | "sprx8"
  | "inf2x6"
  | (string & {});

/** Every hardware flavor named by `SpaceHardware`, cheapest first. */
export const SPACE_HARDWARE_FLAVORS = [
  "cpu-basic",
  "cpu-upgrade",
  "cpu-performance",
  "cpu-xl",
  "zero-a10g",
  "t4-small",
  "t4-medium",
  "l4x1",
  "l4x4",
  "l40sx1",
  "l40sx4",
  "l40sx8",
  "a10g-small",
  "a10g-large",
  "a10g-largex2",
  "a10g-largex4",
  "a100-large",
  "a100x4",
  "a100x8",
  "sprx8",
  "inf2x6",
] as const satisfies readonly SpaceHardware[];

/** Persistent storage tiers; any other string is accepted too. */
export type SpaceStorage = "small" | "medium" | "large" | (string & {});

/** Stages a Space goes through; any other string is accepted too. */
export type SpaceStage =
  | "NO_APP_FILE"
  | "CONFIG_ERROR"
  | "BUILDING"
  | "BUILD_ERROR"
  | "APP_STARTING"
  | "RUNNING"
  | "RUNNING_BUILDING"
  | "RUNNING_APP_STARTING"
  | "RUNTIME_ERROR"
  | "DELETING"
  | "STOPPED"
  | "PAUSED"
  | "SLEEPING"
  | (string & {});
