import { HubError } from "./hub-error.ts";

/** What an HTTP error is built from; `url` must already be redacted. */
export interface HubHttpErrorInit {
  status: number;
  method: string;
  url: string;
  requestId?: string | undefined;
  errorCode?: string | undefined;
  serverMessage?: string | undefined;
  /** First part of the message; defaults to a text derived from the class and server message. */
  headline?: string | undefined;
}

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** The Hub answered with a non-2xx status. Never holds request headers or the token. */
export class HubHttpError extends HubError {
  override name = "HubHttpError";
  /** HTTP status code. */
  readonly status: number;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Request URL, redacted of credentials and token-like query values. */
  readonly url: string;
  /** `X-Request-Id` (or a CDN trace id) to quote when reporting a problem. */
  readonly requestId: string | undefined;
  /** Machine code from `X-Error-Code` (`RepoNotFound`, `RevisionNotFound`, `EntryNotFound`, `GatedRepo`...). */
  readonly errorCode: string | undefined;
  /** Human message from the server (`X-Error-Message` and the body's `error`/`errors`). */
  readonly serverMessage: string | undefined;

  /** Start of the message for this class; the server message follows it. */
  static title: string | undefined;

  constructor(init: HubHttpErrorInit) {
    super(formatMessage(init.headline ?? defaultHeadline((new.target as typeof HubHttpError).title, init), init));
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.requestId = init.requestId;
    this.errorCode = init.errorCode;
    this.serverMessage = init.serverMessage;
  }

  /** True for statuses worth retrying (408, 429, 500, 502, 503, 504). */
  get isRetryable(): boolean {
    return RETRYABLE_STATUSES.has(this.status);
  }

  /** A plain JSON form (no headers, no token). */
  toJSON(): Record<string, unknown> {
    const { name, message, status, method, url, requestId, errorCode, serverMessage, isRetryable } = this;
    return { name, message, status, method, url, requestId, errorCode, serverMessage, isRetryable };
  }
}

function defaultHeadline(title: string | undefined, init: HubHttpErrorInit): string {
  if (!title) return init.serverMessage ?? `HTTP ${init.status}`;
  return init.serverMessage ? `${title}: ${init.serverMessage}` : title;
}

function formatMessage(headline: string, init: HubHttpErrorInit): string {
  const code = init.errorCode ? ` ${init.errorCode}` : "";
  const request = init.requestId ? `, request ${init.requestId}` : "";
  return `${headline} (${init.status}${code}, ${init.method} ${pathOf(init.url)}${request})`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
