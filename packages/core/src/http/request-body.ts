import type { HubRequest } from "./hub-request-types.ts";
import { ndjsonStream } from "./ndjson.ts";

/** A body ready to send, and whether sending it again is possible. */
export interface PreparedBody {
  body: BodyInit | undefined;
  contentType: string | undefined;
  /** A stream can be read once only: such requests are never retried. */
  streamed: boolean;
}

/** Turns `json`, `ndjson` or `body` into a fetch body; call once per attempt. */
export function prepareBody(request: Pick<HubRequest, "json" | "ndjson" | "body">): PreparedBody {
  if (request.ndjson !== undefined) {
    return { body: ndjsonStream(request.ndjson), contentType: "application/x-ndjson", streamed: true };
  }
  if (request.json !== undefined) {
    return { body: JSON.stringify(request.json), contentType: "application/json", streamed: false };
  }
  const body = request.body ?? undefined;
  return { body, contentType: undefined, streamed: typeof ReadableStream !== "undefined" && body instanceof ReadableStream };
}
