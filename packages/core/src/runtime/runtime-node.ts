import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { KyInstance } from "ky";
import { HubOfflineError } from "../errors/hub-offline-error.ts";
import { envProxyDispatcher } from "../node/env-proxy.ts";
import type { HubOptions } from "../options.ts";
import { cleanToken, type EnvironmentVariables, expandPath, huggingFaceHome, isTrueValue } from "../environment/expand.ts";

// `#runtime` for Node, Bun and Deno (package.json "imports"): the one module that differs per
// runtime. The environment is read as the Python client reads it, and on Node requests go through
// the environment's proxy. Browsers and edge runtimes get `runtime-web.ts`, where options are explicit.

/**
 * `process.env` (read-only for callers; a copy with `HOME` only when it is unset), or `undefined` when
 * reading it is not allowed (Deno without `--allow-env`). Every request reads it: copying the whole
 * environment each time cost several percent of the CPU of many small uploads.
 */
export function runtimeEnvironment(): EnvironmentVariables | undefined {
  try {
    if (typeof process !== "object" || !process.env) return undefined;
    return process.env.HOME ? process.env : { ...process.env, HOME: homedir() };
  } catch {
    return undefined;
  }
}

/** The token file shared with the Python client (`HF_TOKEN_PATH`, else `$HF_HOME/token`), read now; `undefined` when absent or unreadable. */
function readTokenFile(env: EnvironmentVariables): string | undefined {
  const explicit = env.HF_TOKEN_PATH?.trim();
  try {
    return cleanToken(readFileSync(explicit ? expandPath(explicit, env) : join(huggingFaceHome(env), "token"), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The token a request uses: `accessToken` when given; otherwise `HF_TOKEN`,
 * `HUGGING_FACE_HUB_TOKEN`, then the token file, as the Python client (none when
 * `HF_HUB_DISABLE_IMPLICIT_TOKEN` is true). Read at each call, so a login takes effect at once.
 */
export function resolveAccessToken(options: Pick<HubOptions, "accessToken">): string | undefined {
  if (options.accessToken !== undefined) return options.accessToken;
  const env = runtimeEnvironment();
  if (!env || isTrueValue(env.HF_HUB_DISABLE_IMPLICIT_TOKEN)) return undefined;
  return cleanToken(env.HF_TOKEN) ?? cleanToken(env.HUGGING_FACE_HUB_TOKEN) ?? readTokenFile(env);
}

/** The endpoint from `HF_ENDPOINT`. */
export function environmentHubUrl(): string | undefined {
  return runtimeEnvironment()?.HF_ENDPOINT?.trim() || undefined;
}

/**
 * Throws before a request is sent when offline mode is on, as Python's `OfflineModeIsEnabled`.
 * @throws {HubOfflineError} when `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is true.
 */
export function assertOnline(method: string, url: () => string): void {
  if (isOfflineMode()) throw new HubOfflineError(method, url());
}

/** Offline mode: `HF_HUB_OFFLINE` (or `TRANSFORMERS_OFFLINE`) is true in the environment. */
export function isOfflineMode(): boolean {
  const env = runtimeEnvironment();
  return env !== undefined && isTrueValue(env.HF_HUB_OFFLINE || env.TRANSFORMERS_OFFLINE);
}

/**
 * The dispatcher of requests made with the runtime's `fetch`: on Node, the proxy of the environment,
 * if any (undici, loaded on first use). Bun's and Deno's own `fetch` read the proxy variables themselves.
 */
export function defaultDispatcher(): Promise<object> | undefined {
  return "Bun" in globalThis || "Deno" in globalThis ? undefined : envProxyDispatcher();
}

let kyLoaded: Promise<KyInstance> | undefined;

/**
 * ky, loaded on the first request rather than at import: its feature checks build a streaming
 * `Request`, which makes Node load its whole fetch implementation (tens of milliseconds of every
 * cold start, for users who may never send a request).
 */
export function loadKy(): Promise<KyInstance> {
  kyLoaded ??= import("ky").then((module) => module.default);
  return kyLoaded;
}
