import ky, { type KyInstance } from "ky";
import type { HubOptions } from "../options.ts";
import type { EnvironmentVariables } from "../environment/expand.ts";

// `#runtime` for browsers and edge runtimes: no ambient configuration, options are explicit (and
// nothing here names `process` or a Node module).

/** No environment outside Node, Bun and Deno. */
export function runtimeEnvironment(): EnvironmentVariables | undefined {
  return undefined;
}

/** The explicit `accessToken`, the only source here. */
export function resolveAccessToken(options: Pick<HubOptions, "accessToken">): string | undefined {
  return options.accessToken;
}

/** No `HF_ENDPOINT` here. */
export function environmentHubUrl(): string | undefined {
  return undefined;
}

/** Never offline by environment here: nothing to check. */
export function assertOnline(_method: string, _url: () => string): void {}

/** Never offline by environment here. */
export function isOfflineMode(): boolean {
  return false;
}

/** No default dispatcher: browsers and edge runtimes have their own proxy settings. */
export function defaultDispatcher(): Promise<object> | undefined {
  return undefined;
}

/** ky, imported statically here: a bundle then carries no lazy-module wrappers, and browsers pay no fetch start-up. */
export function loadKy(): Promise<KyInstance> {
  return Promise.resolve(ky);
}
