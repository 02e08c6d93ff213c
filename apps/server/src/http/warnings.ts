import type { MiddlewareHandler } from "hono";

/** A warning sent in `X-HF-Warning: <topic>; <message>`, on every answer or on paths starting with `pathPrefix`. */
export interface HfWarning {
  topic: string;
  message: string;
  pathPrefix?: string;
}

/** Parses `TOPIC; MESSAGE` (the header's own form) as given to `--hf-warning`. */
export function parseHfWarning(text: string): HfWarning {
  const separator = text.indexOf(";");
  if (separator <= 0 || text.slice(separator + 1).trim() === "")
    throw new RangeError(`--hf-warning expects "TOPIC; MESSAGE", got "${text}"`);
  return { topic: text.slice(0, separator).trim(), message: text.slice(separator + 1).trim() };
}

/**
 * Adds `X-HF-Warning` to the answers it applies to, as the Hub does for deprecations (huggingface_hub
 * logs each topic once). Answers written straight to the socket get it through the Node response.
 */
export function hfWarningMiddleware(warnings: readonly HfWarning[]): MiddlewareHandler {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    const values = warnings
      .filter((warning) => !warning.pathPrefix || path.startsWith(warning.pathPrefix))
      .map((warning) => `${warning.topic}; ${warning.message}`);
    if (values.length === 0) return next();
    const outgoing = (c.env as { outgoing?: { setHeader?: (name: string, value: string[]) => void } } | undefined)?.outgoing;
    outgoing?.setHeader?.("X-HF-Warning", values);
    await next();
    c.res.headers.delete("X-HF-Warning");
    for (const value of values) c.res.headers.append("X-HF-Warning", value);
  };
}
