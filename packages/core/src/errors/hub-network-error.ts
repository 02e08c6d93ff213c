import { HubError } from "./hub-error.ts";
import { safeCause } from "./safe-cause.ts";

/** The request never got an HTTP response (DNS, refused or reset connection...). */
export class HubNetworkError extends HubError {
  override name = "HubNetworkError";
  /** The system error code when the runtime gives one (`ECONNREFUSED`, `ECONNRESET`...). */
  readonly code: string | undefined;
  /** HTTP method, upper case. */
  readonly method: string;
  /** Target URL, redacted of credentials. */
  readonly url: string;

  constructor(method: string, url: string, error: unknown) {
    const cause = safeCause(error);
    const code = cause?.code;
    super(`Network error: ${cause?.message ?? "request failed"} (${method} ${url})`, { cause });
    this.code = code;
    this.method = method;
    this.url = url;
  }

  /** A JSON form without the cause chain. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, method: this.method, url: this.url };
  }
}
