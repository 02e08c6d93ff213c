import { DEFAULT_RETRY } from "../options.ts";
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
  /** Sentences added after the status part (e.g. the range of a 416, the limit of a 429). */
  detail?: string | undefined;
}

/** The Hub answered with a non-2xx status. Never holds request headers or the token. */
export class HubHttpError extends HubError {
  override name = "HubHttpError";
  /** HTTP status code. */
  declare readonly status: number;
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** Request URL, redacted of credentials and token-like query values. */
  declare readonly url: string;
  /** `X-Request-Id` (or a CDN trace id) to quote when reporting a problem. */
  declare readonly requestId: string | undefined;
  /** Machine code from `X-Error-Code` (`RepoNotFound`, `RevisionNotFound`, `EntryNotFound`, `GatedRepo`...). */
  declare readonly errorCode: string | undefined;
  /** Human message from the server (`X-Error-Message` and the body's `error`/`errors`). */
  declare readonly serverMessage: string | undefined;
  /** Start of the message for this class; the server message follows it. */
  static title: string | undefined;

  constructor({ status, method, url, requestId, errorCode, serverMessage, headline, detail }: HubHttpErrorInit) {
    const title = (new.target as typeof HubHttpError).title;
    // A server message that already opens with the title ("Entry not found: x") is not prefixed twice.
    const prefixed = serverMessage !== undefined && title !== undefined && serverMessage.toLowerCase().startsWith(title.toLowerCase());
    headline ??= title
      ? serverMessage
        ? prefixed
          ? serverMessage
          : `${title}: ${serverMessage}`
        : title
      : (serverMessage ?? `HTTP ${status}`);
    super(
      `${headline} (${status}${errorCode ? ` ${errorCode}` : ""}, ${method} ${pathOf(url)}${requestId ? `, request ${requestId}` : ""})${detail ? ` ${detail}` : ""}`,
    );
    Object.assign(this, { status, method, url, requestId, errorCode, serverMessage });
  }

  /** True for statuses worth retrying (408, 429, 500, 502, 503, 504). */
  get isRetryable(): boolean {
    return DEFAULT_RETRY.statuses.includes(this.status);
  }

  /** A plain JSON form (no headers, no token). */
  toJSON(): Record<string, unknown> {
    const { name, message, status, method, url, requestId, errorCode, serverMessage, isRetryable } = this;
    return { name, message, status, method, url, requestId, errorCode, serverMessage, isRetryable };
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
