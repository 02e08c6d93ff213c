/** A JSON response with short public caching. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": status === 200 ? "public, max-age=60" : "no-store" },
  });
}

/**
 * Maps an SDK error to a response without importing the error classes (they would pull no extra
 * code, but the example keeps to @hub/search and @hub/repos): a `HubValidationError` is the
 * caller's fault (400), a missing repo, revision or file is a 404 (the Hub answers 401 for a repo
 * it will not show to an anonymous caller), other Hub 4xx keep their status, anything else is a 502.
 */
export function errorResponse(error: unknown): Response {
  const { name, status, message } = (error ?? {}) as { name?: string; status?: number; message?: string };
  if (name === "HubValidationError") return json({ error: message }, 400);
  if (name === "RepositoryNotFoundError" || name === "RevisionNotFoundError" || name === "EntryNotFoundError")
    return json({ error: message }, 404);
  if (name?.endsWith("Error") && typeof status === "number" && status >= 400 && status < 500) return json({ error: message }, status);
  return json({ error: "the Hub could not be reached or failed" }, 502);
}
