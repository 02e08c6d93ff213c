/** Retry settings for `hubRequest`; every field is optional and falls back to the documented default. */
export interface RetryOptions {
  /** Total number of attempts, the first one included (default 5). */
  attempts?: number;
  /** Longest wait between two attempts in milliseconds (default 60 000); a longer `Retry-After` is not waited for. */
  maxDelay?: number;
  /** First backoff step in milliseconds, doubled at each attempt before jitter (default 1 000). */
  baseDelay?: number;
  /** HTTP statuses that may be retried (default 408, 429, 500, 502, 503, 504). */
  statuses?: readonly number[];
}

/** Options shared by every Hub operation: where, who, and how to talk to the Hub. */
export interface HubOptions {
  /** A user access token (`hf_...`), sent as `Authorization: Bearer` to the Hub origin only. */
  accessToken?: string;
  /** Hub endpoint, default `https://huggingface.co`. */
  hubUrl?: string;
  /** A `fetch` implementation, default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /**
   * The connection pool `fetch` sends requests through (passed as its `dispatcher` init field): an undici
   * `Agent`, `ProxyAgent`... on Node. Default on Node: one undici `EnvHttpProxyAgent` when `HTTPS_PROXY` or
   * `HTTP_PROXY` is set (honouring `NO_PROXY`), else Node's own pool; none with a caller's `fetch`.
   */
  dispatcher?: object;
  /** Cancels the operation and its pending requests. */
  signal?: AbortSignal;
  /** Per-attempt timeout of API calls in milliseconds (default 30 000); `false` disables it. */
  timeout?: number | false;
  /** Retry settings, or `false` to never retry. */
  retry?: RetryOptions | false;
  /** Prepended to the SDK's user agent where the runtime lets us set one (not in browsers). */
  userAgent?: string;
}

/** The default Hub endpoint. */
export const DEFAULT_HUB_URL = "https://huggingface.co";

/** The default per-attempt timeout of API calls, in milliseconds. */
export const DEFAULT_TIMEOUT = 30_000;

/** Default retry settings. */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  attempts: 5,
  maxDelay: 60_000,
  baseDelay: 1_000,
  statuses: [408, 429, 500, 502, 503, 504],
};

/** The hub URL of `options` without trailing slashes, default `https://huggingface.co`. */
export function resolveHubUrl(options: Pick<HubOptions, "hubUrl">): string {
  return (options.hubUrl ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
}
