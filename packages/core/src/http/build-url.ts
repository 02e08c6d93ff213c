import type { SearchParams } from "./hub-request-types.ts";

/**
 * The absolute URL of a request: `url`, or `hubUrl` + `path`, with `searchParams` appended.
 * @throws {TypeError} when neither `path` nor `url` is given, or the URL is invalid.
 */
export function buildRequestUrl(
  hubUrl: string,
  request: { path?: string | undefined; url?: string | URL | undefined; searchParams?: SearchParams | undefined },
): URL {
  if (request.url === undefined && request.path === undefined) throw new TypeError("hubRequest needs a path or a url");
  const url = request.url !== undefined ? new URL(request.url) : new URL(hubUrl + ensureLeadingSlash(request.path ?? ""));
  appendSearchParams(url, request.searchParams);
  return url;
}

/** Appends query parameters: arrays repeat the key, `undefined`/`null` are skipped, booleans become `"true"`/`"false"`. */
export function appendSearchParams(url: URL, searchParams: SearchParams | undefined): void {
  if (!searchParams) return;
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) url.searchParams.append(key, String(item));
    }
  }
}

function ensureLeadingSlash(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}
