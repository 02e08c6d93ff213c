// One token per match: a `<target>` (closed or not), a quoted string (closed or not), a separator,
// or a run of other text. Every position starts some alternative and each alternative ends in an
// optional tail, so matches tile the input and none backtracks: a scan is linear.
/** The tokenizer of `parseLinkHeader` (exported for its linearity test). */
export const TOKEN = /<([^>]*)>?|"((?:[^"\\]|\\.)*)"?|[;,=]|[^;,=<"]+/g;

/**
 * Parses an HTTP `Link` header into `{ rel: url }` (first link wins for each rel; a `rel` with
 * several space-separated values registers each). Relative targets resolve against `baseUrl`.
 * Runs in linear time on any input: one forward scan, no backtracking regular expression.
 */
export function parseLinkHeader(header: string | null | undefined, baseUrl?: string | URL): Record<string, string> {
  const links = Object.create(null) as Record<string, string>;
  let target: string | undefined;
  let rel: string | undefined;
  // The parameter name read so far, and the name whose value comes next (after "=").
  let name = "";
  let valueOf: string | undefined;
  const endLink = () => {
    const url = target !== undefined && rel ? resolve(target, baseUrl) : undefined;
    if (url) for (const relation of (rel as string).toLowerCase().split(/\s+/)) if (relation && !(relation in links)) links[relation] = url;
    target = rel = valueOf = undefined;
    name = "";
  };
  for (const [token, link, quoted] of (header ?? "").matchAll(TOKEN)) {
    if (link !== undefined) {
      endLink();
      target = link.trim();
    } else if (token === ",") endLink();
    else if (token === ";") {
      name = "";
      valueOf = undefined;
    } else if (token === "=") valueOf ??= name.trim().toLowerCase();
    else if (valueOf === undefined) name += token;
    else if (valueOf === "rel") rel ??= quoted === undefined ? token.trim() || undefined : quoted.replace(/\\(.)/g, "$1");
  }
  endLink();
  return links;
}

function resolve(target: string, baseUrl: string | URL | undefined): string | undefined {
  try {
    return new URL(target, baseUrl).href;
  } catch {
    return undefined;
  }
}
