import { DEFAULT_RETRY, type RetryOptions } from "../options.ts";

/** Methods that may be repeated without changing the result. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Retry settings with every default filled in; `attempts` is 1 when retries are off. */
export type RetrySettings = Readonly<Required<RetryOptions>>;

/** Fills in the defaults of `retry`; `false` means a single attempt. */
export function retrySettings(retry: RetryOptions | false | undefined): RetrySettings {
  if (retry === false) return { ...DEFAULT_RETRY, attempts: 1 };
  return {
    attempts: retry?.attempts ?? DEFAULT_RETRY.attempts,
    maxDelay: retry?.maxDelay ?? DEFAULT_RETRY.maxDelay,
    baseDelay: retry?.baseDelay ?? DEFAULT_RETRY.baseDelay,
    statuses: retry?.statuses ?? DEFAULT_RETRY.statuses,
  };
}

/** True when `method` is idempotent by definition. */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** Exponential backoff with full jitter: a random wait in [0, min(maxDelay, baseDelay * 2^(attempt-1))). */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  return random() * Math.min(settings.maxDelay, settings.baseDelay * 2 ** (attempt - 1));
}

/** What the server may have done with a request before it failed. */
export interface RetryContext {
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** The request may be repeated safely (idempotent method or explicit flag). */
  idempotent: boolean;
  /** The body was a stream and cannot be sent again. */
  streamed: boolean;
}

/** Whether a failed HTTP status may be retried. A non-idempotent request is retried on 429 only. */
export function canRetryStatus(status: number, context: RetryContext, settings: RetrySettings): boolean {
  if (context.attempt >= settings.attempts || context.streamed || !settings.statuses.includes(status)) return false;
  return context.idempotent || status === 429;
}

/**
 * Whether a network failure or timeout may be retried. A non-idempotent request is retried only
 * when the connection was refused, i.e. the server never saw it.
 */
export function canRetryFailure(code: string | undefined, context: RetryContext, settings: RetrySettings): boolean {
  if (context.attempt >= settings.attempts || context.streamed) return false;
  return context.idempotent || code === "ECONNREFUSED";
}
