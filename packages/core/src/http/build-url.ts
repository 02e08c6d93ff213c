import type { SearchParams } from "./hub-request-types.ts";

/**
 * The absolute URL of a request: `url`, or `hubUrl` + `path`, with `searchParams` appended.
 * @throws {TypeError} when neither `path` nor `url` is given, or the URL is invalid.
 */
export function buildRequestUrl(
  hubUrl: string,
  request: { path?: string | undefined; url?: string | URL | undefined; searchParams?: SearchParams | undefined },
): URL {
  const { path, url } = request;
  if (url === undefined && path === undefined) throw new TypeError("hubRequest needs a path or a url");
  const result = new URL(url ?? hubUrl + (path?.startsWith("/") ? path : `/${path}`));
  appendSearchParams(result, request.searchParams);
  return result;
}

/** Appends query parameters: arrays repeat the key, `undefined`/`null` are skipped, booleans become `"true"`/`"false"`. */
export function appendSearchParams(url: URL, searchParams: SearchParams | undefined): void {
  for (const [key, value] of Object.entries(searchParams ?? {})) {
    for (const item of [value].flat()) if (item != null) url.searchParams.append(key, String(item));
  }
}
