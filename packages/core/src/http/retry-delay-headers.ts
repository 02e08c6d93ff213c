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
    const seconds =
      parameters.t ?? parseList(policy).find(([policyName, policyParameters]) => policyName === name && policyParameters.w)?.[1].w;
    if (seconds !== undefined && SECONDS.test(seconds)) delay = Math.max(delay ?? 0, Number(seconds) * 1000);
  }
  return delay;
}

/** What an exhausted rate limit says (IETF `RateLimit` + `RateLimit-Policy`, as the Hub sends them). */
export interface RateLimitInfo {
  /** The quota's name, e.g. `"api"`, `"resolvers"`. */
  resource: string;
  /** Requests left in the window (0 when exhausted). */
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
  /** Requests allowed per window (`q` of the policy), when the policy is sent. */
  limit: number | undefined;
  /** Window length in seconds (`w` of the policy), when the policy is sent. */
  windowSeconds: number | undefined;
}

/** Reads the first quota of `RateLimit` (`"api";r=0;t=55`) and its `RateLimit-Policy` (`"fixed window";"api";q=500;w=300`). */
export function rateLimitInfo(headers: Headers): RateLimitInfo | undefined {
  const [resource, parameters] = parseList(headers.get("ratelimit")).find(([, item]) => item.r !== undefined && item.t !== undefined) ?? [];
  if (resource === undefined || !parameters || !SECONDS.test(parameters.r ?? "") || !SECONDS.test(parameters.t ?? "")) return undefined;
  // The policy names its window kind first (`"fixed window";"api";q=...`): the quota is the member whose items mention the resource.
  const policy =
    (headers.get("ratelimit-policy") ?? "").split(",").find((member) => member.includes(`"${resource}"`)) ??
    headers.get("ratelimit-policy") ??
    "";
  const number = (key: string) => {
    const match = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(\\d+)`).exec(policy);
    return match ? Number(match[1]) : undefined;
  };
  return { resource, remaining: Number(parameters.r), resetSeconds: Number(parameters.t), limit: number("q"), windowSeconds: number("w") };
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
