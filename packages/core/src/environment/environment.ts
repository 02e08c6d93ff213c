import * as runtime from "#runtime";
import type { HubOptions } from "../options.ts";
import type { EnvironmentVariables } from "./expand.ts";

// The public face of `#runtime`: declared here with explicit types, so the published
// declarations never name the internal import (which only resolves inside this package).

/** `process.env` on Node, Bun and Deno; `undefined` in browsers and edge runtimes. */
export function runtimeEnvironment(): EnvironmentVariables | undefined {
  return runtime.runtimeEnvironment();
}

/** The token a request uses: `accessToken`, else (Node, Bun, Deno) `HF_TOKEN`, `HUGGING_FACE_HUB_TOKEN`, then the token file. */
export function resolveAccessToken(options: Pick<HubOptions, "accessToken">): string | undefined {
  return runtime.resolveAccessToken(options);
}

/** `HF_ENDPOINT` on Node, Bun and Deno. */
export function environmentHubUrl(): string | undefined {
  return runtime.environmentHubUrl();
}

/** Whether `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is true on Node, Bun and Deno. */
export function isOfflineMode(): boolean {
  return runtime.isOfflineMode();
}
