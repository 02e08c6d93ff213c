import type { HubOptions } from "../options.ts";
import type { HubRequest } from "./hub-request-types.ts";
import { userAgentHeader } from "./user-agent.ts";

/**
 * The headers of a request: the caller's, a content type, `Accept` for JSON, the user agent, and
 * `Authorization: Bearer` only when `url` is on the Hub origin (never to LFS storage elsewhere).
 */
export function buildHeaders(
  options: Pick<HubOptions, "accessToken" | "userAgent" | "client">,
  request: Pick<HubRequest, "headers" | "responseType">,
  target: { url: URL; hubUrl: string; contentType: string | undefined },
): Headers {
  const headers = new Headers(request.headers);
  const setDefault = (name: string, value: string | undefined | false) => {
    if (value && !headers.has(name)) headers.set(name, value);
  };
  setDefault("content-type", target.contentType);
  setDefault("accept", (request.responseType ?? "json") === "json" && "application/json");
  setDefault("user-agent", userAgentHeader(options.userAgent, options.client));
  setDefault(
    "authorization",
    options.accessToken && target.url.origin === new URL(target.hubUrl).origin && `Bearer ${options.accessToken}`,
  );
  return headers;
}
