import { HubError } from "../errors/hub-error.ts";
import { hubRequest } from "../http/hub-request.ts";
import type { HubRequest } from "../http/hub-request-types.ts";
import { type HubOptions, resolveHubUrl } from "../options.ts";
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
 * @throws {HubHttpError} and the other errors of `hubRequest`; {HubError} when a page is not an array.
 */
export async function* paginate<T>(options: HubOptions, request: HubRequest, pagination: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const limit = pagination.limit ?? Number.POSITIVE_INFINITY;
  const hubUrl = resolveHubUrl(options);
  let count = 0;
  for (let next: HubRequest | undefined = request; next && count < limit; ) {
    const response: Response = await hubRequest(options, { ...next, responseType: "response" });
    let page: unknown;
    try {
      page = await response.json();
    } catch {
      throw new HubError(`Expected a JSON array page from ${new URL(response.url || "about:blank").pathname}`);
    }
    if (!Array.isArray(page)) throw new HubError(`Expected a JSON array page, got ${typeof page}`);
    const nextUrl: string | undefined = parseLinkHeader(response.headers.get("link"), response.url || hubUrl).next;
    for (const item of page as T[]) {
      yield item;
      if (++count >= limit) return;
    }
    next = nextUrl ? { method: request.method, headers: request.headers, signal: request.signal, url: onHubOrigin(nextUrl, hubUrl) } : undefined;
  }
}

/** `url` unchanged when on the Hub origin, else the Hub URL followed by its path and query. */
export function onHubOrigin(url: string, hubUrl: string): string {
  const target = new URL(url);
  return target.origin === new URL(hubUrl).origin ? target.href : hubUrl.replace(/\/+$/, "") + target.pathname + target.search;
}
