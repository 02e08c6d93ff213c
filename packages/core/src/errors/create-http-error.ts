import {
  BadRequestError,
  CommitConflictError,
  EntryNotFoundError,
  GatedRepoError,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "./http-error-classes.ts";
import { HubHttpError } from "./hub-http-error.ts";
import { redactText, redactUrl } from "./redact.ts";

const REPO_URL = /^\/(?:api\/(?:models|datasets|spaces)\/([^/]+(?:\/[^/]+)?)|(?:(?:datasets|spaces)\/)?([^/]+\/[^/]+|[^/]+)\/resolve\/)/;
const MAX_MESSAGE_LENGTH = 500;

/**
 * Builds the typed error for a non-2xx response (reads and consumes its body): chosen by
 * `X-Error-Code` first, then by status, like the Python client.
 */
export async function createHubHttpError(response: Response, method: string, url: string, accessToken?: string): Promise<HubHttpError> {
  const { headers, status } = response;
  const errorCode = headers.get("x-error-code") ?? undefined;
  const headerMessage = headers.get("x-error-message");
  const redactedUrl = redactUrl(url);
  const repoId = repoIdFromUrl(redactedUrl);
  const ErrorClass =
    errorCode === "RevisionNotFound" ? RevisionNotFoundError
    : errorCode === "EntryNotFound" ? EntryNotFoundError
    : errorCode === "GatedRepo" ? GatedRepoError
    : errorCode === "RepoNotFound" || (status === 401 && headerMessage !== "Invalid credentials in Authorization header" && repoId) ? RepositoryNotFoundError
    : status === 400 ? BadRequestError
    : status === 409 || status === 412 ? CommitConflictError
    : HubHttpError;
  return new ErrorClass({
    status,
    method: method.toUpperCase(),
    url: redactedUrl,
    requestId: headers.get("x-request-id") ?? headers.get("x-amzn-trace-id") ?? headers.get("x-amz-cf-id") ?? undefined,
    errorCode,
    serverMessage: serverMessage(headerMessage, await response.text().catch(() => ""), accessToken),
    headline: repoId && (ErrorClass === RepositoryNotFoundError || ErrorClass === GatedRepoError) ? `${ErrorClass.title}: ${repoId}` : undefined,
  });
}

/** The repo id of a repo API or resolve URL, `undefined` for other URLs. */
function repoIdFromUrl(url: string): string | undefined {
  try {
    const match = REPO_URL.exec(new URL(url).pathname);
    const repoId = match?.[1] ?? match?.[2];
    return repoId && decodeURIComponent(repoId);
  } catch {
    return undefined;
  }
}

/** The header message and the body's `error`, `errors[].message`, `message`, `error_description` (or text), de-duplicated, on one line, redacted and capped. */
function serverMessage(headerMessage: string | null, text: string, accessToken: string | undefined): string | undefined {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the text itself is the message.
  }
  const parts: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && (value = value.trim()) && !parts.includes(value as string)) parts.push(value as string);
  };
  add(headerMessage);
  if (typeof body === "string") add(body);
  else if (typeof body === "object" && body !== null) {
    const record = body as Record<string, unknown>;
    [record.error].flat().forEach(add);
    if (Array.isArray(record.errors)) for (const item of record.errors) add((item as { message?: unknown } | null)?.message);
    add(record.message);
    add(record.error_description);
  }
  if (parts.length === 0) return undefined;
  let message = redactText(parts.join(" ").replace(/\s+/g, " "));
  if (accessToken) message = message.split(accessToken).join("REDACTED");
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH)}...` : message;
}
