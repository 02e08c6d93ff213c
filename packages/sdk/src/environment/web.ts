import type { HubOptions } from "@hub/core";

/** Outside Node there is no ambient configuration: options are explicit. */
export function environmentOptions(): HubOptions {
  return {};
}
