import { HubHttpError, HubNetworkError, type HubOptions, HubTimeoutError, hubRequest, redactUrl } from "@hub/core";
import { backoffDelay, isBrowser, type RetrySettings, sleep, StallWatchdog } from "@hub/core/internal";
import { type ByteSource, readBytes } from "./byte-source.ts";

/** Default stall timeout of upload PUTs: no byte taken and no answer for this long fails the attempt (milliseconds). */
export const DEFAULT_STALL_TIMEOUT = 30_000;

/** Where and how to send a range of a source. */
export interface RangePut {
  url: string;
  source: ByteSource;
  start: number;
  end: number;
  /** Bytes sent (negative to roll back a failed attempt). */
  onBytes: (delta: number) => void;
  /** Milliseconds without progress (body bytes taken, then the answer) before the attempt fails; `false` for none. */
  stallTimeout?: number | false;
  /** Default `"PUT"`; Xet xorbs are POSTed (content-addressed: repeating the request is harmless). */
  method?: "PUT" | "POST";
  /** Extra headers (e.g. a Xet CAS token): sent to `url` whatever its origin. */
  headers?: Record<string, string>;
}

/**
 * PUTs `[start, end)` of a source to a pre-signed upload URL with `transferOptions` (which carry no
 * token), retrying 408/429/5xx, network failures and stalls with backoff; every attempt streams a
 * fresh range with its `Content-Length` (ranges up to 256 KiB, and every range in browsers, which
 * cannot stream request bodies over HTTP/1.1, are sent whole). An attempt whose body stops moving, or whose answer does not come, for `stallTimeout`
 * ms fails with a `HubTimeoutError` (not in browsers, where the body's progress cannot be observed).
 * @throws {HubHttpError} once the attempts are used up, or at once for other statuses; {HubTimeoutError} when every attempt stalled.
 */
export async function putWithRetry(transferOptions: HubOptions, settings: RetrySettings, put: RangePut): Promise<Response> {
  const stallTimeout = put.stallTimeout ?? DEFAULT_STALL_TIMEOUT;
  for (let attempt = 1; ; attempt++) {
    let sent = 0;
    const stall = new StallWatchdog(
      stallTimeout,
      () => `Upload stalled: no progress for ${stallTimeout} ms (${put.method ?? "PUT"} ${redactUrl(put.url)})`,
    );
    const onBytes = (delta: number) => {
      sent += delta;
      stall.touch();
      put.onBytes(delta);
    };
    let dispose: (() => Promise<void>) | undefined;
    try {
      const prepared = await rangeBody(put, onBytes);
      dispose = prepared.dispose;
      const body = prepared.body;
      // Browsers get a Blob whose progress cannot be seen: no stall detection there. Elsewhere a whole
      // (small) body has no progress either: its timer runs from here to the answer.
      if (!isBrowser()) stall.touch();
      const response = await hubRequest(
        { ...transferOptions, retry: false },
        {
          method: put.method ?? "PUT",
          url: put.url,
          body,
          headers: { ...put.headers, "content-length": String(put.end - put.start), "content-type": "application/octet-stream" },
          responseType: "response",
          signal: stall.signal,
        },
      );
      stall.stop();
      await finishBody(response);
      if (sent === 0) put.onBytes(put.end - put.start);
      return response;
    } catch (error) {
      stall.stop();
      // fetch does not always cancel a request body it gave up on: the source (an open file) is closed here.
      await dispose?.();
      if (sent !== 0) put.onBytes(-sent);
      if (transferOptions.signal?.aborted || attempt >= settings.attempts || !isRetryableTransferError(error)) throw error;
      await sleep(backoffDelay(attempt, settings), transferOptions.signal);
    }
  }
}

/** Bodies up to this size are sent whole (bytes or a Blob): a stream costs more than it saves there. */
export const WHOLE_BODY_MAX_BYTES = 256 * 1024;

/** The body of one attempt, and how to release its source if the attempt fails before reading it all. */
async function rangeBody(put: RangePut, onBytes: (delta: number) => void): Promise<{ body: BodyInit; dispose?: () => Promise<void> }> {
  const { source, start, end } = put;
  if (isBrowser() || end - start <= WHOLE_BODY_MAX_BYTES) {
    // Per-PUT progress only here: the body is handed to fetch whole.
    if (source.bytes) return { body: source.bytes.subarray(start, end) as Uint8Array<ArrayBuffer> };
    if (source.slice) return { body: source.slice(start, end) };
    return {
      body: source.readRange
        ? ((await readBytes(source, start, end)) as Uint8Array<ArrayBuffer>)
        : await new Response(source.read(start, end)).blob(),
    };
  }
  return countedBody(source.read(start, end), onBytes);
}

/** A stream of `source` that counts what is taken, with our own reader on `source` so that it can always be cancelled. */
function countedBody(
  source: ReadableStream<Uint8Array>,
  onBytes: (delta: number) => void,
): { body: ReadableStream<Uint8Array>; dispose: () => Promise<void> } {
  const reader = source.getReader();
  let done = false;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await reader.read();
        if (next.done) {
          done = true;
          controller.close();
          return;
        }
        controller.enqueue(next.value);
        onBytes(next.value.byteLength);
      },
      cancel(reason) {
        done = true;
        return reader.cancel(reason);
      },
      // Nothing is read before fetch asks: progress counts what was taken.
    },
    { highWaterMark: 0 },
  );
  return {
    body,
    dispose: async () => {
      if (done) return;
      done = true;
      await reader.cancel().catch(() => undefined);
    },
  };
}

function isRetryableTransferError(error: unknown): boolean {
  if (error instanceof HubHttpError) return error.isRetryable;
  return error instanceof HubNetworkError || error instanceof HubTimeoutError;
}

/** Answers up to this size are read to their end rather than cancelled. */
const DRAIN_MAX_BYTES = 64 * 1024;

/**
 * Reads a small answer to its end, so that its connection goes back to the pool: cancelling a body
 * that has not fully arrived closes the connection, and the next request pays a new TLS handshake.
 * An answer without a length (chunked, often empty: storage's PUT answer) is read up to the same
 * bound; a bigger one is cancelled.
 */
export async function finishBody(response: Response): Promise<void> {
  const body = response.body;
  if (!body) return;
  const length = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(length)) {
    if (length <= DRAIN_MAX_BYTES) await response.arrayBuffer().catch(() => undefined);
    else await body.cancel().catch(() => undefined);
    return;
  }
  const reader = body.getReader();
  try {
    let read = 0;
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      read += next.value.byteLength;
      if (read > DRAIN_MAX_BYTES) {
        await reader.cancel().catch(() => undefined);
        return;
      }
    }
  } catch {
    // A body cut short: nothing to drain.
  }
}
