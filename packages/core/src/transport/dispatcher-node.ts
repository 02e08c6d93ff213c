import { envProxyDispatcher } from "../node/env-proxy.ts";

/** The dispatcher of requests made with the runtime's `fetch`: on Node, the proxy of the environment, if any. */
export function defaultDispatcher(): Promise<object> | undefined {
  return envProxyDispatcher();
}
