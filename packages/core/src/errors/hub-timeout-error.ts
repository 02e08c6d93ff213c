import { HubError } from "./hub-error.ts";

/** An API call got no complete answer within `timeout` ms, or a transfer stalled for its stall timeout. */
export class HubTimeoutError extends HubError {
  override name = "HubTimeoutError";
  /** The timeout that elapsed, in milliseconds. */
  readonly timeout: number;

  constructor(message: string, timeout: number) {
    super(message);
    this.timeout = timeout;
  }
}
