import type { HubRequest } from "./hub-request-types.ts";
import { ndjsonBlob, ndjsonStream } from "./ndjson.ts";
import { isBrowser } from "./user-agent.ts";

/** A body ready to send, and whether sending it again is possible. */
export interface PreparedBody {
  body: BodyInit | undefined;
  contentType: string | undefined;
  /** A stream can be read once only: such requests are never retried. */
  streamed: boolean;
}

/**
 * Turns `json`, `ndjson` or `body` into a fetch body; call once per attempt. NDJSON is streamed,
 * except in browsers, which cannot stream request bodies over HTTP/1.1: there it is one Blob.
 */
export async function prepareBody(request: Pick<HubRequest, "json" | "ndjson" | "body">): Promise<PreparedBody> {
  if (request.ndjson !== undefined) {
    const body = isBrowser() ? await ndjsonBlob(request.ndjson) : ndjsonStream(request.ndjson);
    // Streamed either way for retries: the items can be iterated once only.
    return { body, contentType: "application/x-ndjson", streamed: true };
  }
  if (request.json !== undefined) {
    return { body: JSON.stringify(request.json), contentType: "application/json", streamed: false };
  }
  const body = request.body ?? undefined;
  return { body, contentType: undefined, streamed: typeof ReadableStream !== "undefined" && body instanceof ReadableStream };
}
