import { HubError, HubNetworkError, HubTimeoutError } from "@hub/core";

/** Receives the body in batches of about `batchBytes`; the returned promise is the batch's write. */
export type BatchSink = (chunks: Uint8Array[], bytes: number) => Promise<void>;

/**
 * Reads a response body in batches of at least `batchBytes` (the last one may be smaller) and hands
 * each to `sink`, one write in flight while the next batch is received. Fails with `HubTimeoutError`
 * when no data comes for `stallTimeout` ms while we wait for it (a slow sink is not a stall), and
 * with `HubNetworkError` (naming `url`) when the connection breaks. On any failure the batch received
 * so far is still handed to the sink before the promise rejects, so a partial file keeps everything
 * that arrived.
 */
export async function readBatches(response: Response, url: string, stallTimeout: number, batchBytes: number, sink: BatchSink): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  let batch: Uint8Array[] = [];
  let bytes = 0;
  // The write in flight never rejects: its failure is kept and thrown by the reader, so a write that
  // fails while the next batch is read is never an unhandled rejection.
  let writeFailure: { error: unknown } | undefined;
  const throwWriteFailure = () => {
    if (writeFailure) throw writeFailure.error;
  };
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const chunks = batch;
    const size = bytes;
    batch = [];
    bytes = 0;
    await writing;
    throwWriteFailure();
    writing = sink(chunks, size).catch((error: unknown) => {
      writeFailure ??= { error };
    });
  };
  let failed = false;
  // One timer for the whole body, pushed back by each chunk (a timer and a race per chunk cost more
  // than the chunk): when it fires, the body is cancelled and the pending read ends.
  let stalled: HubTimeoutError | undefined;
  let reading = false;
  const timer = setTimeout(() => {
    // A slow sink is not a stall: the clock counts only while a read is pending.
    if (!reading) return void timer.refresh();
    stalled = new HubTimeoutError(`Transfer stalled: no data for ${stallTimeout} ms`, stallTimeout);
    void reader.cancel(stalled).catch(() => undefined);
  }, stallTimeout);
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        timer.refresh();
        reading = true;
        next = await reader.read();
        reading = false;
        if (stalled) throw stalled;
      } catch (error) {
        // undici reports a broken body as a bare `TypeError: terminated`: it becomes ours.
        throw stalled ?? (error instanceof HubError ? error : new HubNetworkError("GET", url, error));
      }
      throwWriteFailure();
      if (next.done) break;
      batch.push(next.value);
      bytes += next.value.byteLength;
      if (bytes >= batchBytes) await flush();
    }
  } catch (error) {
    failed = true;
    void reader.cancel(error).catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    if (bytes > 0) await (failed ? flush().catch(() => undefined) : flush());
    await writing;
  }
  throwWriteFailure();
}
