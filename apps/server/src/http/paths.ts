import { badRequest } from "./errors.ts";

/** Decodes one percent-encoded path segment; 400 on malformed encoding. */
export function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw badRequest(`Malformed percent-encoding in ${raw}`);
  }
}

/**
 * Rejects unsafe repository paths: empty, absolute, `.`/`..` or empty segments, backslashes,
 * NUL and other control characters, and `.git` components. Returns the path unchanged.
 */
export function validateRepoPath(path: unknown, options: { allowTrailingSlash?: boolean } = {}): string {
  if (typeof path !== "string" || path.length === 0) throw badRequest("Invalid path: empty");
  let checked = path;
  if (options.allowTrailingSlash && checked.endsWith("/")) checked = checked.slice(0, -1);
  if (checked.length > 4096) throw badRequest("Invalid path: too long");
  if (checked.startsWith("/")) throw badRequest(`Invalid path: ${JSON.stringify(path)} is absolute`);
  if (checked.includes("\\")) throw badRequest(`Invalid path: ${JSON.stringify(path)} contains a backslash`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(checked)) throw badRequest(`Invalid path: ${JSON.stringify(path)} contains a control character`);
  for (const segment of checked.split("/")) {
    if (segment === "" || segment === "." || segment === "..")
      throw badRequest(`Invalid path: ${JSON.stringify(path)} has an empty, "." or ".." segment`);
    if (segment === ".git") throw badRequest(`Invalid path: ${JSON.stringify(path)} contains .git`);
  }
  return path;
}

/**
 * Splits the raw (still encoded) segments after `/resolve/`, `/tree/`... into a revision and a
 * path. The revision is either one segment (`main`, `refs%2Fpr%2F1`) or a literal
 * `refs/pr/N`, `refs/convert/X`, `refs/heads/X` or `refs/tags/X` spread over three segments.
 */
export function splitRevisionAndPath(rawSegments: string[]): { revision: string | undefined; path: string } {
  if (rawSegments.length === 0) return { revision: undefined, path: "" };
  let revisionSegments = 1;
  if (rawSegments[0] === "refs" && rawSegments.length >= 3 && ["pr", "convert", "heads", "tags"].includes(rawSegments[1]!))
    revisionSegments = 3;
  const revision = rawSegments.slice(0, revisionSegments).map(decodeSegment).join("/");
  const path = rawSegments.slice(revisionSegments).map(decodeSegment).join("/");
  return { revision, path };
}

/** Whether a query flag is set (`1`, `true`, `True`). */
export function isTrueFlag(value: string | undefined | null): boolean {
  return value !== undefined && value !== null && /^(1|true|yes)$/i.test(value);
}
