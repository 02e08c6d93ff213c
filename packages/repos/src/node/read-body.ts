import type { IncomingMessage } from "node:http";
import { HubTimeoutError } from "@hub/core";
import { rawBody, responseChunks } from "./node-fetch.ts";
import { withStall } from "./stall.ts";

/** Receives the body in batches of about `batchBytes`; the returned promise is the batch's write. */
export type BatchSink = (chunks: Uint8Array[], bytes: number) => Promise<void>;

/** The error of a transfer that received nothing for `milliseconds`. */
export function stallError(milliseconds: number): HubTimeoutError {
  return new HubTimeoutError(`Transfer stalled: no data for ${milliseconds} ms`, milliseconds);
}

/**
 * Reads a response body in batches of at least `batchBytes` (the last one may be smaller) and hands
 * each to `sink`, one write in flight while the next batch is received. Fails with `HubTimeoutError`
 * when no data comes for `stallTimeout` ms while we wait for it (a slow sink is not a stall). On any
 * failure the batch received so far is still handed to the sink before the promise rejects, so a
 * partial file keeps everything that arrived.
 */
export function readBatches(response: Response, stallTimeout: number, batchBytes: number, sink: BatchSink): Promise<void> {
  const incoming = rawBody(response);
  return incoming ? readSocketBatches(incoming, stallTimeout, batchBytes, sink) : readStreamBatches(response, stallTimeout, batchBytes, sink);
}

/** A `node:http` body: `data` events with pause/resume and one re-armed timer, no promise per chunk. */
export function readSocketBatches(incoming: IncomingMessage, stallTimeout: number, batchBytes: number, sink: BatchSink): Promise<void> {
  return new Promise((resolve, reject) => {
    let batch: Uint8Array[] = [];
    let bytes = 0;
    let writing: Promise<void> = Promise.resolve();
    let queued = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => fail(stallError(stallTimeout)), stallTimeout);
    const startWrite = () => {
      const chunks = batch;
      const size = bytes;
      batch = [];
      bytes = 0;
      queued++;
      writing = writing.then(() => sink(chunks, size)).finally(() => queued--);
      writing.catch(fail);
    };
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      incoming.off("data", onData);
      if (error !== undefined) incoming.destroy();
      if (bytes > 0) startWrite();
      writing.then(
        () => (error === undefined ? resolve() : reject(error)),
        (writeError: unknown) => reject(error ?? writeError),
      );
    };
    const fail = (error: unknown) => finish(error ?? new Error("The body failed"));
    const onData = (chunk: Buffer) => {
      timer?.refresh();
      batch.push(chunk);
      bytes += chunk.byteLength;
      if (bytes < batchBytes) return;
      startWrite();
      if (queued > 1) {
        // The previous batch is still being written: stop reading (not a stall) until it is.
        incoming.pause();
        clearTimeout(timer);
        timer = undefined;
        writing.then(() => {
          if (settled) return;
          timer = setTimeout(() => fail(stallError(stallTimeout)), stallTimeout);
          incoming.resume();
        }, () => undefined);
      }
    };
    incoming.on("data", onData);
    incoming.once("end", () => finish());
    incoming.once("error", fail);
    incoming.once("close", () => {
      if (!incoming.complete) fail(new Error("The connection closed before the end of the body"));
    });
  });
}

/** Any other body (a `fetch` given by the caller): its web stream, chunk by chunk. */
async function readStreamBatches(response: Response, stallTimeout: number, batchBytes: number, sink: BatchSink): Promise<void> {
  let batch: Uint8Array[] = [];
  let bytes = 0;
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const chunks = batch;
    const size = bytes;
    batch = [];
    bytes = 0;
    await writing;
    writing = sink(chunks, size);
  };
  let failed = false;
  try {
    for await (const chunk of withStall(responseChunks(response), stallTimeout)) {
      batch.push(chunk);
      bytes += chunk.byteLength;
      if (bytes >= batchBytes) await flush();
    }
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (bytes > 0) await (failed ? flush().catch(() => undefined) : flush());
    await (failed ? writing.catch(() => undefined) : writing);
  }
}
