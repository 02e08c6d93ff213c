import { HubError } from "@hub/core";

/**
 * A file or snapshot is not in the local cache and the Hub may not be asked: offline mode
 * (`HF_HUB_OFFLINE=1` or `offline: true`). Named as in the Python client.
 */
export class LocalEntryNotFoundError extends HubError {
  override name = "LocalEntryNotFoundError";
}
