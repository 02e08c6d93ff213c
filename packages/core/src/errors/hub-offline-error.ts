import { HubError } from "./hub-error.ts";

/** Offline mode is on (`HF_HUB_OFFLINE`): no request is sent. Python's `OfflineModeIsEnabled`. */
export class HubOfflineError extends HubError {
  override name = "HubOfflineError";
  /** HTTP method of the request that was not sent. */
  declare readonly method: string;
  /** Its URL, redacted. */
  declare readonly url: string;

  constructor(method: string, url: string) {
    super(`Offline mode is on (HF_HUB_OFFLINE): ${method} ${url} was not sent. Unset HF_HUB_OFFLINE to reach the Hub.`);
    Object.assign(this, { method, url });
  }
}
