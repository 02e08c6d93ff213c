/** The proxy settings read from the environment, as curl and the Python client read them. */
export interface EnvProxySettings {
  httpsProxy: string | undefined;
  httpProxy: string | undefined;
  noProxy: string | undefined;
}

/** `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (the lower-case names win, as in curl). */
export function envProxySettings(env: Record<string, string | undefined> = process.env): EnvProxySettings {
  const pick = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  return { httpsProxy: pick("HTTPS_PROXY"), httpProxy: pick("HTTP_PROXY"), noProxy: pick("NO_PROXY") };
}

let cached: { key: string; dispatcher: Promise<object> } | undefined;

/**
 * The dispatcher every request of the SDK goes through on Node when the environment names a proxy:
 * one undici `EnvHttpProxyAgent` per process (created on first use, again if the variables change),
 * which sends `https:` requests through `HTTPS_PROXY` (a `CONNECT` tunnel), `http:` requests through
 * `HTTP_PROXY`, and hosts listed in `NO_PROXY` directly. `undefined` when no proxy is set: Node's own
 * connection pool is used then. Node 20's `fetch` reads none of these variables itself.
 */
export function envProxyDispatcher(env: Record<string, string | undefined> = process.env): Promise<object> | undefined {
  const settings = envProxySettings(env);
  if (settings.httpsProxy === undefined && settings.httpProxy === undefined) return undefined;
  const key = JSON.stringify(settings);
  if (cached?.key !== key) {
    const previous = cached?.dispatcher;
    cached = {
      key,
      dispatcher: import("undici").then(
        ({ EnvHttpProxyAgent }) =>
          new EnvHttpProxyAgent({ httpProxy: settings.httpProxy, httpsProxy: settings.httpsProxy, noProxy: settings.noProxy ?? "" }),
      ),
    };
    // Connections of the old agent close once their requests are done.
    void previous?.then((agent) => (agent as { close(): Promise<void> }).close()).catch(() => undefined);
  }
  return cached.dispatcher;
}
