/**
 * Parses an HTTP `Link` header into `{ rel: url }` (first link wins for each rel; a `rel` with
 * several space-separated values registers each). Relative targets resolve against `baseUrl`.
 * Runs in linear time on any input: one forward scan, no backtracking regular expression.
 */
export function parseLinkHeader(header: string | null | undefined, baseUrl?: string | URL): Record<string, string> {
  const links = Object.create(null) as Record<string, string>;
  if (!header) return links;
  let position = 0;
  while (position < header.length) {
    const open = header.indexOf("<", position);
    if (open === -1) break;
    const close = header.indexOf(">", open + 1);
    if (close === -1) break;
    const end = endOfLinkValue(header, close + 1);
    const rel = parseParameters(header.slice(close + 1, end)).rel;
    const target = rel ? resolve(header.slice(open + 1, close).trim(), baseUrl) : undefined;
    if (target !== undefined && rel) {
      for (const name of rel.toLowerCase().split(/\s+/)) if (name && !(name in links)) links[name] = target;
    }
    position = end + 1;
  }
  return links;
}

/** Index of the comma ending a link-value (outside quotes), or the header's length. */
function endOfLinkValue(header: string, start: number): number {
  let quoted = false;
  for (let index = start; index < header.length; index++) {
    const character = header[index];
    if (quoted && character === "\\") index++;
    else if (character === '"') quoted = !quoted;
    else if (character === "," && !quoted) return index;
  }
  return header.length;
}

/** Parses `; key=value; key="quoted; value"` in one pass. */
function parseParameters(text: string): Record<string, string> {
  const parameters = Object.create(null) as Record<string, string>;
  let key = "";
  let value = "";
  let state: "key" | "value" | "quoted" = "key";
  const commit = () => {
    const name = key.trim().toLowerCase();
    if (name && !(name in parameters)) parameters[name] = state === "quoted" ? value : value.trim();
    key = "";
    value = "";
  };
  for (let index = 0; index < text.length; index++) {
    const character = text[index] as string;
    if (state === "quoted") {
      if (character === "\\" && index + 1 < text.length) value += text[++index];
      else if (character === '"') state = "value";
      else value += character;
    } else if (character === ";") {
      commit();
      state = "key";
    } else if (state === "key") {
      if (character === "=") state = "value";
      else key += character;
    } else if (character === '"' && value.trim() === "") {
      state = "quoted";
      value = "";
    } else value += character;
  }
  commit();
  return parameters;
}

function resolve(target: string, baseUrl: string | URL | undefined): string | undefined {
  try {
    return new URL(target, baseUrl).href;
  } catch {
    return undefined;
  }
}
