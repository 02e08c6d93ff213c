import {
  Conflict,
  EntryNotFound,
  Inconsistent,
  InvalidInput,
  NotFound,
  RevisionNotFound,
  StaleParent,
  StorageError,
  TooLarge,
} from "../storage/errors.ts";

/** Machine codes sent in `X-Error-Code`. */
export type HubErrorCode = "RepoNotFound" | "RevisionNotFound" | "EntryNotFound" | "GatedRepo";

/** An error answered as `{ "error": message }` with `X-Error-Code`/`X-Error-Message` headers. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: HubErrorCode | undefined;
  readonly extraBody: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    options: { code?: HubErrorCode; body?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = options.code;
    this.extraBody = options.body ?? {};
    this.headers = options.headers ?? {};
  }
}

/** Message of the 401 answered for an unknown token. */
export const INVALID_CREDENTIALS_MESSAGE = "Invalid credentials in Authorization header";

/** 400 Bad Request. */
export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** 401 when anonymous, 404 otherwise: the answer for missing and hidden repos alike. */
export function repoNotFound(repoId: string, anonymous: boolean, headers?: Record<string, string>): HttpError {
  return new HttpError(anonymous ? 401 : 404, `Repository not found: ${repoId}`, { code: "RepoNotFound", headers });
}

/** 404 RevisionNotFound. */
export function revisionNotFound(revision: string, headers?: Record<string, string>): HttpError {
  return new HttpError(404, `Invalid rev id: ${revision}`, { code: "RevisionNotFound", headers });
}

/** 404 EntryNotFound. */
export function entryNotFound(path: string, headers?: Record<string, string>): HttpError {
  return new HttpError(404, `Entry not found: ${path}`, { code: "EntryNotFound", headers });
}

/** 401 for a request that needs a token. */
export function unauthorized(message = "You must be authenticated to do this"): HttpError {
  return new HttpError(401, message);
}

/** 403 Forbidden. */
export function forbidden(message = "You don't have the rights to do this"): HttpError {
  return new HttpError(403, message);
}

/** The CDN refuses one GET of more than its limit (50 GB): a 400 that tells the client to ask for bounded ranges. */
export function tooLargeForOneGet(limit: number, length: number): HttpError {
  return new HttpError(
    400,
    `A single GET may not return more than ${limit} bytes (${length} requested): ask for bounded ranges (Range: bytes=start-end)`,
  );
}

/**
 * The HTTP answer to a storage error: the one place that gives storage's refusals a status and a
 * Hub error code. Anything else passes through unchanged (`errorResponse` answers it with a logged 500).
 */
export function toHttpError(error: unknown): unknown {
  if (!(error instanceof StorageError)) return error;
  const options = { body: error.details };
  if (error instanceof RevisionNotFound) return new HttpError(404, error.message, { ...options, code: "RevisionNotFound" });
  if (error instanceof EntryNotFound) return new HttpError(404, error.message, { ...options, code: "EntryNotFound" });
  if (error instanceof NotFound) return new HttpError(404, error.message, options);
  if (error instanceof InvalidInput) return new HttpError(400, error.message, options);
  if (error instanceof TooLarge) return new HttpError(413, error.message, options);
  if (error instanceof Conflict) return new HttpError(409, error.message, options);
  if (error instanceof StaleParent) return new HttpError(412, error.message, options);
  if (error instanceof Inconsistent) return new HttpError(500, error.message, options);
  return error;
}
