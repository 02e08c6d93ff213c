import {
  BadRequestError,
  CommitConflictError,
  EntryNotFoundError,
  GatedRepoError,
  RepositoryNotFoundError,
  RevisionNotFoundError,
} from "./http-error-classes.ts";
import { HubHttpError, type HubHttpErrorInit } from "./hub-http-error.ts";
import { redactText, redactUrl } from "./redact.ts";

const INVALID_CREDENTIALS = "Invalid credentials in Authorization header";
const REPO_URL = /^\/(?:api\/(models|datasets|spaces)\/([^/]+(?:\/[^/]+)?)|(?:(datasets|spaces)\/)?([^/]+\/[^/]+|[^/]+)\/resolve\/)/;
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
): Promise<HubHttpError> {
  const headers = response.headers;
  const body = await readBody(response);
  const init: HubHttpErrorInit = {
    status: response.status,
    method: method.toUpperCase(),
    url: redactUrl(url),
    requestId: headers.get("x-request-id") ?? headers.get("x-amzn-trace-id") ?? headers.get("x-amz-cf-id") ?? undefined,
    errorCode: headers.get("x-error-code") ?? undefined,
    serverMessage: clean(serverMessage(headers.get("x-error-message"), body), accessToken),
  };
  return errorForCode(init) ?? errorForStatus(init, headers.get("x-error-message"));
}

function errorForCode(init: HubHttpErrorInit): HubHttpError | undefined {
  switch (init.errorCode) {
    case "RevisionNotFound":
      return new RevisionNotFoundError(init);
    case "EntryNotFound":
      return new EntryNotFoundError(init);
    case "GatedRepo":
      return new GatedRepoError({ ...init, headline: repoHeadline(GatedRepoError.title, init) });
    case "RepoNotFound":
      return new RepositoryNotFoundError({ ...init, headline: repoHeadline(RepositoryNotFoundError.title, init) });
    default:
      return undefined;
  }
}

function errorForStatus(init: HubHttpErrorInit, headerMessage: string | null): HubHttpError {
  if (init.status === 401 && headerMessage !== INVALID_CREDENTIALS && repoIdFromUrl(init.url) !== undefined) {
    return new RepositoryNotFoundError({ ...init, headline: repoHeadline(RepositoryNotFoundError.title, init) });
  }
  if (init.status === 400) return new BadRequestError(init);
  if (init.status === 409 || init.status === 412) return new CommitConflictError(init);
  return new HubHttpError(init);
}

function repoHeadline(title: string | undefined, init: HubHttpErrorInit): string | undefined {
  const repoId = repoIdFromUrl(init.url);
  return repoId ? `${title}: ${repoId}` : undefined;
}

/** The repo id of a repo API or resolve URL, `undefined` for other URLs. */
function repoIdFromUrl(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const match = REPO_URL.exec(pathname);
  if (!match) return undefined;
  const repoId = match[2] ?? match[4];
  return repoId === undefined ? undefined : decodeURIComponent(repoId);
}

async function readBody(response: Response): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function serverMessage(headerMessage: string | null, body: unknown): string | undefined {
  const parts: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string" && value.trim() && !parts.includes(value.trim())) parts.push(value.trim());
  };
  add(headerMessage);
  if (typeof body === "string") add(body);
  else if (typeof body === "object" && body !== null) {
    const record = body as Record<string, unknown>;
    for (const value of Array.isArray(record.error) ? record.error : [record.error]) add(value);
    if (Array.isArray(record.errors)) for (const item of record.errors) add((item as { message?: unknown })?.message);
    add(record.message);
    add(record.error_description);
  }
  return parts.length > 0 ? parts.join(" ") : undefined;
}

function clean(message: string | undefined, accessToken: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  let cleaned = redactText(message.replace(/\s+/g, " "));
  if (accessToken) cleaned = cleaned.split(accessToken).join("REDACTED");
  return cleaned.length > MAX_MESSAGE_LENGTH ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH)}...` : cleaned;
}
