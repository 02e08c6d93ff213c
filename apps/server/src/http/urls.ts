import type { Context } from "hono";
import type { ServerContext } from "../context.ts";
import type { RepoType } from "../storage/repos.ts";

/** The origin absolute URLs are built from: `publicUrl` if configured, else the request's. */
export function publicOrigin(c: Context, context: ServerContext): string {
  return context.config.publicUrl?.replace(/\/+$/, "") ?? new URL(c.req.url).origin;
}

/** `datasets/`, `spaces/` or nothing for models. */
export function repoUrlPrefix(type: RepoType): string {
  return type === "model" ? "" : `${type}s/`;
}

/** Absolute web URL of a repo: `{origin}/{prefix}{ns}/{name}`. */
export function repoWebUrl(origin: string, type: RepoType, repoId: string): string {
  return `${origin}/${repoUrlPrefix(type)}${repoId}`;
}

/** A `Link` header value pointing to the next page (absolute URL, as clients require). */
export function nextLink(url: URL): string {
  return `<${url.toString()}>; rel="next"`;
}

/** The request URL re-rooted on the public origin, for pagination links. */
export function requestUrlOnOrigin(c: Context, context: ServerContext): URL {
  const url = new URL(c.req.url);
  const origin = new URL(publicOrigin(c, context));
  url.protocol = origin.protocol;
  url.host = origin.host;
  return url;
}
