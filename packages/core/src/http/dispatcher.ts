import { defaultDispatcher } from "#runtime";
import type { HubOptions } from "../options.ts";

/**
 * The dispatcher (connection pool) a request of `options` goes through: the caller's `dispatcher`;
 * else, with the runtime's own `fetch`, the default one (on Node, undici's `EnvHttpProxyAgent` when
 * `HTTPS_PROXY`/`HTTP_PROXY` are set); else none. Code that wraps `fetch` passes it on explicitly.
 */
export async function resolveDispatcher(options: Pick<HubOptions, "fetch" | "dispatcher">): Promise<object | undefined> {
  return options.dispatcher ?? (options.fetch ? undefined : await defaultDispatcher());
}
