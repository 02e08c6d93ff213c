const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * The wait the server asks for, in milliseconds: the `t` of an exhausted IETF `RateLimit` item
 * (`"api";r=0;t=55`, falling back to the `w` of its `RateLimit-Policy`), else `Retry-After`
 * (seconds or HTTP date). `undefined` when the headers ask for nothing.
 */
export function serverRetryDelay(headers: Headers, now = Date.now()): number | undefined {
  return rateLimitDelay(headers.get("ratelimit"), headers.get("ratelimit-policy")) ?? retryAfterDelay(headers.get("retry-after"), now);
}

/** Parses `Retry-After`: delta seconds or an HTTP date, in milliseconds from `now`. */
export function retryAfterDelay(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (SECONDS.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Parses IETF `RateLimit` (`"api";r=0;t=55`): the reset of an exhausted quota, in milliseconds. */
export function rateLimitDelay(rateLimit: string | null, policy?: string | null): number | undefined {
  let delay: number | undefined;
  for (const [name, parameters] of parseList(rateLimit)) {
    if (parameters.r !== "0") continue;
    const seconds = parameters.t ?? parseList(policy).find(([policyName, policyParameters]) => policyName === name && policyParameters.w)?.[1].w;
    if (seconds !== undefined && SECONDS.test(seconds)) delay = Math.max(delay ?? 0, Number(seconds) * 1000);
  }
  return delay;
}

/** A small parser for RFC 8941 lists of `"name";key=value` items (quoted names, no inner lists). */
function parseList(value: string | null | undefined): [string, Record<string, string | undefined>][] {
  return (value ?? "").split(",").map((member) => {
    const [name = "", ...rawParameters] = member.split(";").map((part) => part.trim());
    const parameters: Record<string, string> = {};
    for (const parameter of rawParameters) {
      const separator = parameter.indexOf("=");
      if (separator > 0) parameters[parameter.slice(0, separator).trim()] = unquote(parameter.slice(separator + 1).trim());
    }
    return [unquote(name), parameters];
  });
}

function unquote(text: string): string {
  return /^".*"$/.test(text) ? text.slice(1, -1) : text;
}
