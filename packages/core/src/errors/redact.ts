const SECRET_KEY = /token|key|secret|password|passwd|signature|credential|auth|^sig$|session/i;
const TOKEN_LIKE = /\b(?:hf_|api_org_|hf_oauth_)[A-Za-z0-9_-]{6,}/g;
const REDACTED = "REDACTED";

/** Replaces token-shaped words (`hf_...`, `api_org_...`) in free text. */
export function redactText(text: string): string {
  return text.replace(TOKEN_LIKE, REDACTED);
}

/** The URL without user info and with every secret-looking query value replaced by `REDACTED`. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactText(String(url));
  }
  parsed.username = parsed.password = "";
  let changed = false;
  const entries = [...parsed.searchParams].map(([key, value]) => {
    const secret = SECRET_KEY.test(key) || redactText(value) !== value;
    changed ||= secret;
    return [key, secret ? REDACTED : value];
  });
  // Rewritten only when needed: URLSearchParams re-encodes the whole query.
  if (changed) parsed.search = new URLSearchParams(entries).toString();
  return redactText(parsed.href);
}
