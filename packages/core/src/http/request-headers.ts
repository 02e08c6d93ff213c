import type { HubOptions } from "../options.ts";
import type { HubRequest } from "./hub-request-types.ts";
import { userAgentHeader } from "./user-agent.ts";

/**
 * The headers of a request: the caller's, a content type, `Accept` for JSON, the user agent, and
 * `Authorization: Bearer` only when `url` is on the Hub origin (never to LFS storage elsewhere).
 */
export function buildHeaders(
  options: Pick<HubOptions, "accessToken" | "userAgent">,
  request: Pick<HubRequest, "headers" | "responseType">,
  target: { url: URL; hubUrl: string; contentType: string | undefined },
): Headers {
  const headers = new Headers(request.headers);
  if (target.contentType && !headers.has("content-type")) headers.set("content-type", target.contentType);
  if ((request.responseType ?? "json") === "json" && !headers.has("accept")) headers.set("accept", "application/json");
  const userAgent = userAgentHeader(options.userAgent);
  if (userAgent && !headers.has("user-agent")) headers.set("user-agent", userAgent);
  if (options.accessToken && !headers.has("authorization") && target.url.origin === new URL(target.hubUrl).origin) {
    headers.set("authorization", `Bearer ${options.accessToken}`);
  }
  return headers;
}
