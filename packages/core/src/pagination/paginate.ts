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
export async function* paginate<T>(options: HubOptions, request: HubRequest, pagination: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const limit = pagination.limit ?? Number.POSITIVE_INFINITY;
  const hubUrl = resolveHubUrl(options);
  let count = 0;
  for (let next: HubRequest | undefined = request; next && count < limit; ) {
    const { page, response } = await fetchPage(options, next);
    const nextUrl: string | undefined = parseLinkHeader(response.headers.get("link"), response.url || hubUrl).next;
    for (const item of page as T[]) {
      yield item;
      if (++count >= limit) return;
    }
    next = nextUrl ? { method: request.method, headers: request.headers, signal: request.signal, url: onHubOrigin(nextUrl, hubUrl) } : undefined;
  }
}

/** A page that failed while its body was read (reset, stall, cut short): worth asking again. */
class PageReadError extends HubError {
  override name = "PageReadError";
}

/**
 * One page: the request (with `hubRequest`'s retries and timeout), then its body, read within the
 * same timeout. A body that breaks, stalls or is cut short (not a JSON array) asks for the page
 * again, with backoff, up to the retry budget; the last failure is thrown.
 */
async function fetchPage(options: HubOptions, request: HubRequest): Promise<{ page: unknown[]; response: Response }> {
  const settings = retrySettings(options.retry);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    const response: Response = await hubRequest(options, { ...request, responseType: "response" });
    try {
      return { page: await readPage(response, timeout, request.signal ?? signal), response };
    } catch (error) {
      if (signal?.aborted) throw abortReason(signal);
      const retryable = error instanceof HubNetworkError || error instanceof HubTimeoutError || error instanceof PageReadError;
      if (!retryable || attempt >= settings.attempts) throw error;
    }
    await sleep(backoffDelay(attempt, settings), signal);
  }
}

async function readPage(response: Response, timeout: number | false, signal: AbortSignal | undefined): Promise<unknown[]> {
  const where = new URL(response.url || "about:blank");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let text: string;
  try {
    const reading = response.text();
    const limits: Promise<never>[] = [];
    if (timeout !== false) {
      limits.push(
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            void response.body?.cancel().catch(() => undefined);
            reject(new HubTimeoutError(`Reading a page timed out after ${timeout} ms (GET ${redactUrl(where)})`, timeout));
          }, timeout);
        }),
      );
    }
    text = await Promise.race([reading, ...limits]);
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    if (error instanceof HubError) throw error;
    throw new HubNetworkError("GET", redactUrl(where), error);
  } finally {
    clearTimeout(timer);
  }
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch {
    throw new PageReadError(`Expected a JSON array page from ${where.pathname}, got ${text.length} bytes that are not JSON (cut short?)`);
  }
  if (!Array.isArray(page)) throw new HubError(`Expected a JSON array page, got ${typeof page}`);
  return page;
}

/** `url` unchanged when on the Hub origin, else the Hub URL followed by its path and query. */
export function onHubOrigin(url: string, hubUrl: string): string {
  const target = new URL(url);
  return target.origin === new URL(hubUrl).origin ? target.href : hubUrl.replace(/\/+$/, "") + target.pathname + target.search;
}
