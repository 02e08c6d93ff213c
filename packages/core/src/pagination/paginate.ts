import { abortReason } from "../errors/abort.ts";
import { HubError } from "../errors/hub-error.ts";
import { HubNetworkError } from "../errors/hub-network-error.ts";
import { HubTimeoutError } from "../errors/hub-timeout-error.ts";
import { redactUrl } from "../errors/redact.ts";
import { hubRequest } from "../http/hub-request.ts";
import type { HubRequest } from "../http/hub-request-types.ts";
import { backoffDelay, retrySettings } from "../http/retry-policy.ts";
import { sleep } from "../http/sleep.ts";
import { DEFAULT_TIMEOUT, type HubOptions, resolveHubUrl } from "../options.ts";
import { parseLinkHeader } from "./parse-link-header.ts";

/** Pagination settings. */
export interface PaginateOptions {
  /** Stop after this many items (no further page is requested once they arrived). */
  limit?: number | undefined;
}

/**
 * Yields the items of a listing whose pages are JSON arrays linked by `Link: <url>; rel="next"`.
 * Pages are requested lazily, one when the previous is used up. A next link on another origin than
 * `hubUrl` is rewritten onto `hubUrl` (same path and query) so the token never leaves the Hub.
 * A page whose body breaks, stalls or is cut short is asked for again (see `fetchPage`).
 * @throws {HubHttpError} and the other errors of `hubRequest`; {HubError} when a page is not an array.
 */
export async function* paginate<T>(
  options: HubOptions,
  request: HubRequest,
  pagination: PaginateOptions = {},
): AsyncGenerator<T, void, undefined> {
  const limit = pagination.limit ?? Number.POSITIVE_INFINITY;
  const hubUrl = resolveHubUrl(options);
  let count = 0;
  for (let next: HubRequest | undefined = request; next && count < limit;) {
    const { page, response } = await fetchPage(options, next);
    if (!Array.isArray(page)) throw new HubError(`Expected a JSON array page, got ${typeof page}`);
    const nextUrl: string | undefined = parseLinkHeader(response.headers.get("link"), response.url || hubUrl).next;
    for (const item of page as T[]) {
      yield item;
      if (++count >= limit) return;
    }
    next = nextUrl
      ? { method: request.method, headers: request.headers, signal: request.signal, url: onHubOrigin(nextUrl, hubUrl) }
      : undefined;
  }
}

/**
 * One page: the request (with `hubRequest`'s retries and timeout), then its body, read within the
 * same timeout. A body that breaks, stalls or is cut short (not JSON) asks for the page again, with
 * backoff, up to the retry budget; the last failure is thrown.
 */
async function fetchPage(options: HubOptions, request: HubRequest): Promise<{ page: unknown; response: Response }> {
  const settings = retrySettings(options.retry);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    const response: Response = await hubRequest(options, { ...request, responseType: "response" });
    const url = redactUrl(response.url || "about:blank");
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const text = await Promise.race([
        response.text(),
        new Promise<never>((_, reject) => {
          if (timeout !== false)
            timer = setTimeout(
              () => reject(new HubTimeoutError(`Reading a page timed out after ${timeout} ms (GET ${url})`, timeout)),
              timeout,
            );
        }),
      ]);
      try {
        return { page: JSON.parse(text), response };
      } catch {
        throw new HubNetworkError("GET", url, new Error(`the page is not JSON (${text.length} bytes, cut short?)`));
      }
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      const failure = error instanceof HubError ? error : new HubNetworkError("GET", url, error);
      if (!(failure instanceof HubNetworkError || failure instanceof HubTimeoutError) || attempt >= settings.attempts) throw failure;
      void response.body?.cancel().catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
    await sleep(backoffDelay(attempt, settings), signal);
  }
}

/** `url` unchanged when on the Hub origin, else the Hub URL followed by its path and query. */
export function onHubOrigin(url: string, hubUrl: string): string {
  const target = new URL(url);
  return target.origin === new URL(hubUrl).origin ? target.href : hubUrl.replace(/\/+$/, "") + target.pathname + target.search;
}
