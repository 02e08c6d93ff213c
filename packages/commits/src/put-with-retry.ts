import {
  backoffDelay,
  HubHttpError,
  HubNetworkError,
  type HubOptions,
  HubTimeoutError,
  hubRequest,
  isBrowser,
  type RetrySettings,
  sleep,
} from "@hub/core";
import type { ByteSource } from "./byte-source.ts";
import { countingStream } from "./progress.ts";

/** Where and how to send a range of a source. */
export interface RangePut {
  url: string;
  source: ByteSource;
  start: number;
  end: number;
  /** Bytes sent (negative to roll back a failed attempt). */
  onBytes: (delta: number) => void;
}

/**
 * PUTs `[start, end)` of a source to a pre-signed upload URL with `transferOptions` (which carry no
 * token), retrying 408/429/5xx and network failures with backoff; every attempt streams a fresh
 * range with its `Content-Length` (browsers get a Blob: they cannot stream request bodies over HTTP/1.1).
 * @throws {HubHttpError} once the attempts are used up, or at once for other statuses.
 */
export async function putWithRetry(transferOptions: HubOptions, settings: RetrySettings, put: RangePut): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const onBytes = (delta: number) => {
      sent += delta;
      put.onBytes(delta);
    };
    try {
      const body = await rangeBody(put, onBytes);
      const response = await hubRequest({ ...transferOptions, retry: false }, {
        method: "PUT",
        url: put.url,
        body,
        headers: { "content-length": String(put.end - put.start), "content-type": "application/octet-stream" },
        responseType: "response",
      });
      await response.body?.cancel().catch(() => undefined);
      if (sent === 0) onBytes(put.end - put.start);
      return response;
    } catch (error) {
      if (sent !== 0) put.onBytes(-sent);
      if (attempt >= settings.attempts || !isRetryableTransferError(error)) throw error;
      await sleep(backoffDelay(attempt, settings), transferOptions.signal);
    }
  }
}

async function rangeBody(put: RangePut, onBytes: (delta: number) => void): Promise<BodyInit> {
  if (isBrowser()) {
    // Per-part progress only here: the Blob is handed to fetch whole.
    return put.source.slice ? put.source.slice(put.start, put.end) : new Response(put.source.read(put.start, put.end)).blob();
  }
  return put.source.read(put.start, put.end).pipeThrough(countingStream(onBytes));
}

function isRetryableTransferError(error: unknown): boolean {
  if (error instanceof HubHttpError) return error.isRetryable;
  return error instanceof HubNetworkError || error instanceof HubTimeoutError;
}
