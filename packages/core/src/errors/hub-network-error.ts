import { HubError } from "./hub-error.ts";
import { safeCause } from "./safe-cause.ts";

/** The request never got an HTTP response (DNS, refused or reset connection...). */
export class HubNetworkError extends HubError {
  override name = "HubNetworkError";
  /** The system error code when the runtime gives one (`ECONNREFUSED`, `ECONNRESET`...). */
  declare readonly code: string | undefined;
  /** HTTP method, upper case. */
  declare readonly method: string;
  /** Target URL, redacted of credentials. */
  declare readonly url: string;

  constructor(method: string, url: string, error: unknown) {
    const cause = safeCause(error);
    super(`Network error: ${cause?.message ?? "request failed"} (${method} ${url})`, { cause });
    Object.assign(this, { code: cause?.code, method, url });
  }

  /** A JSON form without the cause chain. */
  toJSON(): Record<string, unknown> {
    const { name, message, code, method, url } = this;
    return { name, message, code, method, url };
  }
}
