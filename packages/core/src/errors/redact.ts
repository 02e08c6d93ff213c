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
    parsed = new URL(String(url));
  } catch {
    return redactText(String(url));
  }
  if (parsed.username || parsed.password) {
    parsed.username = "";
    parsed.password = "";
  }
  const redacted = new URLSearchParams();
  let changed = false;
  for (const [key, value] of parsed.searchParams) {
    const secret = SECRET_KEY.test(key) || new RegExp(TOKEN_LIKE.source).test(value);
    changed ||= secret;
    redacted.append(key, secret ? REDACTED : value);
  }
  if (changed) parsed.search = redacted.toString();
  return redactText(parsed.toString());
}
