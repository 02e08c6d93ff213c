/** Bindings of the worker (wrangler `[vars]` / secrets, or miniflare `bindings`). */
export interface EdgeEnv {
  /** Hub to query; default `https://huggingface.co`. */
  HUB_URL?: string;
  /** Optional token (a secret) to see private repos. */
  HUB_TOKEN?: string;
}

/** The `HubOptions` of a request from the worker's bindings and the request's abort signal. */
export function hubOptions(env: EdgeEnv, request: Request): { hubUrl?: string; accessToken?: string; signal: AbortSignal } {
  return {
    ...(env.HUB_URL ? { hubUrl: env.HUB_URL } : {}),
    ...(env.HUB_TOKEN ? { accessToken: env.HUB_TOKEN } : {}),
    signal: request.signal,
  };
}
