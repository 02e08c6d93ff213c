// Exact parameter names that carry secrets (signed-URL parameters included); ordinary words that
// merely contain one (`author`, `monkey`, `tokenizer`) are left alone.
const SECRET_KEY =
  /^(?:token|access_token|accesstoken|hf_token|api_key|apikey|key|secret|client_secret|password|passwd|signature|sig|credential|credentials|auth|authorization|session|session_token|x-amz-signature|x-amz-credential|x-amz-security-token|key-pair-id|policy)$/i;
// A token-shaped word: the prefix, then 20+ characters with a digit or a 20+ character
// alphanumeric run. Repo names such as `hf_internal_testing` are not tokens.
const TOKEN_LIKE = /\b(?:hf_oauth_|api_org_|hf_)([A-Za-z0-9_-]{20,})/g;
const TOKEN_BODY = /\d|[A-Za-z0-9]{20}/;
const REDACTED = "REDACTED";

/** Replaces token-shaped words (`hf_...`, `api_org_...`) in free text. */
export function redactText(text: string): string {
  return text.replace(TOKEN_LIKE, (word, body: string) => (TOKEN_BODY.test(body) ? REDACTED : word));
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
