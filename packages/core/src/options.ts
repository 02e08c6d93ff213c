import type { HubNetworkError } from "./errors/hub-network-error.ts";
import type { HubTimeoutError } from "./errors/hub-timeout-error.ts";
import { environmentHubUrl } from "#runtime";

/** Retry settings for `hubRequest`; every field is optional and falls back to the documented default. */
export interface RetryOptions {
  /** Total number of attempts, the first one included (default 5). */
  attempts?: number;
  /** Longest backoff between two attempts in milliseconds (default 60 000). */
  maxDelay?: number;
  /**
   * Longest wait the server may ask for (`RateLimit` reset or `Retry-After`) that is honoured, in
   * milliseconds (default 300 000, the Hub's rate-limit window). The asked wait plus one second is
   * waited; a longer ask fails at once with an error that says what was asked.
   */
  maxServerDelay?: number;
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
  /**
   * Receives each warning the Hub sends (`X-HF-Warning: topic; message`). Without it, each topic
   * is written once per process with `console.warn`, as the Python client logs it.
   */
  onWarning?: (warning: HubWarning) => void;
  /**
   * Called before each retry wait of an API request (a network error, a timeout, or a retryable
   * status such as 503 or 429), e.g. to show "retrying..." to a user. It only observes: the retry
   * happens whatever it does, and an exception it throws is ignored.
   */
  onRetry?: (retry: HubRetry) => void;
  /**
   * The `@hub` package making the call and its version (`repos/0.1.0`), for the user agent. Each
   * package sets it through its schemas (`clientEntry`); callers do not need to.
   */
  client?: string;
}

/** A warning sent by the Hub in an `X-HF-Warning` header. */
export interface HubWarning {
  /** The topic before the `;` (may be empty). */
  topic: string;
  /** The message. */
  message: string;
  /** The request that received it (redacted). */
  url: string;
}

/** What `onRetry` receives: the attempt that failed, why, and the wait before the next one. */
export interface HubRetry {
  /** The attempt about to be made, from 2. */
  attempt: number;
  /** The total number of attempts allowed (`retry.attempts`). */
  attempts: number;
  /** Milliseconds waited before that attempt. */
  delay: number;
  /** HTTP method of the request. */
  method: string;
  /** URL of the request, redacted (no token or signed parameters). */
  url: string;
  /** The status that is retried, when the server answered. */
  status?: number;
  /** The network error or timeout that is retried, when it did not (`HubNetworkError` carries `code`, e.g. `ECONNREFUSED`). */
  error?: HubNetworkError | HubTimeoutError;
}

/** The default Hub endpoint. */
export const DEFAULT_HUB_URL = "https://huggingface.co";

/** The default per-attempt timeout of API calls, in milliseconds. */
export const DEFAULT_TIMEOUT = 30_000;

/** Default retry settings. */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = {
  attempts: 5,
  maxDelay: 60_000,
  maxServerDelay: 300_000,
  baseDelay: 1_000,
  statuses: [408, 429, 500, 502, 503, 504],
};

/**
 * The hub URL of `options` without trailing slashes; without one, `HF_ENDPOINT` where the runtime
 * has an environment (Node, Bun, Deno), else `https://huggingface.co`.
 */
export function resolveHubUrl(options: Pick<HubOptions, "hubUrl">): string {
  return (options.hubUrl ?? environmentHubUrl() ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
}
