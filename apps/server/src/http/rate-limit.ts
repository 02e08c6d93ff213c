import { createHash } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { tokenFromHeader } from "./auth.ts";
import { errorResponse } from "./respond.ts";
import { HttpError } from "./errors.ts";

/** Options of the fixed-window rate limit (`createHubServer({ rateLimit })`, `hub-server --rate-limit N/WINDOW`). */
export interface RateLimitOptions {
  /** Requests allowed per window and caller (token, else IP) and bucket. */
  limit: number;
  /** Window length in seconds (the Hub uses 300). */
  windowSeconds: number;
  /** Paths never counted (default `["/health"]`). */
  exemptPaths?: readonly string[];
  /** Clock in ms, for tests (default `Date.now`). */
  now?: () => number;
}

/** The Hub's rate-limit headers: `RateLimit: "api";r=R;t=T` and `RateLimit-Policy: "fixed window";"api";q=Q;w=W`. */
export function rateLimitHeaders(state: {
  bucket?: string;
  limit: number;
  remaining: number;
  resetSeconds: number;
  windowSeconds: number;
}): Record<string, string> {
  const bucket = state.bucket ?? "api";
  return {
    RateLimit: `"${bucket}";r=${Math.max(0, state.remaining)};t=${Math.max(0, Math.ceil(state.resetSeconds))}`,
    "RateLimit-Policy": `"fixed window";"${bucket}";q=${state.limit};w=${state.windowSeconds}`,
  };
}

/** Parses `N/WINDOW` (`100/60`, `500/5m`, `10/1s`, `1000/1h`) into a limit and a window in seconds. */
export function parseRateLimit(text: string): { limit: number; windowSeconds: number } {
  const match = /^(\d+)\/(\d+)(s|m|h)?$/.exec(text.trim());
  if (!match) throw new RangeError(`--rate-limit expects N/WINDOW (e.g. 500/300 or 500/5m), got "${text}"`);
  const unit = match[3] === "h" ? 3600 : match[3] === "m" ? 60 : 1;
  const limit = Number(match[1]);
  const windowSeconds = Number(match[2]) * unit;
  if (limit < 1 || windowSeconds < 1) throw new RangeError("--rate-limit needs N >= 1 and a window of at least 1 s");
  return { limit, windowSeconds };
}

/** `resolvers` for file downloads (as the Hub counts them apart), `api` for the rest. */
function bucketOf(path: string): string {
  return /\/(resolve|raw)\//.test(path) || path.startsWith("/lfs-files/") ? "resolvers" : "api";
}

function callerKey(c: Context): string {
  const token = tokenFromHeader(c.req.header("authorization"));
  if (token) return `token:${createHash("sha256").update(token).digest("hex")}`;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return `ip:${incoming?.socket?.remoteAddress ?? "local"}`;
}

/**
 * A fixed-window limit per caller and bucket. Every counted answer carries `RateLimit` and
 * `RateLimit-Policy`; over the limit the answer is a 429 with `Retry-After` (seconds to the end of
 * the window).
 */
export function rateLimitMiddleware(options: RateLimitOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const exempt = new Set(options.exemptPaths ?? ["/health"]);
  const windowMs = options.windowSeconds * 1000;
  const counters = new Map<string, { windowStart: number; count: number }>();
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (c.req.method === "OPTIONS" || exempt.has(path)) return next();
    const bucket = bucketOf(path);
    const key = `${bucket} ${callerKey(c)}`;
    const time = now();
    const windowStart = Math.floor(time / windowMs) * windowMs;
    let counter = counters.get(key);
    if (!counter || counter.windowStart !== windowStart) {
      // Old windows are dropped as the map is touched, so it holds about one entry per active caller.
      if (counters.size > 10_000) for (const [other, value] of counters) if (value.windowStart !== windowStart) counters.delete(other);
      counter = { windowStart, count: 0 };
      counters.set(key, counter);
    }
    counter.count++;
    const resetSeconds = (windowStart + windowMs - time) / 1000;
    const headers = rateLimitHeaders({
      bucket,
      limit: options.limit,
      remaining: options.limit - counter.count,
      resetSeconds,
      windowSeconds: options.windowSeconds,
    });
    if (counter.count > options.limit) {
      return errorResponse(
        new HttpError(
          429,
          `You have exceeded the rate limit for ${bucket} requests (${options.limit} per ${options.windowSeconds} s). Retry after ${Math.ceil(resetSeconds)} s.`,
          {
            headers: { ...headers, "Retry-After": String(Math.max(1, Math.ceil(resetSeconds))) },
          },
        ),
      );
    }
    // Answers written straight to the socket (file downloads) get the headers through the Node response.
    const outgoing = (c.env as { outgoing?: { setHeader?: (name: string, value: string) => void; headersSent?: boolean } } | undefined)
      ?.outgoing;
    if (outgoing?.setHeader) for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
    await next();
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value);
  };
}
