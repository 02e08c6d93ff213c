import type { Context } from "hono";
import { HttpError, toHttpError } from "./errors.ts";

/** Headers browsers may read, as production exposes them. */
export const EXPOSED_HEADERS = [
  "X-Repo-Commit",
  "X-Request-Id",
  "X-Error-Code",
  "X-Error-Message",
  "X-Total-Count",
  "ETag",
  "Link",
  "Accept-Ranges",
  "Content-Range",
  "X-Linked-Etag",
  "X-Linked-Size",
  "Content-Length",
  "RateLimit",
  "RateLimit-Policy",
  "Retry-After",
  "X-HF-Warning",
  "X-Xet-Hash",
];

/** Keeps a message usable as an HTTP header value (Latin-1, one line). */
export function headerSafe(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[^\x20-\x7e\xa0-\xff]/g, "?")
    .slice(0, 1000);
}

/** Turns any thrown value into the Hub's error answer. */
export function errorResponse(thrown: unknown): Response {
  const error = toHttpError(thrown);
  const httpError =
    error instanceof HttpError ? error : new HttpError(500, error instanceof Error ? `Internal error: ${error.message}` : "Internal error");
  if (!(error instanceof HttpError)) console.error("[hub-server]", error);
  const headers = new Headers({ "Content-Type": "application/json; charset=utf-8", ...httpError.headers });
  headers.set("X-Error-Message", headerSafe(httpError.message));
  if (httpError.code) headers.set("X-Error-Code", httpError.code);
  return new Response(JSON.stringify({ error: httpError.message, ...httpError.extraBody }), { status: httpError.status, headers });
}

/** Reads a JSON object body (empty body: `{}`); 400 when it is not an object. */
export async function readJsonObject(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Invalid JSON body");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "The JSON body must be an object");
  return value as Record<string, unknown>;
}

/** A JSON response. */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...headers } });
}
