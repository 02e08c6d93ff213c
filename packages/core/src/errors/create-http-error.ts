import {
  BadRequestError,
  CommitConflictError,
  DisabledRepoError,
  EntryNotFoundError,
  GatedRepoError,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "./http-error-classes.ts";
import { HubHttpError } from "./hub-http-error.ts";
import { redactText, redactUrl } from "./redact.ts";
import { rateLimitInfo } from "../http/retry-delay-headers.ts";

/** What the request knew that the answer does not repeat, for a clearer message. */
export interface HttpErrorContext {
  /** The `Range` header sent (quoted in 416 errors). */
  range?: string | null | undefined;
  /** A wait the server asked for that was longer than allowed, in milliseconds, and the allowed maximum. */
  refusedWait?: { asked: number; allowed: number } | undefined;
}

const DISABLED_MESSAGE = "Access to this resource is disabled.";

const REPO_URL = /^\/(?:api\/(?:models|datasets|spaces)\/([^/]+(?:\/[^/]+)?)|(?:(?:datasets|spaces)\/)?([^/]+\/[^/]+|[^/]+)\/resolve\/)/;
const MAX_MESSAGE_LENGTH = 500;

/**
 * Builds the typed error for a non-2xx response (reads and consumes its body): chosen by
 * `X-Error-Code` first, then by status, like the Python client.
 */
export async function createHubHttpError(
  response: Response,
  method: string,
  url: string,
  accessToken?: string,
  context: HttpErrorContext = {},
): Promise<HubHttpError> {
  const { headers, status } = response;
  const errorCode = headers.get("x-error-code") ?? undefined;
  const headerMessage = headers.get("x-error-message");
  const redactedUrl = redactUrl(url);
  const repoId = repoIdFromUrl(redactedUrl);
  const ErrorClass =
    errorCode === "RevisionNotFound"
      ? RevisionNotFoundError
      : errorCode === "EntryNotFound"
        ? EntryNotFoundError
        : errorCode === "GatedRepo"
          ? GatedRepoError
          : headerMessage === DISABLED_MESSAGE
            ? DisabledRepoError
            : errorCode === "RepoNotFound" || (status === 401 && headerMessage !== "Invalid credentials in Authorization header" && repoId)
              ? RepositoryNotFoundError
              : status === 400
                ? BadRequestError
                : status === 409 || status === 412
                  ? CommitConflictError
                  : HubHttpError;
  return new ErrorClass({
    status,
    method: method.toUpperCase(),
    url: redactedUrl,
    requestId: headers.get("x-request-id") ?? headers.get("x-amzn-trace-id") ?? headers.get("x-amz-cf-id") ?? undefined,
    errorCode,
    serverMessage: serverMessage(headerMessage, await response.text().catch(() => ""), accessToken),
    headline:
      repoId && (ErrorClass === RepositoryNotFoundError || ErrorClass === GatedRepoError || ErrorClass === DisabledRepoError)
        ? `${ErrorClass.title}: ${repoId}`
        : undefined,
    detail: statusDetail(status, headers, context),
  });
}

/** What a 416 or 429 answer means for this request, and a refused wait: the range sent, the limit reached, the wait asked. */
function statusDetail(status: number, headers: Headers, { range, refusedWait }: HttpErrorContext): string | undefined {
  const parts: string[] = [];
  if (status === 416) parts.push(`Requested range: ${range ?? "none"}; Content-Range: ${headers.get("content-range") ?? "none"}.`);
  const limit = status === 429 ? rateLimitInfo(headers) : undefined;
  if (limit && limit.remaining === 0) {
    const quota =
      limit.limit !== undefined && limit.windowSeconds !== undefined
        ? ` of ${limit.limit} requests per ${limit.windowSeconds} s window`
        : "";
    parts.push(`Rate limit "${limit.resource}"${quota} reached; it resets in ${limit.resetSeconds} s.`);
  }
  if (refusedWait) {
    parts.push(
      `The server asked to wait ${seconds(refusedWait.asked)} s before retrying, more than retry.maxServerDelay (${seconds(refusedWait.allowed)} s): not retried.`,
    );
  }
  return parts.length > 0 ? parts.join(" ") : undefined;
}

function seconds(milliseconds: number): number {
  return Math.round(milliseconds / 100) / 10;
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
