import { DEFAULT_RETRY, type RetryOptions } from "../options.ts";

/** Retry settings with every default filled in; `attempts` is 1 when retries are off. */
export type RetrySettings = Readonly<Required<RetryOptions>>;

/** Fills in the defaults of `retry`; `false` means a single attempt. */
export function retrySettings(retry: RetryOptions | false | undefined): RetrySettings {
  const settings: Required<RetryOptions> = { ...DEFAULT_RETRY };
  if (retry === false) settings.attempts = 1;
  else
    for (const key in settings)
      (settings as Record<string, unknown>)[key] = retry?.[key as keyof RetryOptions] ?? settings[key as keyof RetryOptions];
  return settings;
}

/** True when `method` is idempotent by definition (GET, HEAD, PUT, DELETE, OPTIONS). */
export function isIdempotentMethod(method: string): boolean {
  return /^(?:get|head|put|delete|options)$/i.test(method);
}

/** Exponential backoff with full jitter: a random wait in [0, min(maxDelay, baseDelay * 2^(attempt-1))). */
export function backoffDelay(attempt: number, settings: RetrySettings, random: () => number = Math.random): number {
  return random() * Math.min(settings.maxDelay, settings.baseDelay * 2 ** (attempt - 1));
}
