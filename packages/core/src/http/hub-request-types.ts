/** One value of a query parameter; `undefined` and `null` are left out, booleans become `"true"`/`"false"`. */
export type SearchParamValue = string | number | boolean | null | undefined;

/** Query parameters; an array repeats the key (`expand=a&expand=b`). */
export type SearchParams = Record<string, SearchParamValue | readonly SearchParamValue[]>;

/** How `hubRequest` returns a successful response. */
export type ResponseType = "json" | "text" | "response" | "void";

/** HTTP methods used by the Hub API (any case is accepted). */
export type HttpMethod =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "PATCH"
  | "DELETE"
  | "OPTIONS"
  | Lowercase<"GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS">;

/** One HTTP request to the Hub (or, with `url`, to another origin such as an LFS storage URL). */
export interface HubRequest {
  /** Default `"GET"`. */
  method?: HttpMethod;
  /** Path joined to `hubUrl` (`/api/models/alice/x`); may carry a query string. */
  path?: string;
  /** Absolute URL, used instead of `path` (the token is sent only if its origin is the Hub's). */
  url?: string | URL;
  /** Query parameters appended to the URL. */
  searchParams?: SearchParams;
  /** A JSON body (sent as `application/json`). */
  json?: unknown;
  /** A raw body; a `ReadableStream` body is streamed and never retried. */
  body?: BodyInit | null;
  /** Objects streamed one per line as `application/x-ndjson` (never buffered whole except in browsers, which cannot stream request bodies over HTTP/1.1; never retried). */
  ndjson?: AsyncIterable<unknown> | Iterable<unknown>;
  /** Extra request headers. */
  headers?: Record<string, string> | Headers;
  /** Default `"json"`. With `"response"` the raw `Response` is returned for streaming. */
  responseType?: ResponseType;
  /** Whether repeating the request is harmless; default true for GET, HEAD, PUT, DELETE, OPTIONS. */
  idempotent?: boolean;
  /** Cancels this request (in addition to the options' signal). */
  signal?: AbortSignal;
  /**
   * `"follow"` (default) follows redirects as `fetch` does. `"manual"` returns a 3xx answer as the
   * result instead of an error (read its `Location` with `responseType: "response"`); in a runtime
   * that hides redirects (browsers answer an `opaqueredirect`) the redirect is followed instead.
   */
  redirect?: "follow" | "manual";
}
