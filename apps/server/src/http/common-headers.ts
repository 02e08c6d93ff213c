import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { EXPOSED_HEADERS } from "./respond.ts";

/** CORS of every answer: any origin, the Hub's methods, and the headers browsers may read. */
const CORS_OPTIONS = {
  origin: "*",
  allowMethods: ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"],
  exposeHeaders: EXPOSED_HEADERS,
  maxAge: 86400,
};

/** A request id in the Hub's (AWS trace) format: `Root=1-{epoch hex}-{24 hex}`. */
export function newRequestId(): string {
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${crypto.randomUUID().replace(/-/g, "").slice(0, 24)}`;
}

/** Middleware: every answer carries a fresh `X-Request-Id`. */
export function requestIdMiddleware(): MiddlewareHandler {
  return async (c, next) => {
    const requestId = newRequestId();
    await next();
    c.res.headers.set("X-Request-Id", requestId);
  };
}

/** Middleware: CORS headers and preflight answers. */
export function corsMiddleware(): MiddlewareHandler {
  return cors(CORS_OPTIONS);
}

/**
 * The headers the two middlewares above give a (non-preflight) answer, for the one route that writes
 * its head straight into the Node response (file bodies, see routes/resolve.ts), where middleware
 * cannot add headers to a response already sent.
 */
export function directResponseHeaders(): Record<string, string> {
  return {
    "X-Request-Id": newRequestId(),
    "Access-Control-Allow-Origin": CORS_OPTIONS.origin,
    "Access-Control-Expose-Headers": CORS_OPTIONS.exposeHeaders.join(","),
  };
}
