import { HubError, HubNetworkError } from "@hub/core";
import { downloadWatchdog } from "@hub/core/internal";

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
export async function readBatches(
  response: Response,
  url: string,
  stallTimeout: number,
  batchBytes: number,
  sink: BatchSink,
): Promise<void> {
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
  // Core's stall rule, one watchdog for the whole body: the clock runs only while a read is pending
  // (a slow sink is not a stall); when it runs out, the body is cancelled and the pending read ends.
  const watchdog = downloadWatchdog(stallTimeout);
  const cancelOnStall = () => void reader.cancel(watchdog.signal.reason).catch(() => undefined);
  watchdog.signal.addEventListener("abort", cancelOnStall, { once: true });
  const stalledError = () => (watchdog.signal.aborted ? (watchdog.signal.reason as Error) : undefined);
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        watchdog.touch();
        next = await reader.read();
        watchdog.pause();
        const stalled = stalledError();
        if (stalled) throw stalled;
      } catch (error) {
        // undici reports a broken body as a bare `TypeError: terminated`: it becomes ours.
        throw stalledError() ?? (error instanceof HubError ? error : new HubNetworkError("GET", url, error));
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
    watchdog.stop();
    watchdog.signal.removeEventListener("abort", cancelOnStall);
    if (bytes > 0) await (failed ? flush().catch(() => undefined) : flush());
    await writing;
  }
  throwWriteFailure();
}
